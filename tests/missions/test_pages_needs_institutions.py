"""The host institutions' pages: the officer registers one (which verifies it), with
the users who act for it, and edits it; the auditor reads them; a host reads its own."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from accounts.roles import Role
from missions import access
from missions.models import HostInstitution
from registry.models import Prefecture, Region
from tests.missions.builders import host_of

pytestmark = pytest.mark.django_db

LIST = reverse("missions:institution_list")
NEW = reverse("missions:institution_create")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _host_user(username: str) -> User:
    made = User.objects.create_user(username=username, first_name="Yawa", last_name="Agbodjan")
    made.groups.add(Group.objects.get(name=Role.HOST_INSTITUTION.value))
    return made


def institution_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Lycée technique d'Adidogomé",
        "kind": "school",
        "region": Region.objects.get(code="grand-lome").pk,
        "prefecture": Prefecture.objects.get(code="golfe").pk,
        "city": "Lomé",
        "email": "direction@lycee.example.org",
        "phone": "+228 22 00 00 00",
    }
    data.update(changes)
    return data


def test_the_officer_registers_an_institution_with_its_users(client_for: Any, officer: Any) -> None:
    teacher = _host_user("lycee_adidogome")
    web = client_for(officer)
    form = web.get(NEW)
    assert form.status_code == 200
    assert "lycee_adidogome" in _text(form)

    response = web.post(NEW, institution_data(members=[teacher.pk]))

    institution = HostInstitution.objects.get(name="Lycée technique d'Adidogomé")
    assert response.status_code == 302
    assert response["Location"] == institution.get_absolute_url()
    assert institution.verified_at is not None and institution.verified_by == officer
    assert list(institution.members.all()) == [teacher]
    assert access.host_ids(User.objects.get(pk=teacher.pk)) == {institution.pk}
    page = web.get(response["Location"])
    assert "est enregistré" in _text(page)
    assert "Yawa Agbodjan" in _text(page) and "Inscription" in _text(page)


def test_the_form_shows_each_error_under_its_field(client_for: Any, officer: Any) -> None:
    response = client_for(officer).post(
        NEW,
        institution_data(
            name="Université de Lomé", prefecture=Prefecture.objects.get(code="kozah").pk
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "n'est pas dans la région" in errors["prefecture"][0]
    assert HostInstitution.objects.filter(name="Université de Lomé").count() == 1

    duplicate = client_for(officer).post(NEW, institution_data(name="Université de Lomé"))
    assert duplicate.status_code == 400
    assert "name" in duplicate.context["form"].errors


def test_the_officer_changes_the_users_of_an_institution(client_for: Any, officer: Any) -> None:
    university = host_of("univ_lome")
    newcomer = _host_user("univ_lome_2")
    edit = reverse("missions:institution_edit", args=[university.pk])
    web = client_for(officer)
    assert web.get(edit).status_code == 200
    data = institution_data(
        name=university.name,
        kind=university.kind,
        region=university.region_id,
        prefecture=university.prefecture_id,
        city=university.city,
        members=[m.pk for m in university.members.all()] + [newcomer.pk],
    )
    response = web.post(edit, data)
    assert response.status_code == 302
    assert newcomer in university.members.all()
    assert "Modification" in _text(web.get(university.get_absolute_url()))


def test_only_a_host_user_can_act_for_an_institution(client_for: Any, officer: Any) -> None:
    evaluator = User.objects.get(username="evaluator1")
    response = client_for(officer).post(NEW, institution_data(members=[evaluator.pk]))
    assert response.status_code == 400
    assert "members" in response.context["form"].errors


def test_the_auditor_reads_the_institutions_and_changes_none(client_for: Any, auditor: Any) -> None:
    web = client_for(auditor)
    listed = web.get(LIST)
    assert listed.status_code == 200
    assert "Université de Lomé" in _text(listed) and "CHR de Kara" in _text(listed)
    assert "Inscrire un établissement" not in _text(listed)
    university = host_of("univ_lome")
    detail = web.get(university.get_absolute_url())
    assert detail.status_code == 200
    assert "Algorithmique" in _text(detail)
    assert web.get(NEW).status_code == 403
    assert web.get(reverse("missions:institution_edit", args=[university.pk])).status_code == 403


def test_the_list_is_filtered_by_kind_and_searched(client_for: Any, officer: Any) -> None:
    web = client_for(officer)
    hospitals = _text(web.get(LIST, {"kind": "hospital"}))
    assert "CHR de Kara" in hospitals and "Université de Lomé" not in hospitals
    searched = _text(web.get(LIST, {"q": "lomé"}))
    assert "Université de Lomé" in searched and "CHR de Kara" not in searched


def test_a_host_reads_its_own_institution_only(client_for: Any, univ_lome: Any) -> None:
    web = client_for(univ_lome)
    listed = _text(web.get(LIST))
    assert "Université de Lomé" in listed and "CHR de Kara" not in listed
    assert web.get(host_of("univ_lome").get_absolute_url()).status_code == 200
    assert web.get(host_of("chr_kara").get_absolute_url()).status_code == 404
    assert web.get(NEW).status_code == 403


@pytest.mark.parametrize("persona", ["assoc_paris", "expert_paris", "focal_paris"])
def test_the_other_roles_are_told_the_institutions_are_not_theirs(
    cast: dict[str, Any], client_for: Any, persona: str
) -> None:
    response = client_for(cast["users"][persona]).get(LIST)
    assert response.status_code == 403
    assert "réservée aux chargés de programme" in _text(response)

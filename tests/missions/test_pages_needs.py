"""The needs' pages as each role uses them: the lists (the officer's with its filters,
the host's « Nos demandes », the expert's « Missions proposées », the focal point's),
the host's form with its errors, the need's page with its actions and history, and the
journey of a need from the host's draft to its publication, through the pages."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missions.choices import MissionStatus, NeedStatus
from missions.demo import MEDICAL_TITLE, TEACHING_TITLE
from missions.models import MissionNeed
from processes.forms import STALE_MESSAGE
from registry.models import CompetenceDomain, Prefecture, Region
from tests.missions.builders import host_of, make_mission, make_need

pytestmark = pytest.mark.django_db

LIST = reverse("missions:need_list")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def need_data(**changes: Any) -> dict[str, Any]:
    """What a host types in the need's form: a teaching need at the university."""
    start = timezone.localdate() + timedelta(days=60)
    region = Region.objects.get(code="grand-lome")
    data: dict[str, Any] = {
        "title": "Réseaux et systèmes (licence 3)",
        "kind": "teaching",
        "discipline": "Informatique",
        "domains": [CompetenceDomain.objects.get(code="ict").pk],
        "description": "Cours et travaux pratiques de réseaux.",
        "place": "Campus nord",
        "region": region.pk,
        "prefecture": Prefecture.objects.get(code="golfe").pk,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=13)).isoformat(),
        "languages": ["fr", "en"],
        "volunteers": "2",
        "host_provides": ["lodging", "meals"],
        "ministry_covers": ["travel"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- The lists ------------------------------------------------------------------------


def test_the_officer_lists_every_need_and_narrows_them_with_the_filters(
    client_for: Any, officer: Any
) -> None:
    web = client_for(officer)
    page = web.get(LIST)
    assert page.status_code == 200
    assert "Demandes de mission" in _text(page)
    assert TEACHING_TITLE in _text(page) and MEDICAL_TITLE in _text(page)
    assert "Nouvelle demande" not in _text(page)

    medical = web.get(LIST, {"kind": "medical"})
    assert MEDICAL_TITLE in _text(medical) and TEACHING_TITLE not in _text(medical)
    searched = web.get(LIST, {"q": "algorithmique"})
    assert TEACHING_TITLE in _text(searched) and MEDICAL_TITLE not in _text(searched)
    kara = Region.objects.get(code="kara")
    by_region = web.get(LIST, {"region": kara.pk})
    assert MEDICAL_TITLE in _text(by_region) and TEACHING_TITLE not in _text(by_region)
    by_host = web.get(LIST, {"host": host_of("univ_lome").pk, "status": "published"})
    assert TEACHING_TITLE in _text(by_host) and MEDICAL_TITLE not in _text(by_host)
    nothing = web.get(LIST, {"status": "draft"})
    assert "Aucune demande ne correspond à ces critères." in _text(nothing)


def test_the_officers_list_runs_in_keyset_pages(client_for: Any, officer: Any) -> None:
    for n in range(26):
        make_need(NeedStatus.DRAFT, title=f"Besoin n° {n:02d}")
    web = client_for(officer)
    first = web.get(LIST)
    assert len(first.context["needs"]) == 25
    assert first.context["next_url"]
    second = web.get(LIST + first.context["next_url"])
    assert len(second.context["needs"]) == 3  # 28 needs: the two of the demo
    shown = {n.pk for n in first.context["needs"]} | {n.pk for n in second.context["needs"]}
    assert len(shown) == 28


def test_the_host_lists_its_own_needs_under_nos_demandes(client_for: Any, univ_lome: Any) -> None:
    page = client_for(univ_lome).get(LIST)
    assert page.status_code == 200
    shown = _text(page)
    assert "Nos demandes" in shown
    assert TEACHING_TITLE in shown and MEDICAL_TITLE not in shown
    assert reverse("missions:need_create") in shown
    assert "Nouvelle demande" in shown


def test_the_expert_reads_the_published_needs_matching_ones_first(
    client_for: Any, expert_paris: Any
) -> None:
    """Kodjovi Afanou holds `ict` and `teaching`: the university's need comes before a
    medical one starting sooner; drafts are not offered."""
    sooner = timezone.localdate() + timedelta(days=5)
    surgery = make_need(
        NeedStatus.PUBLISHED,
        host="chr_kara",
        kind="medical",
        domains=("medicine",),
        starts_on=sooner,
        title="Chirurgie pédiatrique",
    )
    draft = make_need(NeedStatus.DRAFT, title="Brouillon de l'université")
    page = client_for(expert_paris).get(LIST)
    assert page.status_code == 200
    shown = _text(page)
    assert "Missions proposées" in shown
    assert shown.index(TEACHING_TITLE) < shown.index(surgery.title)
    assert draft.title not in shown
    assert MEDICAL_TITLE not in shown  # staffed: no longer offered
    assert "correspond à votre profil" in shown
    assert "Nouvelle demande" not in shown


def test_the_focal_point_lists_the_needs_of_its_experts_missions(
    client_for: Any, focal_paris: Any
) -> None:
    web = client_for(focal_paris)
    assert TEACHING_TITLE not in _text(web.get(LIST))
    mission = make_mission(MissionStatus.APPLIED, expert_user="expert_paris")
    shown = _text(web.get(LIST))
    assert mission.need.title in shown
    assert MEDICAL_TITLE not in shown  # a Brussels expert's mission


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "finance"])
def test_the_roles_with_no_part_in_the_missions_are_told_so(
    cast: dict[str, Any], client_for: Any, persona: str
) -> None:
    page = client_for(cast["users"][persona]).get(LIST)
    assert page.status_code == 403
    assert "Les missions de volontariat sont réservées" in _text(page)


def test_the_auditor_reads_every_need_and_creates_none(client_for: Any, auditor: Any) -> None:
    page = client_for(auditor).get(LIST)
    assert page.status_code == 200
    assert TEACHING_TITLE in _text(page) and MEDICAL_TITLE in _text(page)
    assert "Nouvelle demande" not in _text(page)
    assert client_for(auditor).get(reverse("missions:need_create")).status_code == 403


# --- The form -------------------------------------------------------------------------


def test_the_host_writes_a_draft_need_with_every_field(client_for: Any, univ_lome: Any) -> None:
    web = client_for(univ_lome)
    form = web.get(reverse("missions:need_create"))
    assert form.status_code == 200
    assert "Nouvelle demande de mission" in _text(form)

    response = web.post(reverse("missions:need_create"), need_data())

    need = MissionNeed.objects.get(title="Réseaux et systèmes (licence 3)")
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert (need.status, need.host, need.created_by) == (
        NeedStatus.DRAFT,
        host_of("univ_lome"),
        univ_lome,
    )
    assert [d.code for d in need.domains.all()] == ["ict"]
    assert (need.languages, need.volunteers) == (["fr", "en"], 2)
    assert (need.host_provides, need.ministry_covers) == (["lodging", "meals"], ["travel"])
    assert "enregistrée comme brouillon" in _text(web.get(response["Location"]))


def test_the_form_shows_each_error_under_its_field_and_saves_nothing(
    client_for: Any, univ_lome: Any
) -> None:
    kara = Prefecture.objects.get(code="kozah")
    response = client_for(univ_lome).post(
        reverse("missions:need_create"),
        need_data(title="", domains=[], prefecture=kara.pk, volunteers="0"),
    )
    assert response.status_code == 400
    assert not MissionNeed.objects.filter(host__name="Université de Lomé", status="draft").exists()
    form = response.context["form"]
    assert form.errors["title"] == ["Ce champ est obligatoire."]
    assert "domains" in form.errors
    assert "n'est pas dans la région" in form.errors["prefecture"][0]
    assert "volunteers" in form.errors
    shown = _text(response)
    assert "Le formulaire contient des erreurs" in shown
    assert 'id="id_title_error"' in shown


def test_a_need_that_ends_before_it_starts_is_refused_on_its_end(
    client_for: Any, univ_lome: Any
) -> None:
    start = timezone.localdate() + timedelta(days=60)
    response = client_for(univ_lome).post(
        reverse("missions:need_create"),
        need_data(starts_on=start.isoformat(), ends_on=(start - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == ["La fin ne peut pas précéder le début."]


@pytest.mark.parametrize("persona", ["officer", "expert_paris", "focal_paris"])
def test_only_a_host_opens_the_form(cast: dict[str, Any], client_for: Any, persona: str) -> None:
    page = client_for(cast["users"][persona]).get(reverse("missions:need_create"))
    assert page.status_code == 403
    assert "Seul un établissement d'accueil vérifié dépose une demande." in _text(page)


def test_the_host_edits_its_draft_and_only_its_draft(
    client_for: Any, univ_lome: Any, chr_kara: Any
) -> None:
    draft = make_need(NeedStatus.DRAFT)
    web = client_for(univ_lome)
    edit = reverse("missions:need_edit", args=[draft.pk])
    assert web.get(edit).status_code == 200
    response = web.post(edit, need_data(title="Titre revu"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Titre revu"

    assert client_for(chr_kara).get(edit).status_code == 404
    published = make_need(NeedStatus.PUBLISHED)
    refused = web.get(reverse("missions:need_edit", args=[published.pk]))
    assert refused.status_code == 403
    assert "ne se modifie qu'à l'état de brouillon" in _text(refused)


def test_an_edit_sent_after_the_need_was_submitted_saves_nothing_and_says_why(
    client_for: Any, univ_lome: Any
) -> None:
    draft = make_need(NeedStatus.DRAFT)
    web = client_for(univ_lome)
    edit = reverse("missions:need_edit", args=[draft.pk])
    web.get(edit)
    web.post(reverse("missions:need_transition", args=[draft.pk, "submit"]), {})
    response = web.post(edit, need_data(title="Trop tard"), follow=True)
    draft.refresh_from_db()
    assert draft.title != "Trop tard"
    assert "Entre-temps, quelqu'un d'autre a fait avancer" in _text(response)


# --- The need's page ------------------------------------------------------------------


def test_the_host_reads_its_draft_with_its_actions(client_for: Any, univ_lome: Any) -> None:
    draft = make_need(NeedStatus.DRAFT)
    page = client_for(univ_lome).get(draft.get_absolute_url())
    assert page.status_code == 200
    shown = _text(page)
    assert draft.title in shown and "Brouillon" in shown
    assert "Compléter le brouillon" in shown
    names = [action.name for action in page.context["actions"]]
    assert names == ["submit", "cancel"]
    assert "Création du brouillon" in shown  # its history


def test_the_officer_publishes_or_sends_back_a_submitted_need(
    client_for: Any, officer: Any
) -> None:
    need = make_need(NeedStatus.SUBMITTED)
    page = client_for(officer).get(need.get_absolute_url())
    assert [a.name for a in page.context["actions"]] == ["send_back", "publish", "cancel"]
    assert "Compléter le brouillon" not in _text(page)


def test_a_verified_expert_is_offered_to_apply_to_a_published_need(
    client_for: Any, expert_paris: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    page = client_for(expert_paris).get(need.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_apply"]
    assert reverse("missions:need_apply", args=[need.pk]) in _text(page)
    assert page.context["actions"] == []


def test_the_expert_reads_its_own_candidacy_on_the_need(client_for: Any, expert_paris: Any) -> None:
    mission = make_mission(MissionStatus.SHORTLISTED, expert_user="expert_paris")
    page = client_for(expert_paris).get(mission.need.get_absolute_url())
    shown = _text(page)
    assert "Votre candidature" in shown and "Présélectionnée" in shown
    assert mission.get_absolute_url() in shown
    assert not page.context["can_apply"]


def test_the_host_and_the_officer_read_the_candidates_on_the_need(
    client_for: Any, univ_lome: Any, officer: Any
) -> None:
    mission = make_mission(MissionStatus.APPLIED, expert_user="expert_paris")
    for user in (univ_lome, officer):
        page = client_for(user).get(mission.need.get_absolute_url())
        shown = _text(page)
        assert "Candidats et missions" in shown
        assert "Kodjovi" in shown and mission.get_absolute_url() in shown
        assert reverse("missions:need_candidates", args=[mission.need.pk]) in shown


@pytest.mark.parametrize(
    ("persona", "code"),
    [("chr_kara", 404), ("expert_paris", 404), ("focal_paris", 404), ("auditor", 200)],
)
def test_a_draft_is_read_by_its_host_the_officers_and_the_auditors_only(
    cast: dict[str, Any], client_for: Any, persona: str, code: int
) -> None:
    draft = make_need(NeedStatus.DRAFT)
    page = client_for(cast["users"][persona]).get(draft.get_absolute_url())
    assert page.status_code == code
    if code == 200:
        assert page.context["actions"] == [] and page.context["nothing_to_do"]


def test_a_cancellation_without_its_reason_shows_the_page_again(
    client_for: Any, univ_lome: Any
) -> None:
    draft = make_need(NeedStatus.DRAFT)
    response = client_for(univ_lome).post(
        reverse("missions:need_transition", args=[draft.pk, "cancel"]),
        {"expected_state": "draft", "comment": ""},
    )
    assert response.status_code == 400
    assert "Indiquez le motif de l'annulation." in _text(response)
    draft.refresh_from_db()
    assert draft.status == NeedStatus.DRAFT


def test_a_transition_sent_from_a_stale_page_changes_nothing(client_for: Any, officer: Any) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(officer).post(
        reverse("missions:need_transition", args=[need.pk, "publish"]),
        {"expected_state": "submitted"},
        follow=True,
    )
    assert "Entre-temps, quelqu'un d'autre a fait avancer" in _text(response)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED


@pytest.mark.parametrize("name", ["staff", "reopen", "nonsense"])
def test_the_transitions_no_page_offers_are_not_found(
    client_for: Any, officer: Any, name: str
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    response = client_for(officer).post(
        reverse("missions:need_transition", args=[need.pk, name]), {}
    )
    assert response.status_code == 404


def test_the_host_may_not_publish_its_own_need(client_for: Any, univ_lome: Any) -> None:
    need = make_need(NeedStatus.SUBMITTED)
    response = client_for(univ_lome).post(
        reverse("missions:need_transition", args=[need.pk, "publish"]),
        {"expected_state": "submitted"},
    )
    assert response.status_code == 403
    assert "Seul un chargé de programme peut faire cela." in _text(response)


def test_a_need_goes_from_the_hosts_draft_to_its_publication_through_the_pages(
    client_for: Any, univ_lome: Any, officer: Any, expert_paris: Any
) -> None:
    host, ministry = client_for(univ_lome), client_for(officer)
    created = host.post(reverse("missions:need_create"), need_data())
    need = MissionNeed.objects.get(title="Réseaux et systèmes (licence 3)")
    assert created["Location"] == need.get_absolute_url()

    submitted = host.post(
        reverse("missions:need_transition", args=[need.pk, "submit"]),
        {"expected_state": "draft"},
        follow=True,
    )
    assert "La demande est désormais « Soumise »." in _text(submitted)
    published = ministry.post(
        reverse("missions:need_transition", args=[need.pk, "publish"]),
        {"expected_state": "submitted", "comment": "Bonne demande."},
        follow=True,
    )
    assert "La demande est désormais « Publiée »." in _text(published)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED and need.published_at is not None
    history = [row.action for row in published.context["timeline"]]
    assert history == ["Création du brouillon", "Soumission", "Publication"]
    assert "Bonne demande." in _text(published)

    offered = client_for(expert_paris).get(LIST)
    assert need.title in _text(offered)


def test_the_pages_speak_english_when_asked(client_for: Any, univ_lome: Any) -> None:
    from django.conf import settings

    web = client_for(univ_lome)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listed = _text(web.get(LIST))
    assert "Our needs" in listed and "New need" in listed and "Nos demandes" not in listed
    form = _text(web.get(reverse("missions:need_create")))
    assert "New mission need" in form and "Number of volunteers" in form
    draft = make_need(NeedStatus.DRAFT)
    page = _text(web.get(draft.get_absolute_url()))
    assert "What you can do" in page and "Submit the need" in page


def test_the_prefecture_select_follows_the_region_of_the_needs_form(
    client_for: Any, univ_lome: Any
) -> None:
    """The form's region asks `registry:prefecture_options` for its prefectures, sending
    itself as `region` (the registry's forms send `home_region`)."""
    form = _text(client_for(univ_lome).get(reverse("missions:need_create")))
    assert 'hx-get="{}"'.format(reverse("registry:prefecture_options")) in form
    kara = Region.objects.get(code="kara")
    options = _text(
        client_for(univ_lome).get(reverse("registry:prefecture_options"), {"region": kara.pk})
    )
    assert "Kozah" in options and "Golfe" not in options


@pytest.mark.parametrize(
    ("role", "note"),
    [
        ("host_institution", "rattaché à aucun établissement d'accueil vérifié"),
        ("diaspora_expert", "attend la vérification du point focal"),
    ],
)
def test_an_account_not_yet_of_use_is_told_why_its_list_is_empty(
    cast: dict[str, Any], client_for: Any, role: str, note: str
) -> None:
    from django.contrib.auth.models import Group, User

    newcomer = User.objects.create_user(username="nouveau_venu")
    newcomer.groups.add(Group.objects.get(name=role))
    page = client_for(newcomer).get(LIST)
    assert page.status_code == 200
    assert note in _text(page)
    assert list(page.context["needs"]) == []
    assert "Nouvelle demande" not in _text(page)


def test_a_need_moved_meanwhile_sends_the_officer_back_to_its_page(officer: User) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    web = Client()
    web.force_login(officer)
    page = f"/missions/needs/{need.pk}/"
    answer = web.post(
        reverse("missions:need_transition", args=[need.pk, "close"]),
        {"expected_state": NeedStatus.SUBMITTED, "comment": ""},
    )
    assert (answer.status_code, answer["Location"]) == (302, page)
    assert html.escape(str(STALE_MESSAGE), quote=True) in web.get(page).content.decode()


def test_the_need_s_pieces_panel_is_the_shared_one_with_its_hint(univ_lome: User) -> None:
    need = make_need(NeedStatus.DRAFT)
    web = Client()
    web.force_login(univ_lome)
    page = web.get(need.get_absolute_url()).content.decode()
    assert html.escape("Programme des cours, liste du matériel : lus par les candidats.") in page
    assert f'action="{reverse("missions:need_attach", args=[need.pk])}"' in page
    assert 'id="id_upload_file"' in page or 'name="file"' in page

"""The association pages, through HTTP: who sees and does what, and what they see."""

from __future__ import annotations

import html
import re
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import HistoryEntry, Outcome, Source
from registry.models import (
    Association,
    AssociationStatus,
    Embassy,
    Membership,
    Prefecture,
    Region,
    SectorChoice,
)
from registry.services import association_reject
from tests.factories import AssociationFactory

PERSONAS = [
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "committee",
    "finance",
    "caseworker1",
    "supervisor",
    "focal_paris",
    "auditor",
    "admin_user",
]


def _text(response: Any) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    client_for = request.getfixturevalue("client_for")
    return client_for(request.getfixturevalue(persona))


# --- Access matrix ------------------------------------------------------------
# "paris" is the verified association of the Paris jurisdiction (assoc_paris is a
# member, focal_paris its focal point); "brussels" the one of Brussels.

LIST_AND_DETAIL = [
    # persona, sees paris, sees brussels
    ("assoc_paris", True, False),
    ("assoc_brussels", False, True),
    ("officer", True, True),
    # They see the associations of the proposals they see: none in the demo cast.
    ("evaluator1", False, False),
    ("committee", False, False),
    ("finance", False, False),
    ("caseworker1", False, False),
    ("supervisor", False, False),
    ("focal_paris", True, False),
    ("auditor", True, True),
    ("admin_user", True, True),
]


@pytest.mark.parametrize(("persona", "sees_paris", "sees_brussels"), LIST_AND_DETAIL)
def test_the_association_list_shows_exactly_the_associations_a_persona_may_see(
    request: pytest.FixtureRequest,
    persona: str,
    sees_paris: bool,
    sees_brussels: bool,
    paris_association: Association,
    brussels_association: Association,
) -> None:
    response = _client(request, persona).get(reverse("registry:association_list"))
    assert response.status_code == 200
    page = _text(response)
    assert (paris_association.name in page) is sees_paris
    assert (brussels_association.name in page) is sees_brussels


@pytest.mark.parametrize(("persona", "sees_paris", "sees_brussels"), LIST_AND_DETAIL)
def test_the_association_detail_is_found_only_by_those_who_may_see_it(
    request: pytest.FixtureRequest,
    persona: str,
    sees_paris: bool,
    sees_brussels: bool,
    paris_association: Association,
    brussels_association: Association,
) -> None:
    client = _client(request, persona)
    for association, sees in (
        (paris_association, sees_paris),
        (brussels_association, sees_brussels),
    ):
        response = client.get(association.get_absolute_url())
        assert response.status_code == (200 if sees else 404)


EDIT = [
    # persona, GET edit of paris, GET edit of brussels
    ("assoc_paris", 200, 404),
    ("assoc_brussels", 404, 200),
    ("officer", 200, 200),
    ("evaluator1", 404, 404),
    ("committee", 404, 404),
    ("finance", 404, 404),
    ("caseworker1", 404, 404),
    ("supervisor", 404, 404),
    ("focal_paris", 200, 404),
    ("auditor", 403, 403),
    ("admin_user", 200, 200),
]


@pytest.mark.parametrize(("persona", "paris_status", "brussels_status"), EDIT)
def test_the_edit_page_opens_for_editors_refuses_readers_and_hides_from_others(
    request: pytest.FixtureRequest,
    persona: str,
    paris_status: int,
    brussels_status: int,
    paris_association: Association,
    brussels_association: Association,
) -> None:
    client = _client(request, persona)
    for association, expected in (
        (paris_association, paris_status),
        (brussels_association, brussels_status),
    ):
        response = client.get(reverse("registry:association_edit", args=[association.pk]))
        assert response.status_code == expected


VERIFY = [
    # persona, verify the pending Paris association, the pending Brussels one
    ("assoc_paris", 404, 404),
    ("assoc_brussels", 404, 404),
    ("officer", 403, 403),
    ("evaluator1", 404, 404),
    ("committee", 404, 404),
    ("finance", 404, 404),
    ("caseworker1", 404, 404),
    ("supervisor", 404, 404),
    ("focal_paris", 302, 404),
    ("auditor", 403, 403),
    ("admin_user", 302, 302),
]


@pytest.mark.parametrize("action", ["association_verify", "association_reject"])
@pytest.mark.parametrize(("persona", "paris_status", "brussels_status"), VERIFY)
def test_only_the_focal_point_of_the_jurisdiction_decides_on_a_pending_association(
    request: pytest.FixtureRequest,
    persona: str,
    paris_status: int,
    brussels_status: int,
    action: str,
    pending_paris_association: Association,
    pending_brussels_association: Association,
) -> None:
    client = _client(request, persona)
    decided = AssociationStatus.VERIFIED if action == "association_verify" else "rejected"
    for association, expected in (
        (pending_paris_association, paris_status),
        (pending_brussels_association, brussels_status),
    ):
        response = client.post(
            reverse(f"registry:{action}", args=[association.pk]),
            {"expected_state": "pending", "comment": "Statuts non fournis."},
        )
        assert response.status_code == expected
        association.refresh_from_db()
        assert association.status == (decided if expected == 302 else AssociationStatus.PENDING)


@pytest.mark.parametrize(
    "url",
    [
        reverse("registry:association_list"),
        reverse("registry:association_create"),
        reverse("registry:association_detail", args=[1]),
        reverse("registry:association_edit", args=[1]),
        reverse("registry:expert_list"),
        reverse("registry:expert_detail", args=[1]),
        reverse("registry:prefecture_options"),
        reverse("home"),
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client: Client, cast: Any, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_post_to_verify_changes_nothing(
    client: Client, pending_paris_association: Association
) -> None:
    response = client.post(
        reverse("registry:association_verify", args=[pending_paris_association.pk]),
        {"expected_state": "pending"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


# --- Verification through the page --------------------------------------------


def test_the_focal_point_verifies_a_pending_association_of_its_jurisdiction(
    client_for: Any, focal_paris: Any, pending_paris_association: Association
) -> None:
    client = client_for(focal_paris)
    detail = _text(client.get(pending_paris_association.get_absolute_url()))
    assert "Vérifier l'association" in detail
    assert 'name="expected_state" value="pending"' in detail

    response = client.post(
        reverse("registry:association_verify", args=[pending_paris_association.pk]),
        {"expected_state": "pending"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == pending_paris_association.get_absolute_url()
    assert "L'association est vérifiée." in _text(response)
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.VERIFIED
    row = HistoryEntry.objects.for_object(pending_paris_association).get(action="verify")
    assert (row.by, row.source, row.source_state, row.target_state, row.outcome) == (
        focal_paris,
        Source.WEB,
        "pending",
        "verified",
        Outcome.DONE,
    )


def test_the_focal_point_of_paris_does_not_find_a_pending_association_of_brussels(
    client_for: Any, focal_paris: Any, pending_brussels_association: Association
) -> None:
    client = client_for(focal_paris)
    assert client.get(pending_brussels_association.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("registry:association_verify", args=[pending_brussels_association.pk]),
        {"expected_state": "pending"},
    )
    assert response.status_code == 404
    pending_brussels_association.refresh_from_db()
    assert pending_brussels_association.status == AssociationStatus.PENDING


def test_the_verification_buttons_appear_only_for_the_focal_point_of_a_pending_association(
    client_for: Any,
    focal_paris: Any,
    officer: Any,
    paris_association: Association,
    pending_paris_association: Association,
) -> None:
    button = "Rejeter l'inscription"
    assert button in _text(
        client_for(focal_paris).get(pending_paris_association.get_absolute_url())
    )
    assert button not in _text(client_for(focal_paris).get(paris_association.get_absolute_url()))
    assert button not in _text(
        client_for(officer).get(pending_paris_association.get_absolute_url())
    )


def test_a_refused_verification_answers_403_with_its_reason_and_shows_in_the_history(
    client_for: Any, officer: Any, pending_paris_association: Association
) -> None:
    client = client_for(officer)
    response = client.post(
        reverse("registry:association_verify", args=[pending_paris_association.pk]),
        {"expected_state": "pending"},
    )
    assert response.status_code == 403
    page = _text(response)
    assert "Seul un point focal d'ambassade peut vérifier une association." in page
    assert "Traceback" not in page

    detail = _text(client.get(pending_paris_association.get_absolute_url()))
    assert "Tentative refusée" in detail


def test_rejecting_without_a_reason_keeps_the_form_with_an_error_and_changes_nothing(
    client_for: Any, focal_paris: Any, pending_paris_association: Association
) -> None:
    response = client_for(focal_paris).post(
        reverse("registry:association_reject", args=[pending_paris_association.pk]),
        {"expected_state": "pending", "comment": "   "},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Indiquez le motif du rejet." in page
    assert 'id="id_comment"' in page
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING
    assert not HistoryEntry.objects.for_object(pending_paris_association).filter(
        action="reject", outcome=Outcome.DONE
    )


def test_rejecting_with_a_reason_shows_the_reason_on_the_page(
    client_for: Any, focal_paris: Any, pending_paris_association: Association
) -> None:
    response = client_for(focal_paris).post(
        reverse("registry:association_reject", args=[pending_paris_association.pk]),
        {"expected_state": "pending", "comment": "Aucun récépissé de déclaration."},
        follow=True,
    )
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.REJECTED
    page = _text(response)
    assert "Motif du rejet" in page
    assert "Aucun récépissé de déclaration." in page
    row = HistoryEntry.objects.for_object(pending_paris_association).get(
        action="reject", outcome=Outcome.DONE
    )
    assert (row.source, row.comment) == (Source.WEB, "Aucun récépissé de déclaration.")


def test_a_verification_sent_from_a_stale_page_is_refused_with_a_clear_message(
    client_for: Any, focal_paris: Any, admin_user: Any, pending_paris_association: Association
) -> None:
    client = client_for(focal_paris)
    client.get(pending_paris_association.get_absolute_url())
    # Someone else decides while the focal point's page is still open.
    association_reject(
        association=pending_paris_association,
        by=admin_user,
        source=Source.ADMIN,
        comment="Doublon.",
    )

    response = client.post(
        reverse("registry:association_verify", args=[pending_paris_association.pk]),
        {"expected_state": "pending"},
        follow=True,
    )

    assert "modifié par quelqu'un d'autre entre-temps" in _text(response)
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.REJECTED
    assert not HistoryEntry.objects.for_object(pending_paris_association).filter(
        action="verify", outcome=Outcome.DONE
    )


def test_verifying_an_association_already_verified_explains_why_instead_of_failing(
    client_for: Any, focal_paris: Any, paris_association: Association
) -> None:
    response = client_for(focal_paris).post(
        reverse("registry:association_verify", args=[paris_association.pk]),
        {"expected_state": "verified"},
        follow=True,
    )
    assert response.status_code == 200
    assert "impossible dans l'état" in _text(response)


def test_the_verify_page_accepts_only_post(
    client_for: Any, focal_paris: Any, pending_paris_association: Association
) -> None:
    response = client_for(focal_paris).get(
        reverse("registry:association_verify", args=[pending_paris_association.pk])
    )
    assert response.status_code == 405


# --- Detail -------------------------------------------------------------------


def test_the_detail_shows_the_members_only_to_those_who_may_edit(
    client_for: Any, officer: Any, evaluator1: Any, paris_association: Association
) -> None:
    assert "Koffi Agbeko" in _text(client_for(officer).get(paris_association.get_absolute_url()))
    page = _text(client_for(evaluator1).get(paris_association.get_absolute_url()))
    assert "Membres ayant un compte" not in page
    assert "Modifier" not in page


def test_the_detail_timeline_shows_who_did_what_from_which_state(
    client_for: Any, focal_paris: Any, auditor: Any, pending_paris_association: Association
) -> None:
    client_for(focal_paris).post(
        reverse("registry:association_verify", args=[pending_paris_association.pk]),
        {"expected_state": "pending"},
    )
    page = _text(client_for(auditor).get(pending_paris_association.get_absolute_url()))
    assert "Vérification" in page
    assert "Séna Amouzou" in page
    assert "En attente de vérification → Vérifiée" in page


# --- Create and edit ----------------------------------------------------------


def _association_data(**overrides: Any) -> dict[str, Any]:
    region = Region.objects.get(code="plateaux")
    data = {
        "name": "Union des Ressortissants de l'Ogou à Madrid",
        "acronym": "UROM",
        "country": "ES",
        "city": "Madrid",
        "embassy": "",
        "founded_year": "2015",
        "members_count": "45",
        "sectors": ["health", "water"],
        "home_region": str(region.pk),
        "home_prefecture": str(Prefecture.objects.get(code="kloto").pk),
        "contact_name": "Afi Kpodar",
        "contact_email": "urom@example.org",
        "contact_phone": "+34 600 000 000",
        "description": "Association de ressortissants.",
    }
    data.update(overrides)
    return data


def test_an_association_member_registers_its_association_which_waits_for_verification(
    client_for: Any, assoc_paris: Any, paris_embassy: Embassy
) -> None:
    response = client_for(assoc_paris).post(
        reverse("registry:association_create"), _association_data(), follow=True
    )
    association = Association.objects.get(acronym="UROM")
    assert response.redirect_chain[-1][0] == association.get_absolute_url()
    assert association.status == AssociationStatus.PENDING
    assert association.embassy == paris_embassy
    assert set(association.sectors.values_list("code", flat=True)) == {"health", "water"}
    assert Membership.objects.filter(user=assoc_paris, association=association).exists()
    assert HistoryEntry.objects.for_object(association).get(action="create").source == Source.WEB
    assert "attend la vérification" in _text(response)


def test_bad_input_re_renders_the_form_in_french_keeps_what_was_typed_and_saves_nothing(
    client_for: Any, officer: Any
) -> None:
    before = Association.objects.count()
    data = _association_data(
        founded_year="2999",
        home_prefecture=str(Prefecture.objects.get(code="kozah").pk),
        contact_email="",
        city="",
    )
    response = client_for(officer).post(reverse("registry:association_create"), data)
    assert response.status_code == 200
    page = _text(response)
    assert "L'année de création ne peut pas être dans le futur." in page
    assert "La préfecture Kozah n'est pas dans la région Plateaux." in page
    assert page.count("Ce champ est obligatoire.") == 2
    assert 'value="Union des Ressortissants de l\'Ogou à Madrid"' in page
    assert 'value="2999"' in page
    assert Association.objects.count() == before


def test_a_duplicate_name_in_the_same_country_is_reported_on_the_form(
    client_for: Any, officer: Any, paris_association: Association
) -> None:
    before = Association.objects.count()
    response = client_for(officer).post(
        reverse("registry:association_create"),
        _association_data(name=paris_association.name, country="FR", city="Paris"),
    )
    assert response.status_code == 200
    assert "existe déjà" in _text(response)
    assert Association.objects.count() == before


def test_a_focal_point_cannot_register_an_association_for_another_embassy(
    client_for: Any, focal_paris: Any, brussels_embassy: Embassy
) -> None:
    before = Association.objects.count()
    response = client_for(focal_paris).post(
        reverse("registry:association_create"),
        _association_data(country="BE", city="Liège", embassy=str(brussels_embassy.pk)),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "n'est pas dans votre juridiction" in " ".join(form.errors["embassy"])
    assert Association.objects.count() == before


@pytest.mark.parametrize("persona", ["evaluator1", "committee", "caseworker1", "auditor"])
def test_roles_that_do_not_register_associations_get_403_on_the_form(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client = _client(request, persona)
    assert client.get(reverse("registry:association_create")).status_code == 403
    response = client.post(reverse("registry:association_create"), _association_data())
    assert response.status_code == 403
    assert not Association.objects.filter(acronym="UROM").exists()


def test_an_editor_changes_an_association_and_the_change_is_in_the_history(
    client_for: Any, assoc_paris: Any, paris_association: Association
) -> None:
    # Not its identity (a member's change of it sends it back to verification).
    data = _association_data(
        name=paris_association.name,
        acronym=paris_association.acronym,
        country="FR",
        city=paris_association.city,
        contact_phone="+33 1 48 00 00 00",
    )
    response = client_for(assoc_paris).post(
        reverse("registry:association_edit", args=[paris_association.pk]), data
    )
    assert response.status_code == 302
    paris_association.refresh_from_db()
    assert paris_association.contact_phone == "+33 1 48 00 00 00"
    assert paris_association.status == AssociationStatus.VERIFIED
    row = HistoryEntry.objects.for_object(paris_association).get(action="update")
    assert (row.by, row.source) == (assoc_paris, Source.WEB)


def test_an_invalid_edit_changes_nothing(
    client_for: Any, officer: Any, paris_association: Association
) -> None:
    data = _association_data(name="", country="FR", city="Lyon", members_count="0")
    response = client_for(officer).post(
        reverse("registry:association_edit", args=[paris_association.pk]), data
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _text(response)
    paris_association.refresh_from_db()
    assert paris_association.city == "Paris"
    assert not HistoryEntry.objects.for_object(paris_association).filter(action="update")


def test_the_edit_form_shows_the_current_values(
    client_for: Any, officer: Any, paris_association: Association
) -> None:
    page = _text(
        client_for(officer).get(reverse("registry:association_edit", args=[paris_association.pk]))
    )
    assert f'value="{paris_association.name}"' in page
    checkbox = r'<input type="checkbox" name="sectors" value="(\w+)"[^>]* checked'
    assert set(re.findall(checkbox, page)) == {"water", "health"}


def test_the_prefecture_select_lists_the_prefectures_of_the_chosen_region(
    client_for: Any, officer: Any
) -> None:
    plateaux = Region.objects.get(code="plateaux")
    response = client_for(officer).get(
        reverse("registry:prefecture_options"), {"home_region": plateaux.pk}
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Kloto" in page
    assert "Kozah" not in page
    assert page.count("<option") == plateaux.prefectures.count() + 1


def test_the_prefecture_select_is_empty_for_an_unknown_region(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).get(
        reverse("registry:prefecture_options"), {"home_region": "abc"}
    )
    assert _text(response).count("<option") == 1


def test_the_region_select_asks_for_its_prefectures_in_place(client_for: Any, officer: Any) -> None:
    page = _text(client_for(officer).get(reverse("registry:association_create")))
    assert f'hx-get="{reverse("registry:prefecture_options")}"' in page
    assert 'hx-target="#id_home_prefecture"' in page


# --- List: filters, pages, queries --------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "pending"}, ["AOKL", "CFZA"], ["ARKF", "DSSB"]),
        ({"country": "BE"}, ["DSSB", "CFZA"], ["ARKF", "AOKL"]),
        ({"sector": "agriculture"}, ["DSSB"], ["ARKF", "AOKL", "CFZA"]),
        ({"q": "kozah"}, ["AOKL"], ["ARKF", "DSSB", "CFZA"]),
        ({"q": "Anvers"}, ["CFZA"], ["ARKF", "AOKL", "DSSB"]),
        ({"status": "verified", "country": "FR"}, ["ARKF"], ["AOKL", "DSSB", "CFZA"]),
    ],
)
def test_the_association_list_filters(
    client_for: Any, officer: Any, query: dict[str, str], shown: list[str], hidden: list[str]
) -> None:
    page = _text(client_for(officer).get(reverse("registry:association_list"), query))
    for acronym in shown:
        assert f"({acronym})" in page
    for acronym in hidden:
        assert f"({acronym})" not in page


def test_the_association_list_filters_by_embassy_and_home_region(
    client_for: Any, officer: Any, brussels_embassy: Embassy
) -> None:
    client = client_for(officer)
    page = _text(client.get(reverse("registry:association_list"), {"embassy": brussels_embassy.pk}))
    assert "(DSSB)" in page and "(ARKF)" not in page
    kara = Region.objects.get(code="kara")
    page = _text(client.get(reverse("registry:association_list"), {"home_region": kara.pk}))
    assert "(AOKL)" in page and "(ARKF)" not in page


def test_a_bad_filter_value_is_ignored_with_a_notice(client_for: Any, officer: Any) -> None:
    response = client_for(officer).get(
        reverse("registry:association_list"), {"status": "nonsense", "embassy": "x"}
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Certains filtres ne sont pas valides" in page
    assert "(ARKF)" in page


def test_a_focal_point_filtering_on_another_embassy_still_sees_nothing_outside_its_jurisdiction(
    client_for: Any, focal_paris: Any, brussels_embassy: Embassy
) -> None:
    page = _text(
        client_for(focal_paris).get(
            reverse("registry:association_list"), {"embassy": brussels_embassy.pk}
        )
    )
    assert "(DSSB)" not in page and "(CFZA)" not in page


def _make_associations(count: int, embassy: Embassy, prefix: str = "Zeta") -> None:
    sectors = list(SectorChoice.objects.filter(code__in=["water", "health"]))
    for n in range(count):
        association = cast(
            Association,
            AssociationFactory(name=f"{prefix} association {n:03d}", embassy=embassy, country="FR"),
        )
        association.sectors.set(sectors)


def test_the_list_pages_forward_and_back_without_counting(
    client_for: Any, officer: Any, paris_embassy: Embassy
) -> None:
    _make_associations(30, paris_embassy)
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("registry:association_list"), {"q": "Zeta"})
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(first.context["associations"]) == 25
    assert first.context["previous_url"] == ""
    second = client.get(reverse("registry:association_list") + first.context["next_url"])
    names = [a.name for a in second.context["associations"]]
    assert names == [f"Zeta association {n:03d}" for n in range(25, 30)]
    assert second.context["next_url"] == ""
    assert "q=Zeta" in second.context["previous_url"]
    back = client.get(reverse("registry:association_list") + second.context["previous_url"])
    assert [a.name for a in back.context["associations"]] == [
        f"Zeta association {n:03d}" for n in range(25)
    ]


def test_a_garbled_page_cursor_shows_the_first_page(client_for: Any, officer: Any) -> None:
    response = client_for(officer).get(
        reverse("registry:association_list"), {"after": "%%%not-a-cursor"}
    )
    assert response.status_code == 200
    assert "(AOKL)" in _text(response)


@pytest.mark.parametrize("persona", ["officer", "focal_paris", "assoc_paris"])
@pytest.mark.parametrize("rows", [5, 50])
def test_the_association_list_runs_a_constant_number_of_queries(
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: Any,
    persona: str,
    rows: int,
    paris_embassy: Embassy,
) -> None:
    _make_associations(rows, paris_embassy)
    user = request.getfixturevalue(persona)
    for association in Association.objects.filter(name__startswith="Zeta"):
        Membership.objects.create(user=user, association=association)
    client = _client(request, persona)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:association_list"))
    assert response.status_code == 200
    assert len(response.context["associations"]) >= min(rows, 25)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_association_detail_runs_a_constant_number_of_queries(
    client_for: Any,
    django_assert_max_num_queries: Any,
    focal_paris: Any,
    admin_user: Any,
    pending_paris_association: Association,
    rows: int,
) -> None:
    # Many history rows: each refused attempt leaves one.
    client = client_for(focal_paris)
    for _ in range(rows):
        client.post(
            reverse("registry:association_reject", args=[pending_paris_association.pk]),
            {"expected_state": "pending", "comment": ""},
        )
    with django_assert_max_num_queries(12):
        response = client.get(pending_paris_association.get_absolute_url())
    assert len(response.context["timeline"]) >= rows

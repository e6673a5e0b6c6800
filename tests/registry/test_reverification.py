"""A member's change of a verified association's identity or jurisdiction sends it back
to verification by its (new) embassy; other edits, and the edits of those who answer for
it, keep it verified; a focal point keeps an association in its own jurisdiction."""

from __future__ import annotations

import html
from typing import Any, cast

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.labels import describe
from audit.models import HistoryEntry, Source
from config.work import work_items
from registry.models import Association, AssociationStatus
from registry.services import focal_point_grant
from tests.factories import UserFactory
from tests.workflows.builders import advance, make_proposal
from workflows.models import ProposalStatus


def edits_of(association: Association) -> Any:
    """The association's history rows but the demo seeding's own (source « command »)."""
    return HistoryEntry.objects.for_object(association).exclude(source=Source.COMMAND)


def _verification_tasks(user: Any) -> set[int]:
    return {item.object_id for item in work_items(user) if item.process == "association"}


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _patch(client: Any, association: Association, payload: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/associations/{association.pk}/", payload, format="json")


@pytest.fixture
def focal_brussels(admin_user: Any, brussels_embassy: Any) -> Any:
    user = cast(Any, UserFactory(username="focal_bruxelles", roles=[Role.EMBASSY_FOCAL_POINT]))
    focal_point_grant(user=user, embassy=brussels_embassy, by=admin_user, source=Source.COMMAND)
    return user


def test_a_member_moving_its_verified_association_to_brussels_sends_it_to_brussels_verification(
    api_for: Any,
    assoc_paris: Any,
    focal_paris: Any,
    focal_brussels: Any,
    paris_association: Association,
) -> None:
    url = f"/api/v1/associations/{paris_association.pk}/"
    response = api_for(assoc_paris).patch(
        url, {"embassy": "bruxelles", "country": "BE"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["embassy"]) == ("pending", "bruxelles")
    paris_association.refresh_from_db()
    assert paris_association.status == AssociationStatus.PENDING

    # The Brussels focal point now answers for it: it sees it and has the task.
    assert paris_association.pk in _verification_tasks(focal_brussels)
    assert api_for(focal_brussels).get(url).status_code == 200
    # It left Paris's jurisdiction: the Paris focal point no longer sees it, has no task.
    assert paris_association.pk not in _verification_tasks(focal_paris)
    assert api_for(focal_paris).get(url).status_code == 404

    entry = edits_of(paris_association).get()
    assert (entry.action, entry.source_state, entry.target_state, entry.by) == (
        "reopen_verification",
        "verified",
        "pending",
        assoc_paris,
    )
    assert {c["field"]: (c["from"], c["to"]) for c in entry.data["changes"]} == {
        "country": ({"country": "FR"}, {"country": "BE"}),
        "embassy": ("Ambassade du Togo en France", "Ambassade du Togo en Belgique"),
    }
    history = api_for(focal_brussels).get(url + "history/").json()
    assert history[-1]["transition"] == "reopen_verification"
    assert (
        "ambassade : « Ambassade du Togo en France » → « Ambassade du Togo en Belgique »"
        in (history[-1]["comment"])
    )
    assert "pays : « France » → « Belgique »" in history[-1]["comment"]


def test_without_a_focal_point_in_the_new_embassy_the_superuser_has_the_task(
    api_for: Any, assoc_paris: Any, admin_user: Any, paris_association: Association
) -> None:
    _patch(api_for(assoc_paris), paris_association, {"country": "DE", "city": "Berlin"})
    paris_association.refresh_from_db()
    assert (paris_association.status, paris_association.embassy.code) == ("pending", "berlin")
    assert paris_association.pk in _verification_tasks(admin_user)


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Ressortissants de Kloto"), ("acronym", "RK"), ("city", "Créteil")],
)
def test_a_member_renaming_or_relocating_its_association_sends_it_back(
    api_for: Any,
    assoc_paris: Any,
    focal_paris: Any,
    paris_association: Association,
    field: str,
    value: str,
) -> None:
    response = _patch(api_for(assoc_paris), paris_association, {field: value})
    assert response.json()["status"] == "pending"
    assert paris_association.pk in _verification_tasks(focal_paris)
    entry = edits_of(paris_association).get()
    assert entry.action == "reopen_verification"
    assert [c["field"] for c in entry.data["changes"]] == [field]


def test_a_member_changing_its_phone_or_website_keeps_it_verified(
    api_for: Any, assoc_paris: Any, paris_association: Association
) -> None:
    edits = {"contact_phone": "+33 6 11 22 33 44", "description": "Site : arkf.example.org"}
    assert _patch(api_for(assoc_paris), paris_association, edits).json()["status"] == "verified"
    entry = edits_of(paris_association).get()
    assert (entry.action, entry.source_state, entry.target_state) == (
        "update",
        "verified",
        "verified",
    )
    assert {c["field"] for c in entry.data["changes"]} == {"contact_phone", "description"}
    assert "téléphone de contact : (vide) → « +33 6 11 22 33 44 »" in describe(entry)


def test_a_member_saving_its_identity_unchanged_keeps_it_verified_and_writes_nothing(
    api_for: Any, assoc_paris: Any, paris_association: Association
) -> None:
    same = {"name": paris_association.name, "country": "FR", "embassy": "paris"}
    assert _patch(api_for(assoc_paris), paris_association, same).json()["status"] == "verified"
    assert not edits_of(paris_association).exists()


# fmt: off
EDITS = [
    # persona,     payload,                                   answer, status,     embassy
    # Those who answer for it rename it and it stays verified.
    ("focal_paris", {"name": "Kloto", "city": "Créteil"},     200,    "verified", "paris"),
    ("officer",     {"name": "Kloto", "city": "Créteil"},     200,    "verified", "paris"),
    ("admin_user",  {"name": "Kloto", "city": "Créteil"},     200,    "verified", "paris"),
    # A focal point moves it within its jurisdiction, never out of it.
    ("focal_paris", {"country": "ES", "city": "Madrid"},      200,    "verified", "paris"),
    ("focal_paris", {"embassy": "bruxelles", "country": "BE"}, 403,   "verified", "paris"),
    ("focal_paris", {"country": "BE"},                        403,    "verified", "paris"),
    ("focal_paris", {"country": "NL"},                        403,    "verified", "paris"),
    ("focal_paris", {"country": "BE", "embassy": "paris"},    403,    "verified", "paris"),
    # Officers transfer it, and it stays verified.
    ("officer",     {"embassy": "bruxelles", "country": "BE"}, 200,   "verified", "bruxelles"),
]
# fmt: on


@pytest.mark.parametrize(("persona", "payload", "answer", "status", "embassy"), EDITS)
def test_who_edits_and_moves_a_verified_association(
    request: pytest.FixtureRequest,
    api_for: Any,
    paris_association: Association,
    persona: str,
    payload: dict[str, str],
    answer: int,
    status: str,
    embassy: str,
) -> None:
    response = _patch(api_for(request.getfixturevalue(persona)), paris_association, payload)
    assert response.status_code == answer, response.content
    if answer == 403:
        assert "hors de la juridiction" in response.json()["detail"]
    paris_association.refresh_from_db()
    assert (paris_association.status, paris_association.embassy.code) == (status, embassy)


# --- Pages --------------------------------------------------------------------


def _edit_data(association: Association, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": association.name,
        "acronym": association.acronym,
        "country": str(association.country),
        "city": association.city,
        "embassy": str(association.embassy_id),
        "founded_year": str(association.founded_year),
        "members_count": str(association.members_count),
        "sectors": [str(pk) for pk in association.sectors.values_list("pk", flat=True)],
        "home_region": str(association.home_region_id),
        "home_prefecture": str(association.home_prefecture_id or ""),
        "contact_name": association.contact_name,
        "contact_email": association.contact_email,
        "contact_phone": association.contact_phone,
        "description": association.description,
    }
    data.update(overrides)
    return data


def _edit_page(client: Any, association: Association, **overrides: Any) -> Any:
    url = reverse("registry:association_edit", args=[association.pk])
    return client.post(url, _edit_data(association, **overrides), follow=True)


def test_the_member_is_warned_before_and_told_after_that_its_association_goes_back(
    client_for: Any,
    assoc_paris: Any,
    focal_brussels: Any,
    brussels_embassy: Any,
    paris_association: Association,
) -> None:
    client = client_for(assoc_paris)
    url = reverse("registry:association_edit", args=[paris_association.pk])
    form = _text(client.get(url))
    assert "renvoie l'association en vérification par le point focal de son ambassade" in form

    response = _edit_page(client, paris_association, country="BE", city="Liège", embassy="")
    page = _text(response)
    assert "elle retourne en vérification auprès du point focal de son ambassade" in page
    assert "Ambassade du Togo en Belgique" in page
    paris_association.refresh_from_db()
    assert (paris_association.status, paris_association.embassy) == ("pending", brussels_embassy)
    assert paris_association.pk in _verification_tasks(focal_brussels)
    # The history on the page names what changed.
    assert "Renvoi en vérification" in page
    assert "ville : « Paris » → « Liège »" in page


def test_a_member_editing_its_contact_on_the_page_keeps_it_verified(
    client_for: Any, assoc_paris: Any, paris_association: Association
) -> None:
    response = _edit_page(client_for(assoc_paris), paris_association, contact_phone="+33 1 2")
    assert "retourne en vérification" not in _text(response)
    assert Association.objects.get(pk=paris_association.pk).status == AssociationStatus.VERIFIED


def test_the_focal_point_sees_no_warning_and_cannot_transfer_on_the_page(
    client_for: Any, focal_paris: Any, brussels_embassy: Any, paris_association: Association
) -> None:
    client = client_for(focal_paris)
    url = reverse("registry:association_edit", args=[paris_association.pk])
    assert "reverification-note" not in client.get(url).content.decode()
    response = client.post(
        url, _edit_data(paris_association, country="BE", embassy=str(brussels_embassy.pk))
    )
    assert response.status_code == 200
    assert "hors de la juridiction" in " ".join(response.context["form"].errors["embassy"])
    paris_association.refresh_from_db()
    assert paris_association.embassy.code == "paris"


def test_an_officer_transfers_on_the_page(
    client_for: Any, officer: Any, brussels_embassy: Any, paris_association: Association
) -> None:
    _edit_page(client_for(officer), paris_association, country="BE", city="Liège", embassy="")
    paris_association.refresh_from_db()
    assert (paris_association.status, paris_association.embassy) == ("verified", brussels_embassy)


def test_proposals_already_submitted_keep_going(
    api_for: Any, assoc_paris: Any, paris_association: Association, cast: Any
) -> None:
    proposal = make_proposal(ProposalStatus.SUBMITTED, call=cast["call"])
    _patch(api_for(assoc_paris), paris_association, {"name": "Ressortissants de Kloto"})
    assert Association.objects.get(pk=paris_association.pk).status == AssociationStatus.PENDING
    assert advance(proposal, ProposalStatus.UNDER_REVIEW).status == ProposalStatus.UNDER_REVIEW


def test_the_committee_cannot_approve_while_the_new_identity_awaits_verification(
    api_for: Any,
    assoc_paris: Any,
    committee: Any,
    focal_paris: Any,
    paris_association: Association,
    cast: Any,
) -> None:
    """The agreement prints the association's name: a renamed association is approved
    only once its embassy has verified the new identity."""
    proposal = make_proposal(ProposalStatus.IN_COMMITTEE, call=cast["call"])
    _patch(api_for(assoc_paris), paris_association, {"name": "Société Écran"})
    approve = f"/api/v1/proposals/{proposal.pk}/transitions/approve/"

    refused = api_for(committee).post(approve, {"grant_amount": 1_000_000}, format="json")

    assert refused.status_code == 400
    assert "attend la vérification de son ambassade" in str(refused.json())
    assert HistoryEntry.objects.for_object(proposal).filter(action="approve").get().outcome == (
        "refused"
    )
    verify = f"/api/v1/associations/{paris_association.pk}/transitions/verify/"
    assert api_for(focal_paris).post(verify, {}, format="json").status_code == 200
    approved = api_for(committee).post(approve, {"grant_amount": 1_000_000}, format="json")
    assert approved.status_code == 200, approved.content

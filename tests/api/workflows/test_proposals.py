"""Drafting, listing, reading and editing proposals through the API."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome, Source
from tests.factories import MembershipFactory, UserFactory
from workflows.models import Call, Proposal, ProposalStatus

S = ProposalStatus


def body(call: Call, association: Any, **changes: Any) -> dict[str, Any]:
    return {
        "call": call.pk,
        "association": association.pk,
        "title": "Électrification solaire du dispensaire de Kougnohou",
        "summary": "Panneaux, batteries et formation de deux techniciens.",
        "sector": "energy",
        "region": "plateaux",
        "prefecture": "wawa",
        "locality": "Kougnohou",
        "local_partner": "Comité villageois de développement",
        "budget_lines": [
            {"label": "Panneaux et batteries", "amount": 9_000_000},
            {"label": "Formation", "amount": 1_000_000},
        ],
        "contributions": [
            {"source": "association", "kind": "cash", "amount": 4_000_000},
            {"source": "community", "kind": "in_kind", "amount": 2_000_000},
            {"source": "state", "kind": "cash", "amount": 4_000_000},
        ],
        **changes,
    }


# --- Creating -----------------------------------------------------------------


def test_a_member_drafts_a_proposal_for_its_association(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/proposals/", body(call, paris_association), format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["reference"].startswith(f"COR-{call.year}-")
    assert (data["call"], data["association"]) == (call.pk, paris_association.pk)
    assert (data["region"], data["prefecture"], data["sector"]) == ("plateaux", "wawa", "energy")
    assert data["budget_lines"][0] == {"label": "Panneaux et batteries", "amount": 9_000_000}
    assert data["contributions"][2] == {"source": "state", "kind": "cash", "amount": 4_000_000}
    assert data["figures"] == {
        "budget_total": 10_000_000,
        "contributions_total": 10_000_000,
        "association_cash": 4_000_000,
        "community_total": 2_000_000,
        "state_requested": 4_000_000,
    }
    assert all(rule["ok"] for rule in data["rules"])
    assert data["grant_headroom"] == 4_000_000
    proposal = Proposal.objects.get(pk=data["id"])
    assert proposal.created_by == assoc_paris
    row = HistoryEntry.objects.for_object(proposal).get()
    assert (row.action, row.source, row.target_state) == ("create", Source.API, "draft")


def test_unknown_codes_are_named_field_by_field_and_nothing_is_created(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    payload = body(
        call,
        paris_association,
        region="atlantide",
        prefecture="nulle-part",
        sector="espace",
        contributions=[{"source": "banque", "kind": "cash", "amount": -5}],
    )
    payload["call"] = 999_999
    response = api_for(assoc_paris).post("/api/v1/proposals/", payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["call"] == ["Appel à projets inconnu : « 999999 »."]
    assert errors["region"] == ["Région inconnue : « atlantide »."]
    assert errors["prefecture"] == ["Préfecture inconnue : « nulle-part »."]
    assert errors["sector"]
    assert set(errors["contributions"]["0"]) == {"source", "amount"}
    assert not Proposal.objects.exists()


def test_a_budget_line_without_its_amount_is_pointed_at(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    payload = body(call, paris_association, budget_lines=[{"label": "Panneaux"}])
    response = api_for(assoc_paris).post("/api/v1/proposals/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["budget_lines"] == {
        "0": {"amount": ["Ce champ est obligatoire."]}
    }


def test_a_prefecture_outside_the_region_is_refused_on_its_field(
    api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    payload = body(call, paris_association, region="maritime")
    response = api_for(assoc_paris).post("/api/v1/proposals/", payload, format="json")
    assert response.status_code == 400
    assert "n'est pas dans la région" in response.json()["errors"]["prefecture"][0]
    assert not Proposal.objects.exists()


def test_an_association_out_of_the_members_sight_is_unknown(
    api_for: Any, assoc_paris: Any, brussels_association: Any, call: Call
) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/proposals/", body(call, brussels_association), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["association"] == [
        f"Association inconnue : « {brussels_association.pk} »."
    ]
    assert not Proposal.objects.exists()


def test_filing_for_a_visible_association_one_does_not_belong_to_is_forbidden(
    api_for: Any, paris_association: Any, brussels_association: Any, call: Call
) -> None:
    # A programme officer who is also a member of the Paris association sees every
    # association, but files only for its own.
    user = UserFactory(roles=["association_member", "programme_officer"])
    MembershipFactory(user=user, association=paris_association)
    response = api_for(user).post(
        "/api/v1/proposals/", body(call, brussels_association), format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Vous n'êtes pas membre de cette association."
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["officer", "committee", "auditor", "focal_paris"])
def test_only_association_members_draft_proposals(
    persona: Any, api_for: Any, who: str, paris_association: Any, call: Call
) -> None:
    # The role is refused before the body is even read.
    response = api_for(persona(who)).post("/api/v1/proposals/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Seuls les membres d'une association déposent des projets."


# --- Listing and reading --------------------------------------------------------


def test_the_list_is_filtered_by_status_call_region_sector_and_association(
    make_proposal: Any, submitted: Proposal, api_for: Any, officer: Any, call: Call, cast: Any
) -> None:
    from registry.models import Region

    make_proposal()  # a draft: the officer does not see it
    other = make_proposal(
        "submitted",
        by=cast["users"]["assoc_brussels"],
        association=cast["brussels"],
        sector="health",
        region=Region.objects.get(code="kara"),
        prefecture=None,
    )
    client = api_for(officer)

    def ids(**filters: Any) -> list[int]:
        response = client.get("/api/v1/proposals/", filters)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [other.pk, submitted.pk]
    assert ids(status="submitted", call=call.pk) == [other.pk, submitted.pk]
    assert ids(status="draft") == []
    assert ids(region="kara") == [other.pk]
    assert ids(sector="water") == [submitted.pk]
    assert ids(association=cast["paris"].pk) == [submitted.pk]
    assert ids(call=call.pk + 1) == []
    assert ids(sector="") == [other.pk, submitted.pk]


def test_an_unknown_filter_value_is_a_400(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/proposals/", {"status": "dream"})
    assert response.status_code == 400
    assert response.json()["errors"]["status"]


def test_the_list_is_paginated_by_a_next_link(
    make_proposal: Any, api_for: Any, assoc_paris: Any
) -> None:
    first, second, third = (make_proposal() for _ in range(3))
    client = api_for(assoc_paris)
    page = client.get("/api/v1/proposals/", {"page_size": 2}).json()
    assert set(page) == {"results", "next"}
    assert [row["id"] for row in page["results"]] == [third.pk, second.pk]
    page = client.get(page["next"]).json()
    assert [row["id"] for row in page["results"]] == [first.pk]
    assert page["next"] is None


# --- Editing --------------------------------------------------------------------


def test_a_member_edits_its_draft_and_given_lists_replace_the_old_ones(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = api_for(assoc_paris).patch(
        f"/api/v1/proposals/{draft.pk}/",
        {
            "title": "Forage à Agou",
            "budget_lines": [{"label": "Tout compris", "amount": 20_000_000}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Forage à Agou"
    assert data["budget_lines"] == [{"label": "Tout compris", "amount": 20_000_000}]
    assert len(data["contributions"]) == 4  # not given: kept
    assert data["figures"]["budget_total"] == 20_000_000


def test_a_submitted_proposal_cannot_be_edited(
    submitted: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = api_for(assoc_paris).patch(
        f"/api/v1/proposals/{submitted.pk}/", {"title": "Autre titre"}, format="json"
    )
    assert response.status_code == 409
    assert "brouillon ou renvoyé pour complément" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.title != "Autre titre"
    refusal = HistoryEntry.objects.for_object(submitted).get(action="update")
    assert refusal.outcome == Outcome.REFUSED


def test_someone_who_sees_a_proposal_but_is_not_a_member_cannot_edit_it(
    submitted: Proposal, api_for: Any, officer: Any
) -> None:
    response = api_for(officer).patch(
        f"/api/v1/proposals/{submitted.pk}/", {"title": ""}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Seuls les membres de l'association porteuse peuvent faire cela."
    )
    refusal = HistoryEntry.objects.for_object(submitted).get(action="update")
    assert (refusal.by, refusal.outcome) == (officer, Outcome.REFUSED)


def test_a_proposal_of_another_association_is_not_found(
    draft: Proposal, api_for: Any, assoc_brussels: Any
) -> None:
    client = api_for(assoc_brussels)
    assert client.get(f"/api/v1/proposals/{draft.pk}/").status_code == 404
    response = client.patch(f"/api/v1/proposals/{draft.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
    assert not HistoryEntry.objects.for_object(draft).filter(by=assoc_brussels).exists()


def test_an_edit_based_on_a_stale_status_is_refused(
    draft: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = api_for(assoc_paris).patch(
        f"/api/v1/proposals/{draft.pk}/",
        {"title": "Autre titre", "expected_state": "returned"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Cet élément a été modifié")
    draft.refresh_from_db()
    assert draft.title != "Autre titre"


def test_the_association_of_a_proposal_cannot_be_changed(
    draft: Proposal, api_for: Any, assoc_paris: Any, paris_association: Any, call: Call
) -> None:
    client = api_for(assoc_paris)
    path = f"/api/v1/proposals/{draft.pk}/"
    response = client.patch(path, {"call": call.pk, "association": 0}, format="json")
    assert response.status_code == 400
    response = client.patch(
        path, {"call": call.pk, "association": paris_association.pk}, format="json"
    )
    assert response.status_code == 200  # the same values sent back are fine


def test_a_proposal_moved_to_another_call_is_refused_on_that_field(
    draft: Proposal, api_for: Any, assoc_paris: Any, call: Call
) -> None:
    other = Call.objects.create(
        title="Second appel",
        year=call.year,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        envelope=1_000_000,
        max_grant=1_000_000,
        matching_ratio=1,
        max_grant_share="0.5",
        min_community_share="0.1",
        tranche_plan=[100],
    )
    response = api_for(assoc_paris).patch(
        f"/api/v1/proposals/{draft.pk}/", {"call": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["call"] == ["Ne se change pas après la création du projet."]

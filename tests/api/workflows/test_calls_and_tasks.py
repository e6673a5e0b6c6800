"""The calls for proposals with their rules, and each persona's inbox."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.models import Call, Proposal, Tranche


def test_any_signed_in_user_reads_the_open_call_with_its_rules(
    call: Call, api_for: Any, caseworker1: Any
) -> None:
    response = api_for(caseworker1).get("/api/v1/calls/")
    assert response.status_code == 200
    [shown] = response.json()["results"]
    assert response.json()["next"] is None
    assert {
        key: shown[key]
        for key in (
            "id",
            "title",
            "year",
            "envelope",
            "committed",
            "envelope_left",
            "max_grant",
            "matching_ratio",
            "max_grant_share",
            "min_community_share",
            "required_reviews",
            "tranche_plan",
            "is_open",
        )
    } == {
        "id": call.pk,
        "title": "Appel à projets de coréalisation",
        "year": call.year,
        "envelope": 500_000_000,
        "committed": 0,
        "envelope_left": 500_000_000,
        "max_grant": 25_000_000,
        "matching_ratio": "1.00",
        "max_grant_share": "0.500",
        "min_community_share": "0.100",
        "required_reviews": 2,
        "tranche_plan": [40, 40, 20],
        "is_open": True,
    }
    assert shown["opens_at"] and shown["closes_at"]
    assert shown["criteria"][0] == {
        "code": "relevance",
        "label": "Pertinence au regard des besoins locaux",
        "weight": "3.00",
    }
    assert len(shown["criteria"]) == 6


def test_a_call_shows_what_is_left_of_its_envelope_after_an_approval(
    approved: Proposal, call: Call, api_for: Any, assoc_paris: Any
) -> None:
    shown = api_for(assoc_paris).get(f"/api/v1/calls/{call.pk}/").json()
    assert (shown["committed"], shown["envelope_left"]) == (8_000_000, 492_000_000)


def test_an_unknown_call_is_not_found(cast: Any, api_for: Any, officer: Any) -> None:
    assert api_for(officer).get("/api/v1/calls/999999/").status_code == 404


def tasks(client: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/tasks/")
    assert response.status_code == 200
    assert response.json()["next"] is None
    return response.json()["results"]


def test_the_officer_finds_a_submitted_proposal_to_screen(
    submitted: Proposal, api_for: Any, officer: Any
) -> None:
    # The officers' desk also holds the demo data's reports of the difficulties register.
    [item] = [item for item in tasks(api_for(officer)) if item["process"] == "proposal"]
    assert {key: item[key] for key in ("process", "object_id", "task", "reference")} == {
        "process": "proposal",
        "object_id": submitted.pk,
        "task": "screen",
        "reference": submitted.reference,
    }
    assert item["label"] == "Examiner la recevabilité"
    assert item["since"]
    assert item["url"] == (
        f"http://testserver/projects/proposals/{submitted.pk}/#action-declare-admissible"
    )


def test_each_evaluator_finds_its_own_review_to_file(
    under_review: Proposal, api_for: Any, evaluator1: Any, cast: Any
) -> None:
    [item] = tasks(api_for(evaluator1))
    assert (item["task"], item["object_id"]) == ("review", under_review.pk)
    assert tasks(api_for(cast["users"]["evaluator3"])) == []


def test_the_work_moves_from_one_inbox_to_the_next(
    in_committee: Proposal, api_for: Any, committee: Any, evaluator1: Any
) -> None:
    assert [item["task"] for item in tasks(api_for(committee))] == ["decision"]
    assert tasks(api_for(evaluator1)) == []


def test_the_association_is_told_to_request_its_first_tranche(
    in_execution: Proposal, api_for: Any, assoc_paris: Any, assoc_brussels: Any
) -> None:
    first = Tranche.objects.get(proposal=in_execution, number=1)
    items = tasks(api_for(assoc_paris))
    assert [(item["task"], item["object_id"]) for item in items] == [
        ("request_tranche", in_execution.pk)
    ]
    assert str(first.number) in items[0]["label"]
    assert tasks(api_for(assoc_brussels)) == []


@pytest.mark.parametrize("who", ["caseworker1", "supervisor", "focal_paris", "auditor"])
def test_someone_with_no_part_in_the_programme_has_no_proposal_in_its_inbox(
    in_committee: Proposal, persona: Any, api_for: Any, who: str
) -> None:
    assert [item for item in tasks(api_for(persona(who))) if item["process"] == "proposal"] == []


@pytest.mark.parametrize(
    ("who", "process"),
    [
        ("supervisor", {"case"}),
        ("caseworker1", {"case"}),
        ("focal_paris", {"association", "difficulty"}),
    ],
)
def test_the_inbox_gathers_the_cases_and_the_associations_to_verify(
    persona: Any, api_for: Any, who: str, process: set[str]
) -> None:
    from config.work import work_items

    user = persona(who)
    items = tasks(api_for(user))
    assert {item["process"] for item in items} == process
    assert [item["task"] for item in items] == [item.task for item in work_items(user)]

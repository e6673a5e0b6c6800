"""Verifying and rejecting associations through the API, and their history."""

from __future__ import annotations

from typing import Any

from audit.models import HistoryEntry, Outcome, Source
from audit.services import record_history
from registry.models import Association, AssociationStatus


def transitions_path(association: Association, name: str = "") -> str:
    suffix = f"{name}/" if name else ""
    return f"/api/v1/associations/{association.pk}/transitions/{suffix}"


def refusals(association: Association) -> list[HistoryEntry]:
    return list(HistoryEntry.objects.for_object(association).filter(outcome=Outcome.REFUSED))


# --- What the caller may do now -----------------------------------------------


def test_the_focal_point_is_offered_to_verify_or_reject_a_pending_association(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).get(transitions_path(pending_paris_association))
    assert response.status_code == 200
    assert response.json() == [
        {"name": "verify", "label": "Vérifier l'association"},
        {"name": "reject", "label": "Rejeter l'inscription"},
    ]


def test_nothing_is_offered_once_the_association_is_verified(
    api_for: Any, focal_paris: Any, paris_association: Any
) -> None:
    assert api_for(focal_paris).get(transitions_path(paris_association)).json() == []


def test_nothing_is_offered_to_someone_who_may_only_read(
    api_for: Any, officer: Any, pending_paris_association: Any
) -> None:
    assert api_for(officer).get(transitions_path(pending_paris_association)).json() == []


def test_the_offer_of_an_association_out_of_sight_is_not_found(
    api_for: Any, focal_paris: Any, pending_brussels_association: Any
) -> None:
    response = api_for(focal_paris).get(transitions_path(pending_brussels_association))
    assert response.status_code == 404


# --- Firing them ----------------------------------------------------------------


def test_the_focal_point_verifies_a_pending_association_of_its_jurisdiction(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "verify"), format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified"
    assert response.json()["id"] == pending_paris_association.pk
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.VERIFIED
    entry = (
        HistoryEntry.objects.for_object(pending_paris_association)
        .exclude(source=Source.COMMAND)
        .get()
    )
    assert (entry.action, entry.source_state, entry.target_state) == (
        "verify",
        "pending",
        "verified",
    )
    assert (entry.by, entry.source, entry.outcome) == (focal_paris, Source.API, Outcome.DONE)


def test_a_focal_point_cannot_even_see_an_association_of_another_jurisdiction(
    api_for: Any, focal_paris: Any, pending_brussels_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_brussels_association, "verify"), format="json"
    )
    assert response.status_code == 404
    pending_brussels_association.refresh_from_db()
    assert pending_brussels_association.status == AssociationStatus.PENDING
    assert (
        not HistoryEntry.objects.for_object(pending_brussels_association)
        .exclude(source=Source.COMMAND)
        .exists()
    )


def test_a_member_cannot_verify_its_own_association_and_the_attempt_is_recorded(
    api_for: Any, assoc_paris: Any, paris_association: Any
) -> None:
    response = api_for(assoc_paris).post(
        transitions_path(paris_association, "verify"), format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Seul un point focal d'ambassade peut vérifier une association."
    )
    [refusal] = refusals(paris_association)
    assert (refusal.action, refusal.by, refusal.source) == ("verify", assoc_paris, Source.API)


def test_verifying_an_association_already_verified_is_a_conflict(
    api_for: Any, focal_paris: Any, paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(paris_association, "verify"), format="json"
    )
    assert response.status_code == 409
    assert (
        response.json()["detail"]
        == "Action « Vérifier l'association » impossible dans l'état « Vérifiée »."
    )
    paris_association.refresh_from_db()
    assert paris_association.status == AssociationStatus.VERIFIED
    assert [r.action for r in refusals(paris_association)] == ["verify"]


def test_rejecting_needs_a_reason(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "reject"), {"comment": "  "}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"comment": ["Indiquez le motif du rejet."]}
    assert response.json()["detail"] == "Indiquez le motif du rejet."
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_the_focal_point_rejects_with_a_reason_the_association_can_read(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "reject"),
        {"comment": "Statuts non fournis."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["status_comment"] == "Statuts non fournis."
    entry = (
        HistoryEntry.objects.for_object(pending_paris_association)
        .exclude(source=Source.COMMAND)
        .get()
    )
    assert (entry.action, entry.comment) == ("reject", "Statuts non fournis.")


def test_an_unknown_transition_is_not_found(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "approve"), format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Action inconnue : « approve »."
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_a_decision_taken_on_a_stale_view_is_a_conflict(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "verify"),
        {"expected_state": "rejected"},
        format="json",
    )
    assert response.status_code == 409
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_the_expected_state_when_it_matches_lets_the_transition_through(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).post(
        transitions_path(pending_paris_association, "verify"),
        {"expected_state": "pending"},
        format="json",
    )
    assert response.status_code == 200


def test_an_anonymous_caller_is_asked_to_authenticate(
    api_for: Any, pending_paris_association: Any
) -> None:
    response = api_for(None).post(transitions_path(pending_paris_association, "verify"))
    assert response.status_code == 401
    assert (
        not HistoryEntry.objects.for_object(pending_paris_association)
        .exclude(source=Source.COMMAND)
        .exists()
    )


# --- History --------------------------------------------------------------------


def test_the_history_lists_changes_and_refused_attempts_oldest_first(
    api_for: Any, focal_paris: Any, assoc_paris: Any, auditor: Any, paris_association: Any
) -> None:
    record_history(
        obj=paris_association, action="import", by=None, source=Source.COMMAND, comment="CSV"
    )
    api_for(assoc_paris).patch(
        f"/api/v1/associations/{paris_association.pk}/",
        {"contact_phone": "+33 1 00"},
        format="json",
    )
    api_for(focal_paris).post(transitions_path(paris_association, "verify"), format="json")

    response = api_for(auditor).get(f"/api/v1/associations/{paris_association.pk}/history/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["transition"], r["by"], r["origin"], r["outcome"]) for r in rows] == [
        # The demo's registration by its member and verification by the focal point.
        ("create", "assoc_paris", "command", "done"),
        ("verify", "focal_paris", "command", "done"),
        ("import", None, "command", "done"),
        ("update", "assoc_paris", "api", "done"),
        ("verify", "focal_paris", "api", "refused"),
    ]
    refused = rows[4]
    assert (refused["source"], refused["target"]) == ("verified", "verified")
    assert (
        refused["comment"]
        == "Action « Vérifier l'association » impossible dans l'état « Vérifiée »."
    )
    assert set(refused) == {
        "transition",
        "source",
        "target",
        "by",
        "at",
        "comment",
        "origin",
        "outcome",
    }


def test_the_history_of_an_association_out_of_sight_is_not_found(
    api_for: Any, assoc_paris: Any, brussels_association: Any
) -> None:
    response = api_for(assoc_paris).get(f"/api/v1/associations/{brussels_association.pk}/history/")
    assert response.status_code == 404

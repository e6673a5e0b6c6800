"""Association verification: the service, its rules and its history rows."""

from typing import Any, cast

import pytest
from django.core import mail

from accounts.roles import Role
from audit.models import HistoryEntry, Outcome, Source
from config.work import work_items
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed, StaleObject
from registry.models import AssociationStatus
from registry.services import association_reject, association_verify, focal_point_grant
from tests.factories import AssociationFactory, EmbassyFactory, UserFactory


def test_the_focal_point_of_the_embassy_verifies_a_pending_association(
    focal_paris, pending_paris_association, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = association_verify(
            association=pending_paris_association, by=focal_paris, source=Source.WEB
        )
    assert result.status == AssociationStatus.VERIFIED
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.VERIFIED
    row = HistoryEntry.objects.for_object(pending_paris_association).get(action="verify")
    assert (row.source_state, row.target_state, row.by, row.source) == (
        "pending",
        "verified",
        focal_paris,
        Source.WEB,
    )
    members = pending_paris_association.members.exclude(email="").values_list("email", flat=True)
    assert [message.to for message in mail.outbox] == [
        sorted({pending_paris_association.contact_email, *members})
    ]


def test_no_mail_leaves_before_the_verification_commits(focal_paris, pending_paris_association):
    association_verify(association=pending_paris_association, by=focal_paris, source=Source.WEB)
    assert mail.outbox == []


def test_a_focal_point_cannot_verify_an_association_of_another_jurisdiction(
    focal_paris, pending_brussels_association
):
    with pytest.raises(NotAllowed) as refused:
        association_verify(
            association=pending_brussels_association, by=focal_paris, source=Source.API
        )
    assert "Belgique" in refused.value.detail
    pending_brussels_association.refresh_from_db()
    assert pending_brussels_association.status == AssociationStatus.PENDING
    row = HistoryEntry.objects.for_object(pending_brussels_association).get(action="verify")
    assert row.outcome == Outcome.REFUSED
    assert row.by == focal_paris


@pytest.mark.parametrize(
    "username", ["assoc_paris", "officer", "committee", "supervisor", "auditor", "evaluator1"]
)
def test_only_a_focal_point_verifies_associations(cast, username, pending_paris_association):
    with pytest.raises(NotAllowed):
        association_verify(
            association=pending_paris_association, by=cast["users"][username], source=Source.WEB
        )
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_a_focal_point_without_an_embassy_verifies_nothing(pending_paris_association):
    stray = UserFactory(roles=["embassy_focal_point"])
    with pytest.raises(NotAllowed):
        association_verify(association=pending_paris_association, by=stray, source=Source.WEB)


def test_a_verified_association_cannot_be_verified_again(focal_paris, paris_association):
    with pytest.raises(InvalidState):
        association_verify(association=paris_association, by=focal_paris, source=Source.WEB)
    refusal = (
        HistoryEntry.objects.for_object(paris_association)
        .exclude(source=Source.COMMAND)
        .get(action="verify")
    )
    assert refusal.outcome == Outcome.REFUSED


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(
    focal_paris, pending_paris_association
):
    with pytest.raises(ConditionsUnmet) as refused:
        association_reject(
            association=pending_paris_association, by=focal_paris, source=Source.WEB, comment="  "
        )
    assert refused.value.fields == {"comment": ["Indiquez le motif du rejet."]}
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_rejecting_keeps_the_reason(focal_paris, pending_paris_association):
    association_reject(
        association=pending_paris_association,
        by=focal_paris,
        source=Source.WEB,
        comment="Statuts non fournis",
    )
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.REJECTED
    assert pending_paris_association.status_comment == "Statuts non fournis"


def test_a_stale_request_is_refused_with_a_clear_message(focal_paris, pending_paris_association):
    association_reject(
        association=pending_paris_association, by=focal_paris, source=Source.WEB, comment="Doublon"
    )
    with pytest.raises(StaleObject) as refused:
        association_verify(
            association=pending_paris_association,
            by=focal_paris,
            source=Source.WEB,
            expected_state="pending",
        )
    assert "modifié" in refused.value.detail
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.REJECTED


def test_a_registration_with_no_focal_point_to_verify_it_is_the_superusers_task(
    admin_user: Any, focal_paris: Any, client: Any
) -> None:
    orphan: Any = AssociationFactory(
        embassy=EmbassyFactory(code="lisbonne"), name="Amicale de Lisbonne"
    )
    assert orphan.pk not in {
        i.object_id for i in work_items(focal_paris) if i.process == "association"
    }
    client.force_login(admin_user)
    assert "Amicale de Lisbonne" in client.get("/tasks/").content.decode()

    focal_point_grant(
        user=cast(Any, UserFactory(roles=[Role.EMBASSY_FOCAL_POINT])),
        embassy=orphan.embassy,
        by=admin_user,
        source=Source.COMMAND,
    )
    assert "Amicale de Lisbonne" not in client.get("/tasks/").content.decode()

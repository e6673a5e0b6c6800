"""The demo cast is brought to its states by the services, as in real use: every
object has the history and the inbox tasks its state needs."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from audit.models import HistoryEntry, Outcome
from cases.models import Case, CaseStatus
from config.work import work_items
from processes.repair import all_mismatches
from registry.models import Association, AssociationStatus, Expert


def _seed() -> None:
    call_command("seed_demo", password="demo", force=True, stdout=io.StringIO())


def test_the_demo_leaves_nothing_to_repair_and_the_supervisor_has_the_plan_to_decide(
    cast: dict[str, Any],
) -> None:
    _seed()
    assert all_mismatches() == []
    planned = Case.objects.get(status=CaseStatus.PLAN_SUBMITTED)
    tasks = {(item.task, item.reference) for item in work_items(cast["users"]["supervisor"])}
    assert ("plan_review", planned.reference) in tasks


def test_each_verified_demo_association_was_verified_by_its_focal_point_or_the_superuser(
    cast: dict[str, Any],
) -> None:
    users = cast["users"]
    verifiers = {"ARKF": users["focal_paris"], "DSSB": users["admin"]}
    for association in Association.objects.filter(status=AssociationStatus.VERIFIED):
        rows = HistoryEntry.objects.for_object(association)
        verify = rows.get(action="verify", outcome=Outcome.DONE)
        assert verify.by == verifiers[association.acronym]
        assert rows.filter(action="create").exists()
        assert association.members.exists()


def test_every_demo_registration_and_the_call_have_their_history(cast: dict[str, Any]) -> None:
    for obj in [*Association.objects.all(), *Expert.objects.all(), cast["call"]]:
        assert HistoryEntry.objects.for_object(obj).filter(action="create").exists(), obj
    assert cast["call"].criteria.count() == 6


def test_seeding_again_changes_nothing(cast: dict[str, Any]) -> None:
    before = HistoryEntry.objects.count()
    _seed()
    _seed()
    assert HistoryEntry.objects.count() == before
    assert all_mismatches() == []

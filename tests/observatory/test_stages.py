"""Time spent in each stage, the proposals waiting longest and the evaluators' open
reviews (observatory.stages), on proposals moved through the services at known times."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.chain import ALTERED, verify
from audit.models import HistoryEntry, Source
from observatory.stages import STAGES, open_reviews, stage_days, waiting_longest
from processes.backfill import fill_status_since, fill_stays
from tests.audit.tampering import TABLE, tamper
from tests.workflows.builders import (
    EVALUATORS,
    SCORES,
    advance,
    advance_tranche,
    member_of,
    new_proposal,
    user,
)
from workflows import services
from workflows.models import Proposal, Review, Tranche
from workflows.models import ProposalStatus as S
from workflows.models import TrancheStatus as T

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class Clock:
    """`timezone.now()` as the services read it, at `start` plus the days asked."""

    def __init__(self, start: datetime.datetime) -> None:
        self.start = self.now = start

    def at(self, days: float) -> Clock:
        self.now = self.start + days * DAY
        return self


@pytest.fixture
def clock() -> Iterator[Clock]:
    # Within the demo call's opening (a month back), on the hour.
    start = (timezone.now() - 25 * DAY).replace(minute=0, second=0, microsecond=0)
    moving = Clock(start)
    with mock.patch("django.utils.timezone.now", lambda: moving.now):
        yield moving


def returned(proposal: Proposal) -> Proposal:
    return services.proposal_return_for_completion(
        proposal=proposal, by=user("officer"), source=Source.WEB, comment="Joignez le devis."
    )


def resubmitted(proposal: Proposal) -> Proposal:
    return services.proposal_resubmit(
        proposal=proposal, by=member_of(proposal.association), source=Source.WEB
    )


def one_review(proposal: Proposal) -> Proposal:
    services.review_file(
        proposal=proposal,
        by=user(EVALUATORS[0]),
        source=Source.WEB,
        scores=SCORES,
        recommendation="favourable",
    )
    return proposal


def moved(clock: Clock, obj: Any, *steps: tuple[float, Any]) -> Any:
    """`obj` moved on at each step's day: to a state (through the builders) or by a function."""
    for days, step in steps:
        clock.at(days)
        if callable(step):
            obj = step(obj)
        elif isinstance(obj, Tranche):
            obj = advance_tranche(obj, step)
        else:
            obj = advance(obj, step)
    return obj


@pytest.fixture
def scenario(cast: dict[str, Any], clock: Clock) -> dict[str, Proposal]:
    """A: submitted (day 0), returned (3), resubmitted (5), admitted (6.5), reviewed (10.5),
    approved (12.5), signed (20); its first tranche requested (21), approved (22), paid (23).
    B: submitted (1), admitted (2), reviewed (4): in committee since. C: submitted (2).
    D: submitted (5), admitted (6), one review filed. E: submitted (5), admitted (7).
    Now is day 25."""
    a, b, c, d, e = (new_proposal(call=cast["call"]) for _ in range(5))
    a = moved(
        clock,
        a,
        (0, S.SUBMITTED),
        (3, returned),
        (5, resubmitted),
        (6.5, S.UNDER_REVIEW),
        (10.5, S.IN_COMMITTEE),
        (12.5, S.APPROVED),
        (20, S.IN_EXECUTION),
    )
    tranche = Tranche.objects.get(proposal=a, number=1)
    moved(clock, tranche, (21, T.REQUESTED), (22, T.APPROVED), (23, T.PAID))
    b = moved(clock, b, (1, S.SUBMITTED), (2, S.UNDER_REVIEW), (4, S.IN_COMMITTEE))
    c = moved(clock, c, (2, S.SUBMITTED))
    d = moved(clock, d, (5, S.SUBMITTED), (6, S.UNDER_REVIEW), (6, one_review))
    e = moved(clock, e, (5, S.SUBMITTED), (7, S.UNDER_REVIEW))
    clock.at(25)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def ours(scenario: dict[str, Proposal]) -> Any:
    return Proposal.objects.filter(pk__in=[p.pk for p in scenario.values()])


def percentile_cont(values: list[float], fraction: float) -> float:
    """The percentile as PostgreSQL's `percentile_cont` computes it, over the values."""
    if len(values) == 1:
        return values[0]
    if fraction == 0.5:
        return statistics.median(values)
    return statistics.quantiles(values, n=10, method="inclusive")[int(fraction * 10) - 1]


def expected(values: list[float]) -> dict[str, Any]:
    return {
        "median": round(percentile_cont(values, 0.5), 1),
        "p90": round(percentile_cont(values, 0.9), 1),
        "count": len(values),
    }


def test_each_stage_counts_each_proposal_and_its_percentiles(
    scenario: dict[str, Proposal],
) -> None:
    # Screening: A's two stays added up (3 and 1.5 days, returned then resubmitted), B's
    # (1 day); D's and E's (1 and 2 days). Review: A's 4 days, B's 2. Committee: A's 2 days.
    days = stage_days(ours(scenario))

    assert days["screening"] == expected([4.5, 1.0, 1.0, 2.0])
    assert days["review"] == expected([4.0, 2.0])
    assert days["committee"] == expected([2.0])
    assert days["signature"] == expected([7.5])
    assert days["tranche_1"] == expected([2.0])
    assert list(days) == ["screening", "review", "committee", "signature", "tranche_1"]


def stays_in_history(pks: list[int]) -> dict[str, dict[int, float]]:
    """Per state, per proposal, its stays there added up (days), from the history's
    transition rows."""
    stays: dict[str, dict[int, float]] = {}
    rows = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), object_id__in=pks
    ).exclude(source_since=None)
    for row in rows:
        assert row.source_since is not None
        per_proposal = stays.setdefault(row.source_state, {})
        lasted = (row.at - row.source_since) / DAY
        per_proposal[row.object_id] = per_proposal.get(row.object_id, 0) + lasted
    return stays


def test_the_figures_are_the_stays_the_history_holds(scenario: dict[str, Proposal]) -> None:
    """Each figure equals a direct computation over the history's transition rows: per
    proposal, its stays in the stage's state added up."""
    stays = stays_in_history([p.pk for p in scenario.values()])
    days = stage_days(ours(scenario))

    for stage, state in STAGES.items():
        assert days[stage] == expected(list(stays[state].values()))


def test_a_proposal_returned_twice_counts_once_with_its_stays_added(
    cast: dict[str, Any], clock: Clock
) -> None:
    proposal = moved(
        clock,
        new_proposal(call=cast["call"]),
        (0, S.SUBMITTED),
        (1, returned),
        (2, resubmitted),
        (4, returned),
        (5, resubmitted),
        (5.5, S.UNDER_REVIEW),
    )

    assert stage_days(Proposal.objects.filter(pk=proposal.pk))["screening"] == expected([3.5])
    proposal.refresh_from_db()
    assert (proposal.screening_tenths, proposal.review_tenths) == (35, None)


def test_the_stages_read_no_history(scenario: dict[str, Proposal]) -> None:
    """The durations are read off the proposals' own columns, not joined to the history
    (over a million rows at 100,000 proposals)."""
    with CaptureQueriesContext(connection) as queries:
        stage_days(ours(scenario))

    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if HistoryEntry._meta.db_table in q["sql"]]


def test_the_durations_filled_from_the_history_equal_the_transitions_own(
    scenario: dict[str, Proposal],
) -> None:
    """Proposals moved before the columns existed get them from the history, the same as
    the transitions write them."""
    fields = list(Proposal.STAY_FIELDS.values())

    def durations() -> dict[int, tuple[int | None, ...]]:
        return {pk: tuple(rest) for pk, *rest in ours(scenario).values_list("pk", *fields)}

    written = durations()
    # A: screening 3 + 1.5 days, review 4, committee 2, signature 7.5; C: still screened.
    assert written[scenario["a"].pk] == (45, 40, 20, 75)
    assert written[scenario["c"].pk] == (None, None, None, None)
    Proposal.objects.update(**dict.fromkeys(fields))
    content_type = ContentType.objects.get_for_model(Proposal)

    fill_stays(connection, Proposal._meta.db_table, content_type.pk, Proposal.STAY_FIELDS)

    assert durations() == written


def test_a_stage_without_stays_has_no_figure(cast: dict[str, Any]) -> None:
    days = stage_days(Proposal.objects.none())

    assert days == {
        code: {"median": None, "p90": None, "count": 0}
        for code in ("screening", "review", "committee", "signature")
    }


def test_the_longest_waits_come_first(scenario: dict[str, Proposal], clock: Clock) -> None:
    waiting = waiting_longest(ours(scenario))

    # A is in execution (not waiting on the programme); B, C, D, E wait.
    assert [row["id"] for row in waiting] == [scenario[k].pk for k in ("c", "b", "d", "e")]
    first = waiting[0]
    since = clock.start + 2 * DAY
    assert first == {
        "id": scenario["c"].pk,
        "reference": scenario["c"].reference,
        "title": scenario["c"].title,
        "status": S.SUBMITTED,
        "since": since.isoformat(),
        "days": round((clock.now - since) / DAY, 1),
    }
    assert [row["days"] for row in waiting] == [23.0, 21.0, 19.0, 18.0]
    assert len(waiting_longest(ours(scenario), limit=2)) == 2


def test_open_reviews_per_evaluator(scenario: dict[str, Proposal], clock: Clock) -> None:
    reviews = open_reviews(ours(scenario))

    open_ones = Review.objects.filter(proposal__in=ours(scenario), submitted_at=None)
    counts = Counter(review.evaluator.username for review in open_ones)
    assert counts == {"evaluator2": 2, "evaluator1": 1}
    assert [(row["evaluator"], row["open"]) for row in reviews] == list(counts.most_common())
    for row in reviews:
        oldest = min(r.assigned_at for r in open_ones if r.evaluator.username == row["evaluator"])
        assert row["oldest_days"] == round((clock.now - oldest) / DAY, 1)
        assert row["name"] == user(row["evaluator"]).get_full_name()


def test_each_function_reads_a_bounded_number_of_queries(
    scenario: dict[str, Proposal], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):  # the stages' durations, the tranches
        stage_days(ours(scenario))
    with django_assert_num_queries(1):
        waiting_longest(ours(scenario))
    with django_assert_num_queries(1):
        open_reviews(ours(scenario))


# --- The kit: when an object entered its state -------------------------------------------


def test_a_transition_records_when_the_state_left_was_entered(
    scenario: dict[str, Proposal], clock: Clock
) -> None:
    b = Proposal.objects.get(pk=scenario["b"].pk)
    assert b.status_since == clock.start + 4 * DAY
    rows = HistoryEntry.objects.for_object(b).exclude(source_since=None).order_by("at")[1:]
    assert [(r.source_state, r.source_since, r.at) for r in rows] == [
        (S.SUBMITTED, clock.start + 1 * DAY, clock.start + 2 * DAY),
        (S.UNDER_REVIEW, clock.start + 2 * DAY, clock.start + 4 * DAY),
    ]
    assert verify(HistoryEntry, "default").broken is None


def test_a_changed_stay_breaks_the_chain(scenario: dict[str, Proposal]) -> None:
    row = HistoryEntry.objects.for_object(scenario["b"]).exclude(source_since=None).first()
    assert row is not None
    tamper(f"UPDATE {TABLE} SET source_since = at WHERE id = %s", [row.pk])

    broken = verify(HistoryEntry, "default").broken
    assert broken is not None and broken.row.pk == row.pk and broken.reason == ALTERED


OLD_MOVES = [
    ("submit", S.DRAFT, S.SUBMITTED, 0),
    ("comment", S.SUBMITTED, S.SUBMITTED, 1),
    ("return", S.SUBMITTED, S.RETURNED, 3),
    ("resubmit", S.RETURNED, S.SUBMITTED, 5),
    ("admit", S.SUBMITTED, S.UNDER_REVIEW, 6.5),
]


def written_before_the_stays(proposal: Proposal, clock: Clock) -> list[HistoryEntry]:
    """`proposal`'s moves as the rows written before `source_since` existed hold them."""
    return HistoryEntry.objects.bulk_create(
        HistoryEntry(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=proposal.pk,
            action=action,
            source_state=source,
            target_state=target,
            at=clock.start + days * DAY,
            source=Source.WEB,
        )
        for action, source, target, days in OLD_MOVES
    )


def test_the_migration_leaves_the_rows_written_before_it_untouched(
    scenario: dict[str, Proposal], clock: Clock, cast: dict[str, Any]
) -> None:
    """History rows are never updated: the rows written before `source_since` existed
    keep it empty, and their hashes, and the chain still holds."""
    written_before_the_stays(new_proposal(call=cast["call"]), clock)
    before = list(HistoryEntry.objects.values_list("pk", "hash", "source_since"))
    loader = MigrationLoader(connection)
    state = loader.project_state(("audit", "0010_history_source_since"))
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)

    for operation in loader.get_migration("audit", "0010_history_source_since").operations:
        if isinstance(operation, RunPython):
            operation.code(state.apps, editor)  # type: ignore[arg-type]

    assert list(HistoryEntry.objects.values_list("pk", "hash", "source_since")) == before
    assert verify(HistoryEntry, "default").broken is None


def test_the_stays_of_rows_written_before_them_are_filled_from_the_rows_before(
    cast: dict[str, Any], clock: Clock
) -> None:
    """A proposal moved before `source_since` existed: its stays are the time between
    its rows (a stay ends where the row before moved it into the state left)."""
    proposal = new_proposal(call=cast["call"])
    written_before_the_stays(proposal, clock)
    content_type = ContentType.objects.get_for_model(Proposal)

    fill_stays(
        connection, Proposal._meta.db_table, content_type.pk, Proposal.STAY_FIELDS, proposal.pk - 1
    )

    proposal.refresh_from_db()
    # Screening: 3 days, returned, then 1.5 days once resubmitted; no review left yet.
    assert (proposal.screening_tenths, proposal.review_tenths) == (45, None)


def test_objects_made_before_get_the_time_they_entered_their_state(
    scenario: dict[str, Proposal], clock: Clock, cast: dict[str, Any]
) -> None:
    draft = new_proposal(call=cast["call"])
    Proposal.objects.update(status_since=None)
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)

    fill = fill_status_since("workflows", "Proposal", created="created_at")
    fill.code(apps, editor)  # type: ignore[arg-type]  # what the migration reads of them

    since = dict(Proposal.objects.values_list("pk", "status_since"))
    assert since[scenario["b"].pk] == clock.start + 4 * DAY
    assert since[scenario["a"].pk] == clock.start + 20 * DAY
    assert since[draft.pk] == draft.created_at

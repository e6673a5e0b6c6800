"""Concurrent approvals, each in its own thread and database connection.

The grant is taken from the call's envelope by a conditional UPDATE inside the
approval's transaction, and the proposal row is locked while it moves: two
committee members deciding at the same moment cannot overspend the envelope,
nor approve one proposal twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F

from audit.models import HistoryEntry, Outcome, Source
from processes.transitions import ActionRefused, ConditionsUnmet, InvalidState
from workflows import services
from workflows.models import Call, Proposal, ProposalStatus

S = ProposalStatus
ROUNDS = 10
GRANT = 8_000_000


def sqlite_cannot_queue_writers() -> bool:
    """Whether this SQLite test database makes a second writer fail instead of wait.

    An in-memory test database (shared cache) answers "database table is locked" at
    once, whatever the timeout; a file database in the default deferred mode answers
    "database is locked" to a transaction that read before writing. A file test
    database (`TEST["NAME"]`) with `OPTIONS["transaction_mode"] = "IMMEDIATE"` queues
    writers behind the timeout, and these tests then run on SQLite too.
    """
    if connection.vendor != "sqlite":
        return False
    settings = connection.settings_dict
    test_name = (settings.get("TEST") or {}).get("NAME")
    in_memory = not test_name or test_name == ":memory:" or "mode=memory" in str(test_name)
    mode = str((settings.get("OPTIONS") or {}).get("transaction_mode") or "").upper()
    return in_memory or mode != "IMMEDIATE"


pytestmark = [
    # Real transactions, one connection per thread; the data the migrations load
    # (roles, geography) is restored after every flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data_restored"),
    pytest.mark.skipif(
        sqlite_cannot_queue_writers(),
        reason=(
            "SQLite here makes a concurrent writer fail at once instead of waiting: "
            "needs a file test database and transaction_mode IMMEDIATE (runs on PostgreSQL)."
        ),
    ),
]


def approve_together(
    attempts: list[tuple[int, str | None]], committee_id: int
) -> list[Proposal | ActionRefused]:
    """Approve each (proposal id, expected state) in its own thread, all released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Proposal | ActionRefused | BaseException | None] = [None] * len(attempts)

    def attempt(index: int, proposal_id: int, expected_state: str | None) -> None:
        try:
            member = get_user_model().objects.get(pk=committee_id)
            proposal = Proposal.objects.get(pk=proposal_id)
            barrier.wait(timeout=30)
            outcomes[index] = services.proposal_approve(
                proposal=proposal,
                by=member,
                source=Source.API,
                grant_amount=GRANT,
                expected_state=expected_state,
            )
        except BaseException as exc:  # reported to the test below, whatever it is
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(index, proposal_id, expected))
        for index, (proposal_id, expected) in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an approval never finished"
    unexpected = [o for o in outcomes if not isinstance(o, Proposal | ActionRefused)]
    assert not unexpected, f"an approval failed with {unexpected!r}"
    return [o for o in outcomes if isinstance(o, Proposal | ActionRefused)]


def approve_rows(proposal: Proposal) -> list[str]:
    return list(
        HistoryEntry.objects.for_object(proposal)
        .filter(action="approve")
        .values_list("outcome", flat=True)
    )


def test_two_approvals_racing_for_the_last_of_the_envelope_cannot_both_win(
    make_proposal: Callable[..., Proposal], cast: dict[str, Any], call: Call
) -> None:
    committee_id = cast["users"]["committee"].pk
    for round_number in range(1, ROUNDS + 1):
        first = make_proposal(S.IN_COMMITTEE)
        second = make_proposal(S.IN_COMMITTEE)
        # 10 000 000 FCFA left: room for one grant of 8 000 000, not two.
        Call.objects.filter(pk=call.pk).update(committed=F("envelope") - 10_000_000)

        outcomes = approve_together([(first.pk, None), (second.pk, None)], committee_id)

        winners = [o for o in outcomes if isinstance(o, Proposal)]
        losers = [o for o in outcomes if isinstance(o, ActionRefused)]
        assert len(winners) == 1, f"round {round_number}: {outcomes!r}"
        assert len(losers) == 1 and isinstance(losers[0], ConditionsUnmet), f"round {round_number}"
        assert losers[0].messages == [
            "La subvention (8 000 000 FCFA) dépasse le reste de l'enveloppe "
            "de l'appel (2 000 000 FCFA)."
        ]
        assert losers[0].fields["grant_amount"]

        fresh_call = Call.objects.get(pk=call.pk)
        assert fresh_call.committed == fresh_call.envelope - 10_000_000 + GRANT
        winner = Proposal.objects.get(pk=winners[0].pk)
        loser = Proposal.objects.get(pk={first.pk, second.pk}.difference({winner.pk}).pop())
        assert winner.status == S.APPROVED and winner.grant_amount == GRANT
        assert loser.status == S.IN_COMMITTEE and loser.grant_amount is None
        assert approve_rows(winner) == [Outcome.DONE]
        assert approve_rows(loser) == [Outcome.REFUSED]


@pytest.mark.parametrize(
    ("expected_state", "refusal"),
    [
        # A form or API call that says which state it saw: told the proposal changed.
        (S.IN_COMMITTEE, "Cet élément a été modifié par quelqu'un d'autre entre-temps."),
        # One that does not: told the approval is impossible from the new state.
        (None, "Action « Approuver et fixer la subvention » impossible dans l'état « Approuvé »."),
    ],
)
def test_one_proposal_approved_twice_at_the_same_moment_is_approved_once(
    make_proposal: Callable[..., Proposal],
    cast: dict[str, Any],
    call: Call,
    expected_state: str | None,
    refusal: str,
) -> None:
    committee_id = cast["users"]["committee"].pk
    for round_number in range(1, ROUNDS + 1):
        proposal = make_proposal(S.IN_COMMITTEE)
        committed_before = Call.objects.get(pk=call.pk).committed

        outcomes = approve_together(
            [(proposal.pk, expected_state), (proposal.pk, expected_state)], committee_id
        )

        winners = [o for o in outcomes if isinstance(o, Proposal)]
        losers = [o for o in outcomes if isinstance(o, ActionRefused)]
        assert len(winners) == 1, f"round {round_number}: {outcomes!r}"
        assert len(losers) == 1 and isinstance(losers[0], InvalidState), f"round {round_number}"
        assert losers[0].status == 409
        assert losers[0].detail.startswith(refusal)
        assert Call.objects.get(pk=call.pk).committed == committed_before + GRANT
        assert Proposal.objects.get(pk=proposal.pk).status == S.APPROVED
        assert sorted(approve_rows(proposal)) == [Outcome.DONE, Outcome.REFUSED]

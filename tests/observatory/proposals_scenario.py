"""Proposals of two associations (ARKF of Paris, DSSB of Brussels) over three calls, in
every kind of state, moved through the services; and the figures each scope should
see, counted here row by row in Python, independently of `observatory.stats`."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from audit.models import HistoryEntry, Source
from registry.models import Association, Prefecture, Region
from tests.workflows.builders import (
    advance,
    advance_tranche,
    make_proposal,
    new_proposal,
    user,
)
from workflows import services
from workflows.demo import CALL_TITLE, CRITERIA, seed_call
from workflows.models import Call, Proposal, Tranche
from workflows.models import ProposalStatus as S
from workflows.models import TrancheStatus as T
from workflows.services import BudgetInput, ContributionInput

# Written out here rather than imported: the figures are checked against the app's own.
FUNDED = {"approved", "in_execution", "suspended", "terminated", "completed", "closed"}
COMMITTEE_ON = FUNDED | {"in_committee", "rejected"}

BUDGET = [BudgetInput("Construction", 15_000_000), BudgetInput("Équipement", 5_000_000)]


def contributions(association_cash: int, state: int) -> list[ContributionInput]:
    """20 M in all: the association's cash, the grant asked for, and the rest."""
    community = 2_000_000
    return [
        ContributionInput("association", "cash", association_cash),
        ContributionInput("community", "in_kind", community),
        ContributionInput("state", "cash", state),
        ContributionInput("partner", "cash", 20_000_000 - association_cash - state - community),
    ]


def other_call(title: str, year: int, envelope: int) -> Call:
    now = timezone.now()
    template = seed_call(user("officer"))
    call = Call(
        title=title,
        year=year,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=100),
        envelope=envelope,
        max_grant=template.max_grant,
        matching_ratio=template.matching_ratio,
        max_grant_share=template.max_grant_share,
        min_community_share=template.min_community_share,
        required_reviews=2,
        tranche_plan=[40, 40, 20],
    )
    return services.call_save(call=call, criteria=CRITERIA, by=user("officer"), source=Source.WEB)


@dataclass
class Scenario:
    calls: dict[str, Call]
    proposals: dict[str, Proposal]


def _draft(
    acronym: str,
    call: Call,
    region: str,
    prefecture: str | None,
    sector: str,
    cash: int,
    state: int,
) -> Proposal:
    return new_proposal(
        association=Association.objects.get(acronym=acronym),
        call=call,
        region=Region.objects.get(code=region),
        prefecture=Prefecture.objects.get(code=prefecture) if prefecture else None,
        sector=sector,
        budget=BUDGET,
        contributions=contributions(cash, state),
    )


def _approved(proposal: Proposal, grant: int) -> Proposal:
    proposal = advance(proposal, S.IN_COMMITTEE)
    services.proposal_approve(
        proposal=proposal, grant_amount=grant, by=user("committee"), source=Source.WEB
    )
    proposal.refresh_from_db()
    return proposal


def _pay(proposal: Proposal, number: int, to: str = T.PAID) -> None:
    advance_tranche(Tranche.objects.get(proposal=proposal, number=number), to)


def build() -> Scenario:
    year = timezone.localdate().year
    calls = {
        "a": Call.objects.get(title=CALL_TITLE, year=year),
        "b": other_call("Appel des régions", year - 1, 300_000_000),
        "c": other_call("Appel sans projet", year - 2, 100_000_000),
    }
    a, b = calls["a"], calls["b"]
    p: dict[str, Proposal] = {}
    p["draft"] = _draft("ARKF", a, "plateaux", "kloto", "water", 8_000_000, 8_000_000)
    p["submitted"] = advance(
        _draft("ARKF", a, "maritime", "lacs", "education", 8_000_000, 7_000_000), S.SUBMITTED
    )
    p["withdrawn"] = make_proposal(
        S.WITHDRAWN,
        association=Association.objects.get(acronym="DSSB"),
        call=b,
        prefecture=None,
    )
    p["review"] = advance(
        _draft("DSSB", b, "kara", "kozah", "health", 9_000_000, 6_000_000), S.UNDER_REVIEW
    )
    p["committee"] = advance(
        _draft("ARKF", a, "plateaux", "kloto", "water", 8_000_000, 5_000_000), S.IN_COMMITTEE
    )
    p["rejected"] = advance(
        _draft("ARKF", b, "savanes", "tone", "agriculture", 7_000_000, 4_000_000), S.REJECTED
    )
    p["approved"] = _approved(
        _draft("ARKF", a, "plateaux", "agou", "water", 8_000_000, 8_000_000), 6_000_000
    )
    executed = _approved(
        _draft("DSSB", b, "maritime", "lacs", "education", 9_000_000, 7_000_000), 7_000_000
    )
    p["execution"] = advance(executed, S.IN_EXECUTION)
    _pay(p["execution"], 1)
    _pay(p["execution"], 2, T.REQUESTED)
    terminated = advance(
        _approved(_draft("DSSB", a, "kara", "kozah", "health", 8_000_000, 8_000_000), 8_000_000),
        S.IN_EXECUTION,
    )
    _pay(terminated, 1)
    p["terminated"] = advance(terminated, S.TERMINATED)
    p["closed"] = advance(
        _approved(
            _draft("ARKF", a, "plateaux", "kloto", "water", 10_000_000, 5_000_000), 5_000_000
        ),
        S.CLOSED,
    )
    for proposal in p.values():
        proposal.refresh_from_db()
    return Scenario(calls=calls, proposals=p)


# --- The figures, counted row by row ------------------------------------------------------


def visible_to(username: str, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals each persona's figures count (docs/roles.md): never a draft, nor a
    draft withdrawn before it was ever submitted (its association's own work too)."""
    rules: dict[str, Any] = {
        "officer": lambda p: p.submitted_at is not None,
        "auditor": lambda p: p.submitted_at is not None,
        "admin": lambda p: True,
        "committee": lambda p: p.status in COMMITTEE_ON,
        "finance": lambda p: p.status in FUNDED,
        "supervisor": lambda p: False,
        "focal_paris": lambda p: p.association.embassy.code == "paris",
        "focal_bruxelles": lambda p: p.association.embassy.code == "bruxelles",
    }
    return [p for p in proposals if p.submitted_at is not None and rules[username](p)]


def _counts(values: list[str]) -> dict[str, int]:
    return dict(Counter(values))


STAGES = {
    "screening": "submitted",
    "review": "under_review",
    "committee": "in_committee",
    "signature": "approved",
}


def _stage_days(counted: list[Proposal]) -> dict[str, dict[str, Any]]:
    """Each stay counted once per state left (the history's done rows); every one of the
    scenario lasts seconds: 0.0 days."""
    ids = {p.pk for p in counted}
    rows = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), outcome="done"
    )
    left = Counter(
        row.source_state
        for row in rows
        if row.object_id in ids and row.source_state != row.target_state
    )
    paid = Counter(t.number for p in counted for t in p.tranches.all() if t.status == "paid")
    stays = {
        **{code: left[state] for code, state in STAGES.items()},
        **{f"tranche_{number}": paid[number] for number in sorted(paid)},
    }
    return {
        code: {"median": 0.0 if n else None, "p90": 0.0 if n else None, "count": n}
        for code, n in stays.items()
    }


def _waiting(counted: list[Proposal]) -> list[int]:
    waiting = [p for p in counted if p.status in STAGES.values()]
    return [p.pk for p in sorted(waiting, key=lambda p: (p.status_since, p.pk))][:10]


def _open_reviews(counted: list[Proposal]) -> dict[str, int]:
    return dict(
        Counter(
            r.evaluator.username for p in counted for r in p.reviews.all() if r.submitted_at is None
        )
    )


def expected(counted: list[Proposal], calls: list[Call], whole: bool = True) -> dict[str, Any]:
    """The figures; of the longest waits, the proposals' ids; of the open reviews,
    {evaluator: open}."""
    contributions = [(p, c) for p in counted for c in p.contributions.all()]
    paid = [(p, t) for p in counted for t in p.tranches.all() if t.status == "paid"]

    def committed_of(p: Proposal) -> int:
        return (p.grant_amount or 0) - p.released if p.status in FUNDED else 0

    committed = sum(committed_of(p) for p in counted)
    cash = sum(
        c.amount
        for p, c in contributions
        if c.source == "association" and c.kind == "cash" and committed_of(p) > 0
    )
    return {
        "total": len(counted),
        "by_status": _counts([p.status for p in counted]),
        "by_region": _counts([p.region.code for p in counted]),
        "by_prefecture": _counts([p.prefecture.code for p in counted if p.prefecture]),
        "by_sector": _counts([p.sector for p in counted]),
        "requested": sum(c.amount for _, c in contributions if c.source == "state"),
        "committed": committed,
        "disbursed": sum(t.amount for _, t in paid),
        "calls": [
            {
                "id": call.pk,
                "title": call.title,
                "year": call.year,
                "envelope": call.envelope,
                "committed": sum(committed_of(p) for p in counted if p.call_id == call.pk),
                "disbursed": sum(t.amount for p, t in paid if p.call_id == call.pk),
                "left": call.envelope - call.committed,
            }
            for call in calls
        ],
        "stage_days": _stage_days(counted),
        "waiting_longest": _waiting(counted) if whole else [],
        "open_reviews": _open_reviews(counted) if whole else {},
        "leverage": {
            "cash": cash,
            "grant": committed,
            "per_franc": round(cash / committed, 2) if committed else None,
        },
    }


def observer(username: str) -> User:
    return User.objects.get(username=username)


def comparable(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as `expected` gives them: the longest waits by id, the open reviews
    as {evaluator: open} (their days are checked in tests/observatory/test_stages.py)."""
    return {
        **figures,
        "waiting_longest": [row["id"] for row in figures["waiting_longest"]],
        "open_reviews": {row["evaluator"]: row["open"] for row in figures["open_reviews"]},
    }

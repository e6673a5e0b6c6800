"""The funding rules of a call: each verdict at, just under and just over its limit."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.models import Association
from workflows.models import Call, Proposal
from workflows.rules import (
    Figures,
    Verdict,
    approval_problems,
    budget_verdicts,
    grant_headroom,
    submission_problems,
    tranche_amounts,
)

LOME = ZoneInfo("Africa/Lome")
OPENS = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=LOME)
CLOSES = datetime.datetime(2026, 9, 30, 23, 30, tzinfo=LOME)


def rules(**overrides: object) -> Call:
    """The demo call's rules (README.md, « The demo cast »), unsaved."""
    values: dict[str, object] = {
        "title": "Appel test",
        "year": 2026,
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "envelope": 500_000_000,
        "committed": 0,
        "max_grant": 25_000_000,
        "matching_ratio": Decimal("1"),
        "max_grant_share": Decimal("0.5"),
        "min_community_share": Decimal("0.10"),
        "required_reviews": 2,
        "tranche_plan": [40, 40, 20],
        **overrides,
    }
    return Call(**values)


def figures(
    *,
    budget: int = 20_000_000,
    association_cash: int = 8_000_000,
    association_in_kind: int = 0,
    community_cash: int = 0,
    community_in_kind: int = 2_000_000,
    state: int = 8_000_000,
    partner: int = 2_000_000,
) -> Figures:
    return Figures.from_rows(
        [budget],
        [
            ("association", "cash", association_cash),
            ("association", "in_kind", association_in_kind),
            ("community", "cash", community_cash),
            ("community", "in_kind", community_in_kind),
            ("state", "cash", state),
            ("partner", "cash", partner),
        ],
    )


def verdict(code: str, figures: Figures, call: Call, grant: int | None = None) -> Verdict:
    (found,) = [v for v in budget_verdicts(figures, call, grant) if v.code == code]
    return found


# --- The figures ----------------------------------------------------------------


def test_the_figures_add_up_budget_lines_and_contributions_by_source_and_kind() -> None:
    found = Figures.from_rows(
        [12_000_000, 6_000_000, 2_000_000],
        [
            ("association", "cash", 5_000_000),
            ("association", "cash", 3_000_000),
            ("association", "in_kind", 1_000_000),
            ("community", "in_kind", 1_500_000),
            ("community", "cash", 500_000),
            ("state", "cash", 7_000_000),
            ("partner", "cash", 2_000_000),
        ],
    )
    assert found == Figures(
        budget_total=20_000_000,
        contributions_total=20_000_000,
        association_cash=8_000_000,
        community_total=2_000_000,
        state_requested=7_000_000,
    )


# --- Each rule's verdict ----------------------------------------------------------


@pytest.mark.parametrize(
    ("contributions_short_by", "ok", "message"),
    [
        (
            0,
            True,
            "Le budget (20 000 000 FCFA) est égal au total des apports (20 000 000 FCFA).",
        ),
        (
            1,
            False,
            "Le budget (20 000 000 FCFA) n'est pas égal au total des apports (19 999 999 FCFA).",
        ),
        (
            -1,
            False,
            "Le budget (20 000 000 FCFA) n'est pas égal au total des apports (20 000 001 FCFA).",
        ),
    ],
)
def test_the_budget_must_equal_the_contributions_to_the_franc(
    contributions_short_by: int, ok: bool, message: str
) -> None:
    found = verdict("balanced", figures(partner=2_000_000 - contributions_short_by), rules())
    assert (found.ok, found.message) == (ok, message)


def test_an_empty_budget_is_never_balanced() -> None:
    empty = Figures.from_rows([], [])
    found = verdict("balanced", empty, rules())
    assert not found.ok
    assert found.message == "Le budget est vide : ajoutez au moins une ligne budgétaire."


@pytest.mark.parametrize(
    ("requested", "ok", "message"),
    [
        (
            24_999_999,
            True,
            "La subvention demandée (24 999 999 FCFA) respecte le plafond par projet "
            "(25 000 000 FCFA).",
        ),
        (
            25_000_000,
            True,
            "La subvention demandée (25 000 000 FCFA) respecte le plafond par projet "
            "(25 000 000 FCFA).",
        ),
        (
            25_000_001,
            False,
            "La subvention demandée (25 000 001 FCFA) dépasse le plafond par projet "
            "(25 000 000 FCFA).",
        ),
    ],
)
def test_the_requested_grant_is_held_to_the_ceiling_per_project(
    requested: int, ok: bool, message: str
) -> None:
    found = verdict("max_grant", figures(state=requested), rules())
    assert (found.ok, found.message) == (ok, message)


@pytest.mark.parametrize(
    ("requested", "ok", "message"),
    [
        (
            5_999_999,
            True,
            "La subvention demandée (5 999 999 FCFA) ne dépasse pas 1 × l'apport en numéraire "
            "de l'association (6 000 000 FCFA).",
        ),
        (
            6_000_000,
            True,
            "La subvention demandée (6 000 000 FCFA) ne dépasse pas 1 × l'apport en numéraire "
            "de l'association (6 000 000 FCFA).",
        ),
        (
            6_000_001,
            False,
            "La subvention demandée (6 000 001 FCFA) dépasse 1 × l'apport en numéraire "
            "de l'association (6 000 000 FCFA).",
        ),
        (
            10_000_000,
            False,
            "La subvention demandée (10 000 000 FCFA) dépasse 1 × l'apport en numéraire "
            "de l'association (6 000 000 FCFA).",
        ),
    ],
)
def test_the_requested_grant_is_held_to_the_matching_ratio_of_the_association_cash(
    requested: int, ok: bool, message: str
) -> None:
    found = verdict("matching_ratio", figures(association_cash=6_000_000, state=requested), rules())
    assert (found.ok, found.message) == (ok, message)


@pytest.mark.parametrize(
    ("requested", "ok"), [(8_999_999, True), (9_000_000, True), (9_000_001, False)]
)
def test_a_fractional_matching_ratio_is_written_the_french_way(requested: int, ok: bool) -> None:
    found = verdict(
        "matching_ratio",
        figures(association_cash=6_000_000, state=requested),
        rules(matching_ratio=Decimal("1.50")),
    )
    assert found.ok is ok
    assert " 1,5 × l'apport en numéraire de l'association (6 000 000 FCFA)." in found.message


def test_the_association_in_kind_contribution_does_not_count_towards_the_matching_ratio() -> None:
    found = verdict(
        "matching_ratio",
        figures(association_cash=1_000_000, association_in_kind=7_000_000, state=2_000_000),
        rules(),
    )
    assert not found.ok
    assert found.message == (
        "La subvention demandée (2 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (1 000 000 FCFA)."
    )


@pytest.mark.parametrize(
    ("budget", "requested", "ok", "message"),
    [
        (
            20_000_000,
            9_999_999,
            True,
            "La subvention demandée (9 999 999 FCFA) ne dépasse pas 50 % du budget total "
            "(20 000 000 FCFA).",
        ),
        (
            20_000_000,
            10_000_000,
            True,
            "La subvention demandée (10 000 000 FCFA) ne dépasse pas 50 % du budget total "
            "(20 000 000 FCFA).",
        ),
        (
            20_000_000,
            10_000_001,
            False,
            "La subvention demandée (10 000 001 FCFA) dépasse 50 % du budget total "
            "(20 000 000 FCFA).",
        ),
        # Half of an odd budget ends in half a franc: the limit is the whole franc below.
        (
            20_000_001,
            10_000_001,
            False,
            "La subvention demandée (10 000 001 FCFA) dépasse 50 % du budget total "
            "(20 000 001 FCFA).",
        ),
    ],
)
def test_the_requested_grant_is_held_to_its_share_of_the_budget(
    budget: int, requested: int, ok: bool, message: str
) -> None:
    found = verdict(
        "max_grant_share", figures(budget=budget, state=requested), rules(max_grant=50_000_000)
    )
    assert (found.ok, found.message) == (ok, message)


@pytest.mark.parametrize(
    ("budget", "community", "ok", "message"),
    [
        (
            20_000_000,
            1_999_999,
            False,
            "L'apport de la communauté locale (1 999 999 FCFA) est inférieur à 10 % "
            "du budget total, soit 2 000 000 FCFA.",
        ),
        (
            20_000_000,
            2_000_000,
            True,
            "L'apport de la communauté locale (2 000 000 FCFA) atteint 10 % "
            "du budget total, soit 2 000 000 FCFA.",
        ),
        (
            20_000_000,
            2_000_001,
            True,
            "L'apport de la communauté locale (2 000 001 FCFA) atteint 10 % "
            "du budget total, soit 2 000 000 FCFA.",
        ),
        # A tenth of 20 000 001 is 2 000 000,1: the community must bring the franc above.
        (
            20_000_001,
            2_000_000,
            False,
            "L'apport de la communauté locale (2 000 000 FCFA) est inférieur à 10 % "
            "du budget total, soit 2 000 001 FCFA.",
        ),
        (
            20_000_001,
            2_000_001,
            True,
            "L'apport de la communauté locale (2 000 001 FCFA) atteint 10 % "
            "du budget total, soit 2 000 001 FCFA.",
        ),
    ],
)
def test_the_local_community_must_bring_its_minimum_share_of_the_budget(
    budget: int, community: int, ok: bool, message: str
) -> None:
    found = verdict(
        "min_community_share", figures(budget=budget, community_in_kind=community), rules()
    )
    assert (found.ok, found.message) == (ok, message)


def test_the_community_share_counts_cash_and_in_kind_alike() -> None:
    found = verdict(
        "min_community_share",
        figures(community_cash=1_200_000, community_in_kind=800_000),
        rules(),
    )
    assert found.ok
    assert found.message.startswith("L'apport de la communauté locale (2 000 000 FCFA) atteint")


def test_an_empty_budget_fails_the_community_share_even_at_zero() -> None:
    found = verdict(
        "min_community_share", Figures.from_rows([], []), rules(min_community_share=Decimal("0"))
    )
    assert not found.ok


def test_a_grant_named_by_the_committee_is_checked_instead_of_the_request() -> None:
    found = verdict("matching_ratio", figures(state=20_000_000), rules(), grant=9_000_000)
    assert found.message == (
        "La subvention (9 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (8 000 000 FCFA)."
    )


def test_every_rule_has_a_verdict_in_a_fixed_order() -> None:
    assert [v.code for v in budget_verdicts(figures(), rules())] == [
        "balanced",
        "max_grant",
        "matching_ratio",
        "max_grant_share",
        "min_community_share",
    ]
    assert all(v.ok for v in budget_verdicts(figures(), rules()))


# --- Approval -------------------------------------------------------------------


@pytest.mark.parametrize("grant", [0, -1])
def test_a_grant_that_is_not_positive_is_refused_alone(grant: int) -> None:
    assert approval_problems(figures(), rules(), grant) == [
        "Le montant de la subvention doit être positif."
    ]


def test_the_committee_cannot_grant_more_than_was_requested() -> None:
    assert approval_problems(figures(association_cash=10_000_000), rules(), 8_000_001) == [
        "La subvention (8 000 001 FCFA) dépasse la subvention demandée (8 000 000 FCFA)."
    ]


def test_an_approval_names_every_rule_the_grant_breaks() -> None:
    problems = approval_problems(
        figures(budget=20_000_000, association_cash=6_000_000, state=12_000_000),
        rules(committed=495_000_000),
        12_000_000,
    )
    assert problems == [
        "La subvention (12 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (6 000 000 FCFA).",
        "La subvention (12 000 000 FCFA) dépasse 50 % du budget total (20 000 000 FCFA).",
        "La subvention (12 000 000 FCFA) dépasse le reste de l'enveloppe "
        "de l'appel (5 000 000 FCFA).",
    ]


@pytest.mark.parametrize(
    ("grant", "problems"),
    [
        (4_999_999, []),
        (5_000_000, []),
        (
            5_000_001,
            [
                "La subvention (5 000 001 FCFA) dépasse le reste de l'enveloppe "
                "de l'appel (5 000 000 FCFA)."
            ],
        ),
    ],
)
def test_an_approval_is_held_to_what_is_left_of_the_envelope(
    grant: int, problems: list[str]
) -> None:
    assert approval_problems(figures(), rules(committed=495_000_000), grant) == problems


def test_an_unbalanced_budget_does_not_stop_the_committee() -> None:
    assert approval_problems(figures(partner=0), rules(), 8_000_000) == []


# --- Headroom -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "found", "call", "expected"),
    [
        (
            "the request",
            figures(budget=60_000_000, association_cash=30_000_000, state=20_000_000),
            rules(),
            20_000_000,
        ),
        (
            "the ceiling per project",
            figures(budget=60_000_000, association_cash=30_000_000, state=28_000_000),
            rules(),
            25_000_000,
        ),
        (
            "the matching ratio",
            figures(budget=60_000_000, association_cash=12_000_000, state=20_000_000),
            rules(),
            12_000_000,
        ),
        (
            "the share of the budget",
            figures(budget=30_000_000, association_cash=30_000_000, state=20_000_000),
            rules(),
            15_000_000,
        ),
        (
            "the envelope",
            figures(budget=60_000_000, association_cash=30_000_000, state=20_000_000),
            rules(committed=493_000_000),
            7_000_000,
        ),
        (
            "the ratio, rounded down to the franc",
            figures(budget=60_000_000, association_cash=3_333_333, state=20_000_000),
            rules(matching_ratio=Decimal("1.5")),
            4_999_999,
        ),
        (
            "nothing requested",
            figures(state=0),
            rules(),
            0,
        ),
        (
            "an envelope fully committed",
            figures(),
            rules(committed=500_000_000),
            0,
        ),
    ],
)
def test_the_headroom_is_the_smallest_limit(
    limit: str, found: Figures, call: Call, expected: int
) -> None:
    assert grant_headroom(found, call) == expected, limit


# --- Tranches ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grant", "plan", "amounts"),
    [
        (8_000_000, [40, 40, 20], [3_200_000, 3_200_000, 1_600_000]),
        (1_000_001, [33, 33, 34], [330_000, 330_000, 340_001]),
        (10, [33, 33, 34], [3, 3, 4]),
        (7, [40, 40, 20], [2, 2, 3]),
        (1, [50, 50], [0, 1]),
        (0, [40, 40, 20], [0, 0, 0]),
        (12_345_679, [100], [12_345_679]),
        (999_999, [1, 1, 98], [9_999, 9_999, 980_001]),
    ],
)
def test_the_tranches_follow_the_plan_and_the_last_takes_the_remainder(
    grant: int, plan: list[int], amounts: list[int]
) -> None:
    assert tranche_amounts(grant, plan) == amounts
    assert sum(amounts) == grant


plans = st.sets(st.integers(min_value=1, max_value=99), max_size=20).map(
    lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 100], strict=True)]
)


@given(grant=st.integers(min_value=0, max_value=10**15), plan=plans)
def test_the_tranches_always_sum_to_the_grant_exactly(grant: int, plan: list[int]) -> None:
    assert sum(plan) == 100 and all(p > 0 for p in plan)
    amounts = tranche_amounts(grant, plan)
    assert len(amounts) == len(plan)
    assert sum(amounts) == grant
    assert all(amount >= 0 for amount in amounts)
    # Every tranche but the last is its share rounded down; the last takes what is left.
    assert amounts[:-1] == [grant * p // 100 for p in plan[:-1]]
    assert amounts[-1] == grant - sum(amounts[:-1]) >= grant * plan[-1] // 100


# --- Submission ------------------------------------------------------------------------


def proposal_for(association: Association, call: Call, local_partner: str = "Commune") -> Proposal:
    return Proposal(call=call, association=association, local_partner=local_partner)


@pytest.mark.parametrize(
    ("moment", "problems"),
    [
        (
            OPENS - datetime.timedelta(seconds=1),
            ["L'appel « Appel test 2026 » n'est pas encore ouvert (ouverture le 2 mars 2026)."],
        ),
        (OPENS, []),
        (CLOSES, []),
        (
            CLOSES + datetime.timedelta(seconds=1),
            ["L'appel « Appel test 2026 » est clos depuis le 30 septembre 2026."],
        ),
    ],
)
def test_a_submission_is_accepted_only_while_the_call_is_open(
    paris_association: Association, moment: datetime.datetime, problems: list[str]
) -> None:
    proposal = proposal_for(paris_association, rules())
    assert submission_problems(proposal, figures(), at=moment) == problems


def test_an_association_not_yet_verified_cannot_submit(
    pending_paris_association: Association,
) -> None:
    proposal = proposal_for(pending_paris_association, rules())
    assert submission_problems(proposal, figures(), at=OPENS) == [
        "L'association « Amicale des Originaires de la Kozah à Lyon (AOKL) » "
        "n'est pas encore vérifiée par son ambassade."
    ]


def test_a_submission_names_every_problem_at_once(
    pending_paris_association: Association,
) -> None:
    proposal = proposal_for(pending_paris_association, rules(), local_partner="   ")
    empty = Figures.from_rows([], [])
    assert submission_problems(proposal, empty, at=CLOSES + datetime.timedelta(days=1)) == [
        "L'appel « Appel test 2026 » est clos depuis le 30 septembre 2026.",
        "L'association « Amicale des Originaires de la Kozah à Lyon (AOKL) » "
        "n'est pas encore vérifiée par son ambassade.",
        "Indiquez au moins un partenaire local.",
        "Indiquez la subvention demandée à l'État (apport « État »).",
        "Le budget est vide : ajoutez au moins une ligne budgétaire.",
        "L'apport de la communauté locale (0 FCFA) est inférieur à 10 % "
        "du budget total, soit 0 FCFA.",
    ]


def test_a_proposal_without_a_state_contribution_is_asked_for_one(
    paris_association: Association,
) -> None:
    no_request = figures(state=0, partner=10_000_000)
    assert submission_problems(proposal_for(paris_association, rules()), no_request, at=OPENS) == [
        "Indiquez la subvention demandée à l'État (apport « État »)."
    ]


# --- The grant the committee may fix ---------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**11)
shares = st.decimals(min_value=0, max_value=1, places=2)


@st.composite
def calls_and_figures(draw: st.DrawFn) -> tuple[Call, Figures]:
    envelope = draw(amounts)
    call = rules(
        envelope=envelope,
        committed=draw(st.integers(min_value=0, max_value=envelope)),
        max_grant=draw(amounts),
        matching_ratio=draw(st.decimals(min_value=0, max_value=5, places=2)),
        max_grant_share=draw(shares),
        min_community_share=draw(shares),
    )
    sizes = {
        "budget": draw(amounts),
        "association_cash": draw(amounts),
        "association_in_kind": draw(amounts),
        "community_cash": draw(amounts),
        "community_in_kind": draw(amounts),
        "state": draw(amounts),
        "partner": draw(amounts),
    }
    return call, figures(**sizes)


@given(calls_and_figures(), st.integers(min_value=1, max_value=10**12))
def test_no_grant_above_the_headroom_is_ever_approved(
    case: tuple[Call, Figures], over: int
) -> None:
    call, budget = case
    headroom = grant_headroom(budget, call)
    assert headroom >= 0
    assert approval_problems(budget, call, headroom + over) != []


@given(calls_and_figures())
def test_the_headroom_is_refused_only_for_what_refuses_every_grant(
    case: tuple[Call, Figures],
) -> None:
    """The grant the committee is offered breaks no limit of its own: whatever stops it
    (an unbalanced budget, too small a community share) stops a grant of 1 XOF too."""
    call, budget = case
    headroom = grant_headroom(budget, call)
    if headroom > 0:
        assert set(approval_problems(budget, call, headroom)) <= set(
            approval_problems(budget, call, 1)
        )
    else:
        assert approval_problems(budget, call, 0) != []

"""The funding rules of a call, checked against a proposal's figures.

Pure functions over plain figures, so the same code answers the form while
the user types (unsaved data), `submit`, and the committee's `approve`.
Every verdict names its rule and the figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language, gettext

from documents.formatting import format_date, format_decimal, format_share, format_xof
from workflows.models import Call, ContributionKind, ContributionSource, Proposal


@lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """`gettext`, remembered per language: a list checks the rules of every row, and
    each check names a dozen rules and words."""
    return _translated(get_language(), message)


@dataclass(frozen=True)
class Figures:
    """A proposal's budget reduced to what the rules look at."""

    budget_total: int
    contributions_total: int
    association_cash: int
    community_total: int
    state_requested: int

    @classmethod
    def from_rows(
        cls,
        budget_amounts: Iterable[int],
        contributions: Iterable[tuple[str, str, int]],
    ) -> Figures:
        rows = list(contributions)
        return cls(
            budget_total=sum(int(a) for a in budget_amounts),
            contributions_total=sum(int(a) for _s, _k, a in rows),
            association_cash=sum(
                int(a)
                for s, k, a in rows
                if s == ContributionSource.ASSOCIATION and k == ContributionKind.CASH
            ),
            community_total=sum(int(a) for s, _k, a in rows if s == ContributionSource.COMMUNITY),
            state_requested=sum(int(a) for s, _k, a in rows if s == ContributionSource.STATE),
        )

    @classmethod
    def of(cls, proposal: Proposal) -> Figures:
        """From a saved proposal (uses prefetched lines when present)."""
        return cls.from_rows(
            (line.amount for line in proposal.budget_lines.all()),
            ((c.source, c.kind, c.amount) for c in proposal.contributions.all()),
        )


@dataclass(frozen=True)
class Verdict:
    code: str
    label: str
    ok: bool
    message: str


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def budget_verdicts(figures: Figures, call: Call, grant: int | None = None) -> list[Verdict]:
    """The call's rules for a grant (by default the requested state contribution)."""
    asked = figures.state_requested if grant is None else grant
    noun = _("La subvention demandée") if grant is None else _("La subvention")
    verdicts: list[Verdict] = []

    amounts = {
        "budget": format_xof(figures.budget_total),
        "contributions": format_xof(figures.contributions_total),
    }
    if figures.budget_total <= 0:
        balanced, message = False, _("Le budget est vide : ajoutez au moins une ligne budgétaire.")
    elif figures.budget_total == figures.contributions_total:
        balanced = True
        message = _("Le budget (%(budget)s) est égal au total des apports (%(contributions)s).")
        message %= amounts
    else:
        balanced = False
        message = _(
            "Le budget (%(budget)s) n'est pas égal au total des apports (%(contributions)s)."
        )
        message %= amounts
    verdicts.append(Verdict("balanced", _("Budget équilibré"), balanced, message))

    ok = asked <= call.max_grant
    verdicts.append(
        Verdict(
            "max_grant",
            _("Plafond par projet"),
            ok,
            _("%(noun)s (%(grant)s) %(verb)s le plafond par projet (%(cap)s).")
            % {
                "noun": noun,
                "grant": format_xof(asked),
                "verb": _("respecte") if ok else _("dépasse"),
                "cap": format_xof(call.max_grant),
            },
        )
    )

    cap = _floor(call.matching_ratio * figures.association_cash)
    ok = asked <= cap
    verdicts.append(
        Verdict(
            "matching_ratio",
            _("Contrepartie de la diaspora"),
            ok,
            (
                _(
                    "%(noun)s (%(grant)s) ne dépasse pas %(ratio)s × l'apport en numéraire "
                    "de l'association (%(cash)s)."
                )
                if ok
                else _(
                    "%(noun)s (%(grant)s) dépasse %(ratio)s × l'apport en numéraire "
                    "de l'association (%(cash)s)."
                )
            )
            % {
                "noun": noun,
                "grant": format_xof(asked),
                "ratio": format_decimal(call.matching_ratio),
                "cash": format_xof(figures.association_cash),
            },
        )
    )

    cap = _floor(call.max_grant_share * figures.budget_total)
    ok = asked <= cap
    verdicts.append(
        Verdict(
            "max_grant_share",
            _("Part de l'État dans le budget"),
            ok,
            (
                _("%(noun)s (%(grant)s) ne dépasse pas %(share)s du budget total (%(budget)s).")
                if ok
                else _("%(noun)s (%(grant)s) dépasse %(share)s du budget total (%(budget)s).")
            )
            % {
                "noun": noun,
                "grant": format_xof(asked),
                "share": format_share(call.max_grant_share),
                "budget": format_xof(figures.budget_total),
            },
        )
    )

    floor = call.min_community_share * figures.budget_total
    ok = figures.community_total >= floor and figures.budget_total > 0
    verdicts.append(
        Verdict(
            "min_community_share",
            _("Apport de la communauté locale"),
            ok,
            (
                _(
                    "L'apport de la communauté locale (%(community)s) atteint %(share)s "
                    "du budget total, soit %(needed)s."
                )
                if ok
                else _(
                    "L'apport de la communauté locale (%(community)s) est inférieur à %(share)s "
                    "du budget total, soit %(needed)s."
                )
            )
            % {
                "community": format_xof(figures.community_total),
                "share": format_share(call.min_community_share),
                "needed": format_xof(_ceil(floor)),
            },
        )
    )
    return verdicts


def submission_problems(
    proposal: Proposal, figures: Figures, *, at: datetime.datetime | None = None
) -> list[str]:
    """Everything that stops `submit` / `resubmit`, each named."""
    call = proposal.call
    problems: list[str] = []
    moment = at or timezone.now()
    if moment < call.opens_at:
        problems.append(
            _("L'appel « %(call)s » n'est pas encore ouvert (ouverture le %(date)s).")
            % {"call": call, "date": format_date(timezone.localtime(call.opens_at))}
        )
    elif moment > call.closes_at:
        problems.append(
            _("L'appel « %(call)s » est clos depuis le %(date)s.")
            % {"call": call, "date": format_date(timezone.localtime(call.closes_at))}
        )
    if not proposal.association.is_verified:
        problems.append(
            _("L'association « %(name)s » n'est pas encore vérifiée par son ambassade.")
            % {"name": proposal.association}
        )
    if not proposal.local_partner.strip():
        problems.append(_("Indiquez au moins un partenaire local."))
    if figures.state_requested <= 0:
        problems.append(_("Indiquez la subvention demandée à l'État (apport « État »)."))
    problems.extend(v.message for v in budget_verdicts(figures, call) if not v.ok)
    return problems


def grant_headroom(figures: Figures, call: Call) -> int:
    """The largest grant the rules, the request and the envelope allow (never negative)."""
    return max(
        0,
        min(
            call.max_grant,
            _floor(call.matching_ratio * figures.association_cash),
            _floor(call.max_grant_share * figures.budget_total),
            figures.state_requested,
            call.envelope_left,
        ),
    )


def approval_problems(figures: Figures, call: Call, grant: int) -> list[str]:
    """Everything that stops `approve` for `grant`, each named with its figures."""
    problems: list[str] = []
    if grant <= 0:
        problems.append(_("Le montant de la subvention doit être positif."))
        return problems
    if grant > figures.state_requested:
        problems.append(
            _("La subvention (%(grant)s) dépasse la subvention demandée (%(asked)s).")
            % {"grant": format_xof(grant), "asked": format_xof(figures.state_requested)}
        )
    problems.extend(
        v.message
        for v in budget_verdicts(figures, call, grant)
        if not v.ok and v.code != "balanced"
    )
    if grant > call.envelope_left:
        problems.append(
            _("La subvention (%(grant)s) dépasse le reste de l'enveloppe de l'appel (%(left)s).")
            % {"grant": format_xof(grant), "left": format_xof(call.envelope_left)}
        )
    return problems


def tranche_amounts(grant: int, plan: list[int]) -> list[int]:
    """Split the grant by the plan's percentages; the last tranche takes the remainder."""
    amounts = [grant * percentage // 100 for percentage in plan[:-1]]
    amounts.append(grant - sum(amounts))
    return amounts

"""The candidates for a published need, ranked in one SQL query, each with its reasons;
and the published needs an expert sees, the ones asking for its domains first
(docs/missions.md, « Matching »).

An expert is a candidate when it consented to be listed, holds at least one of the
need's domains and has no mission on the need, even a declined, withdrawn or cancelled
one (an expert holds one per need; the page lists those apart).
Its score adds up, from the same row of the query:

- 10 for each of the need's domains it holds;
- 8 for an availability window covering the need's dates;
- 3 for each working language of the need it speaks;
- 2 for each certified mission (at most 5 counted), plus the hosts' mean rating of
  them (rounded);
- 4 for a residence in West Africa, 3 elsewhere in Africa, 2 in Europe (travel cost).

Ties go by last name, then id. The portable SQL (SQLite and PostgreSQL) keeps to
subqueries and CASE: a JSON list of languages is matched on its text with the code in
quotes (`"en"` never matches `"ken"`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Contains
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from missions.choices import MissionStatus, NeedStatus, ReportAuthor
from missions.models import Availability, Mission, MissionNeed, MissionReport, labels_of
from registry.models import CompetenceDomain, Expert
from registry.models.reference import SpokenLanguage


def codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The points of each reason.
DOMAIN_POINTS = 10
AVAILABILITY_POINTS = 8
LANGUAGE_POINTS = 3
CERTIFIED_POINTS = 2
CERTIFIED_COUNTED = 5
# The travel cost from the country of residence: ECOWAS and Mauritania, the rest of
# Africa, Europe; elsewhere scores nothing.
WEST_AFRICA = codes("BF BJ CI CV GH GM GN GW LR ML MR NE NG SL SN TG")
AFRICA = codes(
    "AO BI BW CD CF CG CM DJ DZ EG EH ER ET GA GQ KE KM LS LY MA MG MU MW MZ NA RE RW SC"
    " SD SH SO SS ST SZ TD TN TZ UG YT ZA ZM ZW"
)
EUROPE = codes(
    "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT"
    " JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA"
)
ZONE_POINTS = {"west_africa": 4, "africa": 3, "europe": 2, "elsewhere": 0}

Competences = Expert.competences.through
NeedDomains = MissionNeed.domains.through


@dataclass(frozen=True)
class Candidate:
    """One ranked expert. `reasons` = {"domains": [codes], "available": bool,
    "languages": [codes], "certified_missions": int, "mean_rating": float | None,
    "country": "FR"}; `domains` keeps the matched domain rows for their labels."""

    expert: Expert
    score: int
    reasons: dict[str, Any]
    domains: tuple[CompetenceDomain, ...] = field(default=(), compare=False, repr=False)


def zone_of(country: str) -> str:
    if country in WEST_AFRICA:
        return "west_africa"
    if country in AFRICA:
        return "africa"
    if country in EUROPE:
        return "europe"
    return "elsewhere"


def _zone_points() -> Case:
    return Case(
        When(country__in=WEST_AFRICA, then=Value(ZONE_POINTS["west_africa"])),
        When(country__in=AFRICA, then=Value(ZONE_POINTS["africa"])),
        When(country__in=EUROPE, then=Value(ZONE_POINTS["europe"])),
        default=Value(0),
        output_field=IntegerField(),
    )


def _speaks(code: str) -> Contains:
    """The expert's JSON list of languages holds `code`: its text holds the code in
    quotes (portable, where JSON containment is not)."""
    return Contains(Cast("languages", output_field=TextField()), f'"{code}"')


def _flag(condition: Q | Contains) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("*")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _points(condition: Q | Contains, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _among(experts: QuerySet[Any], field: str = "expert_id") -> Q:
    """The expert is among `experts` (an uncorrelated subquery: the database hashes
    it once rather than running it for each candidate)."""
    return Q(pk__in=experts.order_by().values(field))


def _score(need: MissionNeed, domain_ids: list[int], languages: list[str]) -> Any:
    """The score of a candidate: a sum of CASEs over uncorrelated subqueries (the ORDER
    BY of thousands of rows), so that the correlated subqueries of the reasons run only
    for the rows kept. A capped count or a rounded mean is the sum of its thresholds:
    `min(n, 5)` = [n ≥ 1] + … + [n ≥ 5], `round(m)` = [m ≥ 0.5] + … + [m ≥ 4.5]."""
    certified = (
        Mission.objects.filter(status=MissionStatus.CERTIFIED)
        .values("expert_id")
        .annotate(n=Count("*"))
    )
    rated = (
        MissionReport.objects.filter(
            mission__status=MissionStatus.CERTIFIED, author=ReportAuthor.HOST
        )
        .values("mission__expert_id")
        .annotate(mean=Avg("rating"))
    )
    available = Availability.objects.filter(
        starts_on__lte=need.starts_on, ends_on__gte=need.ends_on
    )
    terms = [
        *(
            _points(_among(Competences.objects.filter(competencedomain_id=pk)), DOMAIN_POINTS)
            for pk in domain_ids
        ),
        _points(_among(available), AVAILABILITY_POINTS),
        *(_points(_speaks(code), LANGUAGE_POINTS) for code in languages),
        _zone_points(),
    ]
    record = [
        *(
            _points(_among(certified.filter(n__gte=n)), CERTIFIED_POINTS)
            for n in range(1, CERTIFIED_COUNTED + 1)
        ),
        *(
            _points(_among(rated.filter(mean__gte=r - 0.5), "mission__expert_id"), 1)
            for r in range(1, 6)
        ),
    ]
    # Most experts have no certified mission: one look-up for them.
    terms.append(
        Case(
            When(_among(certified), then=sum(record[1:], record[0])),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return sum(terms[1:], terms[0])


def _first(rows: QuerySet[Any]) -> Subquery:
    """The id of the first of `rows` (correlated) or null: unlike EXISTS, which
    PostgreSQL may hash over the whole table, run only for the rows kept."""
    return Subquery(rows.order_by().values("pk")[:1])


def candidates_queryset(need: MissionNeed, domains: list[CompetenceDomain]) -> QuerySet[Expert]:
    """The candidates of `need` (holding one of `domains`, the need's), annotated with
    their score and the reasons of it, best first."""
    domain_ids = [domain.pk for domain in domains]
    languages = [code for code in need.languages if code in SpokenLanguage.values]
    mine = {"expert_id": OuterRef("pk")}
    reasons: dict[str, Any] = {
        f"has_domain_{pk}": _first(Competences.objects.filter(competencedomain_id=pk, **mine))
        for pk in domain_ids
    }
    reasons |= {f"speaks_{code}": _flag(_speaks(code)) for code in languages}
    reasons |= {
        "available": _first(
            Availability.objects.filter(
                starts_on__lte=need.starts_on, ends_on__gte=need.ends_on, **mine
            )
        ),
        "certified_missions": _count(
            Mission.objects.filter(status=MissionStatus.CERTIFIED, **mine), "expert_id"
        ),
        "mean_rating": Subquery(
            MissionReport.objects.filter(
                mission__expert_id=OuterRef("pk"),
                mission__status=MissionStatus.CERTIFIED,
                author=ReportAuthor.HOST,
            )
            .order_by()
            .values("mission__expert_id")
            .annotate(mean=Avg("rating"))
            .values("mean")
        ),
    }
    # Any mission on the need, closed ones included: an expert holds one per need.
    already = Mission.objects.filter(need_id=need.pk, **mine)
    return (
        Expert.objects.filter(
            _among(Competences.objects.filter(competencedomain_id__in=domain_ids))
        )
        .filter(~Exists(already), consent_listed=True)
        .annotate(score=_score(need, domain_ids, languages), **reasons)
        .order_by("-score", "last_name", "id")
    )


def rank_candidates(need: MissionNeed, *, limit: int = 50) -> list[Candidate]:
    """The `limit` best candidates of `need`, best first (two queries: the need's
    domains, then the ranking)."""
    domains = list(need.domains.order_by("label_fr", "id"))
    if not domains:
        return []
    languages = [code for code in need.languages if code in SpokenLanguage.values]
    return [
        _candidate(row, domains, languages) for row in candidates_queryset(need, domains)[:limit]
    ]


def _candidate(row: Any, domains: list[CompetenceDomain], languages: list[str]) -> Candidate:
    """The candidate of an annotated row of `candidates_queryset`."""
    matched = tuple(d for d in domains if getattr(row, f"has_domain_{d.pk}") is not None)
    mean = row.mean_rating
    reasons = {
        "domains": [domain.code for domain in matched],
        "available": row.available is not None,
        "languages": [code for code in languages if getattr(row, f"speaks_{code}")],
        "certified_missions": int(row.certified_missions),
        "mean_rating": None if mean is None else round(float(mean), 1),
        "country": str(row.country),
    }
    return Candidate(row, int(row.score), reasons, matched)


def reason_lines(candidate: Candidate) -> list[str]:
    """The reasons of `candidate`'s rank, as sentences for the page."""
    reasons = candidate.reasons
    labels = [domain.label for domain in candidate.domains] or reasons["domains"]
    lines = [_("Domaines en commun : %(domains)s") % {"domains": ", ".join(labels)}]
    if reasons["available"]:
        lines.append(_("Disponible sur toute la période"))
    else:
        lines.append(_("Aucune disponibilité déclarée sur ces dates"))
    if reasons["languages"]:
        lines.append(
            _("Langues : %(languages)s")
            % {"languages": ", ".join(labels_of(SpokenLanguage, reasons["languages"]))}
        )
    missions = reasons["certified_missions"]
    if missions:
        line = ngettext("%(count)d mission attestée", "%(count)d missions attestées", missions) % {
            "count": missions
        }
        if reasons["mean_rating"] is not None:
            line += _(", note moyenne %(rating)s / 5") % {
                "rating": number_format(reasons["mean_rating"], decimal_pos=1)
            }
        lines.append(line)
    lines.append(_country_line(reasons["country"]))
    return lines


def _country_line(country: str) -> str:
    name = {"country": countries.name(country)}
    zone = zone_of(country)
    if zone == "west_africa":
        return _("Réside en Afrique de l'Ouest (%(country)s)") % name
    if zone == "africa":
        return _("Réside en Afrique (%(country)s)") % name
    if zone == "europe":
        return _("Réside en Europe (%(country)s)") % name
    return _("Réside hors d'Afrique et d'Europe (%(country)s)") % name


def needs_for_expert(expert: Expert, needs: QuerySet[MissionNeed]) -> QuerySet[MissionNeed]:
    """The published needs among `needs`, those asking for more of `expert`'s domains
    first, then by start date (annotated `matching_domains`)."""
    asked = NeedDomains.objects.filter(
        missionneed_id=OuterRef("pk"),
        competencedomain_id__in=Competences.objects.filter(expert_id=expert.pk).values(
            "competencedomain_id"
        ),
    )
    return (
        needs.filter(status=NeedStatus.PUBLISHED)
        .annotate(matching_domains=_count(asked, "missionneed_id"))
        .order_by("-matching_domains", "starts_on", "id")
    )

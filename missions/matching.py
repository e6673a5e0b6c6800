"""The candidates for a published need, ranked in one SQL query, each with its reasons;
and the published needs an expert sees, the ones asking for its domains first
(docs/missions.md, « Matching »).

An expert is a candidate when it consented to be listed, holds at least one of the
need's domains and has no live mission on the need yet (the page lists those apart).
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
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Round
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
# A mission in these states no longer makes its expert a current candidate.
CLOSED_CANDIDACY = (MissionStatus.DECLINED, MissionStatus.WITHDRAWN, MissionStatus.CANCELLED)

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


def _speaks(code: str) -> Q:
    """The expert's JSON list of languages holds `code` (on the list's text)."""
    return Q(languages__icontains=f'"{code}"')


def _flag(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _holds(domain_ids: list[int]) -> Exists:
    return Exists(
        Competences.objects.filter(expert_id=OuterRef("pk"), competencedomain_id__in=domain_ids)
    )


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("*")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def candidates_queryset(need: MissionNeed, domains: list[CompetenceDomain]) -> QuerySet[Expert]:
    """The candidates of `need` (holding one of `domains`, the need's), annotated with
    their reasons and score, best first."""
    domain_ids = [domain.pk for domain in domains]
    languages = [code for code in need.languages if code in SpokenLanguage.values]
    certified = Mission.objects.filter(expert_id=OuterRef("pk"), status=MissionStatus.CERTIFIED)
    annotations: dict[str, Any] = {
        f"has_domain_{domain.pk}": Exists(
            Competences.objects.filter(expert_id=OuterRef("pk"), competencedomain_id=domain.pk)
        )
        for domain in domains
    }
    annotations |= {f"speaks_{code}": _flag(_speaks(code)) for code in languages}
    annotations |= {
        "matched_domains": _count(
            Competences.objects.filter(
                expert_id=OuterRef("pk"), competencedomain_id__in=domain_ids
            ),
            "expert_id",
        ),
        "available": Exists(
            Availability.objects.filter(
                expert_id=OuterRef("pk"),
                starts_on__lte=need.starts_on,
                ends_on__gte=need.ends_on,
            )
        ),
        "certified_missions": _count(certified, "expert_id"),
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
    shared = sum((F(f"speaks_{code}") for code in languages), Value(0))
    score = (
        F("matched_domains") * DOMAIN_POINTS
        + _flag(Q(available=True)) * AVAILABILITY_POINTS
        + shared * LANGUAGE_POINTS
        + Least(F("certified_missions"), Value(CERTIFIED_COUNTED)) * CERTIFIED_POINTS
        + Coalesce(Round(F("mean_rating")), Value(0), output_field=IntegerField())
        + _zone_points()
    )
    live = Mission.objects.filter(need_id=need.pk, expert_id=OuterRef("pk")).exclude(
        status__in=CLOSED_CANDIDACY
    )
    return (
        Expert.objects.filter(_holds(domain_ids), consent_listed=True)
        .filter(~Exists(live))
        .annotate(**annotations)
        .annotate(score=score)
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
    matched = tuple(domain for domain in domains if getattr(row, f"has_domain_{domain.pk}"))
    mean = row.mean_rating
    reasons = {
        "domains": [domain.code for domain in matched],
        "available": bool(row.available),
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

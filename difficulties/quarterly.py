"""A quarter's figures of the register: what the quarterly report prints, attaches as
JSON and shows on its page (docs/difficulties.md, « The quarterly report »).

The reports counted are those registered in the quarter (`reported_at` in it; rejected
ones aside: out of scope). Their counts by category, by country and by administration
are three breakdowns of the same total, masked together (`processes.masking`: « <5 »,
with complementary suppression), every country of the embassies' jurisdictions and
every active administration listed, none reported included (« <5 » is 0 to 4), the
other countries together under « Autres pays »; a median delay over fewer than 5
reports is not shown; the most frequent unresolved difficulties come with anonymised
examples (only for groups of at least 5 reports), without country or date. Everything
here is plain JSON (strings, numbers, lists, dicts): the figures are the document's
attached data as they are.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries

from difficulties.access import registered
from difficulties.choices import Category, DifficultyStatus
from difficulties.models import Administration, Difficulty, QuarterlyReport
from difficulties.selectors.delays import Delay, median_delays
from processes.masking import (
    OTHER_COUNTRIES,
    SMALL,
    mask_partitions,
    masked_count,
    pool_countries,
)
from registry.models import Jurisdiction

S = DifficultyStatus

# How many unresolved difficulties the report lists, and examples for each.
TOP_UNRESOLVED = 5
EXAMPLES = 2
EXAMPLE_LENGTH = 280
HIDDEN = "…"
# The administration key of reports that name none yet.
NO_ADMINISTRATION = ""
NO_ADMINISTRATION_LABEL = "Non précisée"
# The countries of no embassy's jurisdiction, together.
OTHER_COUNTRIES_LABEL = "Autres pays"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: digits with spaces, dots, hyphens, slashes or brackets between them.
_PHONE = re.compile(r"(?:\+|\b00)?\(?\d[\d\s().\-/]{6,}\d")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
# A date written out: « 3 mars 1985 », « 1er mai », « mars 1985 ».
_DATE = re.compile(rf"(?i:\b(?:\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})(?:\s+\d{{2,4}})?\b)")
_DIGITS = re.compile(r"\w*\d[\w]*")
# What names someone: the next two words go, whatever their case.
_CUES = (
    r"je\s+m['’]?\s*appelle|mon\s+nom\s+est|je\s+suis|"
    r"dr\b\.?|docteur|pr\b\.?|professeur|me\b\.?|maître|"
    r"m\.|mme\b\.?|mlle\b\.?|monsieur|madame|mademoiselle|"
    r"mon\s+(?:fils|père|frère|mari|époux|oncle|neveu|cousin|petit-fils)|"
    r"ma\s+(?:fille|mère|sœur|soeur|femme|épouse|tante|nièce|cousine|petite-fille)"
)
_CALLED = re.compile(rf"(?P<lead>(?<!\w)(?i:{_CUES}))(?P<name>(?:\s+[^\s,.;:!?«»()]+){{1,2}})")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Capitalised words that name no one: kept in the examples.
COMMON_WORDS = frozenset(
    {
        "passeport",
        "passeports",
        "togo",
        "togolais",
        "togolaise",
        "togolaises",
        "état",
        "etat",
        "ambassade",
        "ambassades",
        "consulat",
        "consulats",
        "direction",
        "directions",
        "ministère",
        "ministere",
        "mairie",
        "préfecture",
        "prefecture",
        "république",
        "republique",
        "carte",
        "cni",
        "visa",
        "visas",
        "douane",
        "douanes",
        "banque",
        "police",
        "justice",
        "tribunal",
        "laissez-passer",
        "fcfa",
        "cfa",
        "je",
        "nous",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "mon",
        "ma",
        "mes",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "mais",
        "et",
        "ou",
        "donc",
        "depuis",
        "dr",
        "pr",
        "me",
        "m",
        "mme",
        "mlle",
        "monsieur",
        "madame",
        "mademoiselle",
        "docteur",
        "professeur",
        "maître",
    }
)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t«“\"'(")
    return not before or before[-1] in ".!?:\n"


def _names_gone(text: str) -> str:
    """Every capitalised word that does not start a sentence, common words aside."""

    def hide(found: re.Match[str]) -> str:
        word = found[0]
        if not word[0].isupper() or word.lower() in COMMON_WORDS:
            return word
        return word if _sentence_start(text, found.start()) else HIDDEN

    return _WORD.sub(hide, text)


def anonymised(description: str) -> str:
    """A description as an example: e-mail addresses, phone numbers, dates, every run of
    digits, the two words after what names someone (« je m'appelle », « M. », « mon
    fils »…) and every capitalised word not starting a sentence (but the domain's common
    words) replaced by « … », then its first 280 characters."""
    text = _EMAIL.sub(HIDDEN, description)
    text = _PHONE.sub(HIDDEN, text)
    text = _DATE.sub(HIDDEN, text)
    text = _DIGITS.sub(HIDDEN, text)
    text = _CALLED.sub(lambda found: f"{found['lead']} {HIDDEN}", text)
    text = _names_gone(text)
    text = re.sub(rf"{HIDDEN}(?:[\s./-]*{HIDDEN})+", HIDDEN, text)
    text = " ".join(text.split())
    if len(text) > EXAMPLE_LENGTH:
        text = text[: EXAMPLE_LENGTH - 1].rstrip() + HIDDEN
    return text


# --- The quarter ---------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def bounds(year: int, quarter: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The quarter's first instant and the next quarter's, in the platform's time zone."""
    report = QuarterlyReport(year=year, quarter=quarter)
    start = datetime.datetime.combine(report.starts_on, datetime.time.min)
    end = datetime.datetime.combine(report.ends_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def reports_of(year: int, quarter: int) -> QuerySet[Difficulty]:
    start, end = bounds(year, quarter)
    return (
        registered(Difficulty.objects.all())
        .filter(reported_at__gte=start, reported_at__lt=end)
        .exclude(status=S.REJECTED)
    )


# --- The figures ---------------------------------------------------------------------------


def _rows(counts: dict[str, Any], labels: dict[str, str], order: list[str]) -> list[dict[str, Any]]:
    return [{"key": key, "label": labels[key], "count": counts[key]} for key in order]


def _handled(reports: QuerySet[Difficulty], *fields: str) -> list[tuple[Any, ...]]:
    """`fields` of the reports, `handled_code` and `handled_by` being the administration a
    report is counted under: the one it was referred to, else the one it concerns (as
    `median_delays` does)."""
    handled = reports.annotate(
        handled_code=Coalesce("referred_to__code", "administration__code"),
        handled_by=Coalesce("referred_to__name", "administration__name"),
    )
    return list(handled.values_list(*fields))


def _delay_row(delay: Delay, count: Any) -> dict[str, Any]:
    """A median over fewer than 5 reports is not shown (None)."""
    return {
        "key": delay.key,
        "label": delay.label,
        "reports": count,
        "to_answer": delay.to_answer if delay.answered >= SMALL else None,
        "to_resolve": delay.to_resolve if delay.resolved >= SMALL else None,
    }


def _unresolved(reports: QuerySet[Difficulty]) -> list[dict[str, Any]]:
    """The most frequent unresolved difficulties: the reporter said the answer did not
    solve it, or the referral is past due; by category and administration."""
    stuck = reports.filter(
        Q(feedback_resolved=False) | Q(status=S.REFERRED, due_date__lt=timezone.localdate())
    )
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    fields = ("category", "handled_code", "handled_by", "description")
    rows = _handled(stuck.order_by("reported_at", "pk"), *fields)
    for category, code, name, description in rows:
        key = (category, code or NO_ADMINISTRATION)
        names[key[1]] = name or NO_ADMINISTRATION_LABEL
        groups[key].append(description)
    labels = dict(Category.choices)
    ranked = sorted(
        groups.items(), key=lambda item: (-len(item[1]), str(labels[item[0][0]]), item[0][1])
    )
    return [
        {
            "category": category,
            "category_label": str(labels[category]),
            "administration": code,
            "administration_label": names[code],
            "count": masked_count(len(descriptions)),
            # Examples only from a group too large to point at anyone.
            "examples": [anonymised(text) for text in descriptions[:EXAMPLES]]
            if len(descriptions) >= SMALL
            else [],
        }
        for (category, code), descriptions in ranked[:TOP_UNRESOLVED]
    ]


def quarterly_figures(year: int, quarter: int) -> dict[str, Any]:
    """The quarter's figures, masked, as plain JSON."""
    reports = reports_of(year, quarter)
    rows = _handled(reports, "category", "country", "handled_code", "handled_by")
    by_category = Counter({str(value): 0 for value in Category.values})
    per_country: Counter[str] = Counter()
    # Every active administration listed, none reported about included: « <5 » never
    # tells whether anyone reported at all.
    administration_labels = dict(
        Administration.objects.filter(active=True).values_list("code", "name")
    )
    administration_labels[NO_ADMINISTRATION] = NO_ADMINISTRATION_LABEL
    by_administration = Counter(dict.fromkeys(administration_labels, 0))
    for category, country, code, name in rows:
        by_category[category] += 1
        per_country[str(country)] += 1
        by_administration[code or NO_ADMINISTRATION] += 1
        if code:
            administration_labels[code] = name
    # Every country of the embassies' jurisdictions listed, the others pooled.
    listed = Jurisdiction.objects.values_list("country", flat=True)
    _total, by_country = pool_countries(listed, sorted(per_country.items()))
    total, masked = mask_partitions(
        {
            "category": dict(by_category),
            "country": by_country,
            "administration": dict(by_administration),
        },
        len(rows),
    )
    category_labels = {key: str(label) for key, label in Category.choices}
    country_labels = {
        code: OTHER_COUNTRIES_LABEL if code == OTHER_COUNTRIES else countries.name(code) or code
        for code in by_country
    }
    countries_order = sorted(
        by_country,
        key=lambda code: (code == OTHER_COUNTRIES, -by_country[code], country_labels[code]),
    )
    administrations_order = sorted(
        by_administration,
        key=lambda code: (code == NO_ADMINISTRATION, -by_administration[code], code),
    )
    delays = median_delays(reports)
    report = QuarterlyReport(year=year, quarter=quarter)
    return {
        "year": year,
        "quarter": quarter,
        "starts_on": report.starts_on.isoformat(),
        "ends_on": report.ends_on.isoformat(),
        "total": total,
        "by_category": _rows(masked["category"], category_labels, list(Category.values)),
        "by_country": _rows(masked["country"], country_labels, countries_order),
        "by_administration": _rows(
            masked["administration"], administration_labels, administrations_order
        ),
        "delays": {
            "by_category": [
                _delay_row(delay, masked["category"][delay.key]) for delay in delays.by_category
            ],
            "by_administration": [
                _delay_row(delay, masked["administration"][delay.key])
                for delay in delays.by_administration
            ],
        },
        "unresolved": _unresolved(reports),
    }

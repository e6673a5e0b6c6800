"""The reference data a row may name (embassies, regions, sectors…), loaded once per file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.functional import Promise
from django_countries import countries

from registry.importing.columns import fold
from registry.models import (
    CompetenceDomain,
    EducationLevel,
    Embassy,
    Jurisdiction,
    Prefecture,
    Region,
    Sector,
    SectorChoice,
    SpokenLanguage,
)

T = TypeVar("T")


def _table(entries: Iterable[tuple[T, str, Iterable[str | Promise]]]) -> dict[str, T]:
    """A lookup by code, also by label where no code or other label claims it."""
    by_code: dict[str, T] = {}
    by_label: dict[str, T | None] = {}
    for obj, code, labels in entries:
        by_code[fold(code, "-")] = obj
        for label in labels:
            key = fold(str(label), "-")
            # A label shared by two entries identifies neither.
            by_label[key] = None if key in by_label and by_label[key] is not obj else obj
    table = {key: obj for key, obj in by_label.items() if obj is not None}
    table.update(by_code)
    return table


@dataclass
class References:
    """Everything a row may refer to, loaded once per file."""

    countries: frozenset[str]
    embassies: dict[str, Embassy]
    embassy_codes: list[str]
    embassy_by_country: dict[str, Embassy]
    regions: dict[str, Region]
    region_codes: list[str]
    prefectures: dict[str, Prefecture]
    sectors: dict[str, SectorChoice]
    sector_codes: list[str]
    competences: dict[str, CompetenceDomain]
    education_levels: dict[str, str]
    languages: dict[str, str]

    @classmethod
    def load(cls) -> References:
        embassies = {e.pk: e for e in Embassy.objects.all()}
        regions = list(Region.objects.all())
        sectors = list(SectorChoice.objects.all())
        sector_labels = dict(Sector.choices)
        return cls(
            countries=frozenset(code for code, _name in countries),
            embassies=_table((e, e.code, (e.city, e.name)) for e in embassies.values()),
            embassy_codes=sorted(e.code for e in embassies.values()),
            embassy_by_country={
                str(country): embassies[embassy_id]
                for country, embassy_id in Jurisdiction.objects.values_list("country", "embassy_id")
            },
            regions=_table((r, r.code, (r.name,)) for r in regions),
            region_codes=[r.code for r in regions],
            prefectures=_table((p, p.code, (p.name,)) for p in Prefecture.objects.all()),
            sectors=_table((s, s.code, (sector_labels.get(s.code, s.code),)) for s in sectors),
            sector_codes=[s.code for s in sectors],
            competences=_table(
                (c, c.code, (c.label_fr, c.label_en)) for c in CompetenceDomain.objects.all()
            ),
            education_levels=_table(
                (code, code, (label,)) for code, label in EducationLevel.choices
            ),
            languages=_table((code, code, (label,)) for code, label in SpokenLanguage.choices),
        )


def reference_codes() -> dict[str, list[tuple[str, str]]]:
    """The codes a file may use, with their labels, for the upload page."""
    embassies = []
    for embassy in Embassy.objects.prefetch_related("jurisdictions"):
        covered = ", ".join(sorted(str(j.country) for j in embassy.jurisdictions.all()))
        embassies.append((embassy.code, f"{embassy.name} ({covered})" if covered else embassy.name))
    return {
        "embassies": embassies,
        "regions": [(r.code, r.name) for r in Region.objects.all()],
        "prefectures": [
            (p.code, f"{p.name} ({p.region.name})")
            for p in Prefecture.objects.select_related("region").order_by("region__name", "name")
        ],
        "sectors": [(code, str(label)) for code, label in Sector.choices],
        "competences": [(c.code, c.label) for c in CompetenceDomain.objects.all()],
        "languages": [(code, str(label)) for code, label in SpokenLanguage.choices],
        "education_levels": [(code, str(label)) for code, label in EducationLevel.choices],
    }

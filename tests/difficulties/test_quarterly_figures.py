"""The quarterly report's figures on a known quarter: counts under 5 masked « <5 » with
complementary suppression, medians over fewer than 5 reports hidden, the most frequent
unresolved difficulties with anonymised examples."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from difficulties.choices import DifficultyStatus
from difficulties.models import Administration
from difficulties.quarterly import anonymised, quarter_of, quarterly_figures
from processes.masking import MASK, OTHER_COUNTRIES
from registry.models import Jurisdiction
from tests.difficulties.builders import empty_the_register, make_difficulty
from tests.difficulties.quarterly_builders import (
    EMAILS,
    NAMES,
    OVERDUE_TEXT,
    PHONES,
    QUARTER,
    YEAR,
    known_quarter,
)

pytestmark = pytest.mark.django_db
S = DifficultyStatus

# What reporters write about themselves: none of it may reach an example.
SENTENCES = (
    "Je suis Kofi Mensah, né le 3 mars 1985 à Lomé, mon passeport n° A 123 456",
    "Bonjour, je m appelle Ama Koffi et j'attends mon passeport.",
    "Mon nom est kossi agbeko, merci.",
    "Le Dr Komlan Edem a signé le certificat.",
    "Mon fils Yao Agbeko Kossi n'a pas de passeport à Paris.",
)


@pytest.fixture
def figures(cast: Any) -> dict[str, Any]:
    known_quarter()
    return quarterly_figures(YEAR, QUARTER)


def counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["key"]: row["count"] for row in rows}


def test_the_counts_are_masked_under_5_with_complementary_suppression(figures):
    assert figures["total"] == 15
    by_category = counts(figures["by_category"])
    assert by_category["passport"] == 7 and by_category["civil_status"] == 6
    # Two visas, and no report at all in the nine other categories: all « <5 ».
    assert by_category["visa"] == MASK
    assert len(by_category) == 12
    others = set(by_category) - {"passport", "civil_status"}
    assert {by_category[key] for key in others} == {MASK}
    # Every country of a jurisdiction is listed, those with no report too (« <5 » is
    # 0 to 4, so the hidden ones protect one another); Senegal, of none, is pooled.
    by_country = counts(figures["by_country"])
    assert (by_country["FR"], by_country["DE"]) == (8, 6)
    assert by_country["BE"] == by_country["US"] == by_country[OTHER_COUNTRIES] == MASK
    assert "SN" not in by_country
    jurisdictions = set(Jurisdiction.objects.values_list("country", flat=True))
    assert set(by_country) == jurisdictions | {OTHER_COUNTRIES}
    assert figures["by_country"][-1]["label"] == "Autres pays"
    # Every active administration is listed, those with no report too.
    by_administration = counts(figures["by_administration"])
    assert (by_administration["dgdn"], by_administration["etat-civil"]) == (7, 6)
    assert by_administration["douanes"] == by_administration[""] == MASK
    active = set(Administration.objects.filter(active=True).values_list("code", flat=True))
    assert set(by_administration) == active | {""}


def test_a_country_or_administration_without_reports_is_masked_not_left_out(cast):
    """A row only for those with a report would tell that « <5 » means at least one."""
    make_difficulty(S.REPORTED, country="BE")
    year, quarter = quarter_of(timezone.localdate())
    by_country = counts(quarterly_figures(year, quarter)["by_country"])
    assert by_country["BE"] == by_country["NL"] == by_country["LU"] == MASK


def test_no_breakdown_leaves_a_single_hidden_count(figures):
    """A lone hidden count of a breakdown is the total minus the shown ones."""
    for name in ("by_category", "by_country", "by_administration"):
        hidden = [row for row in figures[name] if row["count"] == MASK]
        assert len(hidden) != 1, name


def test_the_medians_over_fewer_than_5_reports_are_not_shown(figures):
    by_category = {row["key"]: row for row in figures["delays"]["by_category"]}
    passport = by_category["passport"]
    assert (passport["reports"], passport["to_answer"], passport["to_resolve"]) == (7, 7.0, 30.0)
    civil = by_category["civil_status"]  # four answers, no resolution
    assert (civil["reports"], civil["to_answer"], civil["to_resolve"]) == (6, None, None)
    assert by_category["visa"]["reports"] == MASK
    by_administration = {row["key"]: row for row in figures["delays"]["by_administration"]}
    assert by_administration["dgdn"]["to_answer"] == 7.0
    # Six reports, four answered: the median is not shown.
    assert by_administration["etat-civil"]["reports"] == 6
    assert by_administration["etat-civil"]["to_answer"] is None


def test_the_unresolved_difficulties_come_most_frequent_first_anonymised(figures):
    first, second = figures["unresolved"]
    assert (first["category"], first["administration"], first["count"]) == (
        "civil_status",
        "etat-civil",
        MASK,
    )
    assert (second["category"], second["administration"]) == ("passport", "dgdn")
    # Groups under 5 reports: no example, whoever wrote it could be recognised.
    assert first["examples"] == second["examples"] == []
    text = str(figures["unresolved"])
    for secret in (*EMAILS, *PHONES, *NAMES, "2024123456", "@"):
        assert secret not in text
    # No country and no date with the examples.
    assert set(first) == {
        "category",
        "category_label",
        "administration",
        "administration_label",
        "count",
        "examples",
    }


def test_a_group_of_5_unresolved_reports_shows_2_anonymised_examples(cast):
    empty_the_register()
    for text in SENTENCES:
        difficulty = make_difficulty(S.UNRESOLVED, description=text)
    year, quarter = quarter_of(difficulty.reported_at.date())
    (group,) = quarterly_figures(year, quarter)["unresolved"]
    assert (group["count"], len(group["examples"])) == (5, 2)
    assert group["examples"][0] == "Je suis …, né le … à …, mon passeport n° …"
    for secret in ("Kofi", "Mensah", "Lomé", "1985", "mars", "123", "456", "Ama", "Koffi"):
        assert secret not in str(group["examples"])


def test_an_empty_quarter_has_its_tables_and_nothing_to_show(cast):
    figures = quarterly_figures(2024, 2)
    assert figures["total"] == MASK
    assert figures["unresolved"] == []
    assert {row["count"] for row in figures["by_country"]} == {MASK}
    assert all(row["count"] == MASK for row in figures["by_category"])


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Écrivez à jean.dupont+visa@mail.example.tg svp", ["jean.dupont", "@"], ["Écrivez"]),
        ("Appelez le +228 90 12 34 56 ou le 06.12.34.56.78", ["90 12", "06.12"], ["Appelez"]),
        ("Numéro 0022890123456 et passeport C01234567", ["00228", "01234567"], ["passeport"]),
        ("Je m'appelle Koffi Agbeko, né à Kpalimé", ["Koffi", "Agbeko", "Kpalimé"], ["né à"]),
        ("je m’appelle ama", ["ama"], ["je m’appelle"]),
        ("M. Yao KPODAR et Mme Afi Lawson-Body", ["Yao", "KPODAR", "Afi", "Lawson"], ["M.", "et"]),
        ("Les frais de 15 000 FCFA en 2024", ["15", "000", "2024"], ["frais de … FCFA en …"]),
        (
            SENTENCES[0],
            ["Kofi", "Mensah", "3 mars", "1985", "Lomé", "A 123", "456"],
            ["Je suis …, né le … à …, mon passeport n° …"],
        ),
        (SENTENCES[1], ["Ama", "Koffi"], ["je m appelle … et"]),
        (SENTENCES[2], ["kossi", "agbeko"], ["Mon nom est …, merci."]),
        (SENTENCES[3], ["Komlan", "Edem"], ["Le Dr … a signé"]),
        (SENTENCES[4], ["Yao", "Agbeko", "Kossi", "Paris"], ["Mon fils … n'a pas de passeport"]),
        (
            "L'Ambassade du Togo à Berlin et la Direction générale. Le consulat de Gao.",
            ["Berlin", "Gao"],
            ["L'Ambassade du Togo à … et la Direction générale. Le consulat de …."],
        ),
    ],
)
def test_anonymised_replaces_contacts_numbers_and_names(text, gone, kept):
    result = anonymised(text)
    assert "…" in result or not gone
    for word in gone:
        assert word not in result
    for word in kept:
        assert word in result


def test_an_example_is_at_most_280_characters():
    long = OVERDUE_TEXT + " Sans nouvelles." * 40
    result = anonymised(long)
    assert len(result) == 280 and result.endswith("…")

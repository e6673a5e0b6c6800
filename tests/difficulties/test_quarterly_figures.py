"""The quarterly report's figures on a known quarter: counts under 5 masked « <5 » with
complementary suppression, medians over fewer than 5 reports hidden, the most frequent
unresolved difficulties with anonymised examples."""

from __future__ import annotations

from typing import Any

import pytest

from difficulties.quarterly import anonymised, quarterly_figures
from processes.masking import MASK
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
    # Senegal's single report would be 15 - 8 - 6: Germany's six are hidden too.
    assert counts(figures["by_country"]) == {"FR": 8, "DE": MASK, "SN": MASK}
    # The two reports with no administration would be 15 - 7 - 6: the six hidden too.
    assert counts(figures["by_administration"]) == {"dgdn": 7, "etat-civil": MASK, "": MASK}


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
    assert by_administration["etat-civil"]["reports"] == MASK
    assert by_administration["etat-civil"]["to_answer"] is None


def test_the_unresolved_difficulties_come_most_frequent_first_anonymised(figures):
    first, second = figures["unresolved"]
    assert (first["category"], first["administration"], first["count"]) == (
        "civil_status",
        "etat-civil",
        MASK,
    )
    assert (second["category"], second["administration"]) == ("passport", "dgdn")
    assert len(first["examples"]) == 2 and len(second["examples"]) == 1
    assert "L'acte de naissance demandé à la mairie de Lomé" in first["examples"][0]
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


def test_an_empty_quarter_has_its_tables_and_nothing_to_show(cast):
    figures = quarterly_figures(2024, 2)
    assert figures["total"] == MASK
    assert figures["by_country"] == [] and figures["unresolved"] == []
    assert all(row["count"] == MASK for row in figures["by_category"])


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Écrivez à jean.dupont+visa@mail.example.tg svp", ["jean.dupont", "@"], ["Écrivez"]),
        ("Appelez le +228 90 12 34 56 ou le 06.12.34.56.78", ["90 12", "06.12"], ["Appelez"]),
        ("Numéro 0022890123456 et passeport C01234567", ["00228", "01234567"], ["passeport"]),
        ("Je m'appelle Koffi Agbeko, né à Kpalimé", ["Koffi", "Agbeko"], ["né à Kpalimé"]),
        ("je m’appelle ama", ["ama"], ["je m’appelle"]),
        ("M. Yao KPODAR et Mme Afi Lawson-Body", ["Yao", "KPODAR", "Afi", "Lawson"], ["M.", "et"]),
        ("Les frais de 15 000 FCFA en 2024", [], ["15 000 FCFA", "2024"]),
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

"""Amounts, numbers, shares and dates follow the active language; French elision of names."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from documents.formatting import (
    association_designation,
    de_name,
    format_date,
    format_decimal,
    format_percent,
    format_share,
    format_xof,
    strip_grouping,
)


@pytest.mark.parametrize(
    ("language", "amount", "number", "share", "day"),
    [
        ("fr", "25 000 000 FCFA", "0,647", "12,5 %", "31 janvier 2027"),
        ("en", "25,000,000 FCFA", "0.647", "12.5%", "31 January 2027"),
    ],
)
def test_amounts_numbers_shares_and_dates_follow_the_language(language, amount, number, share, day):
    with translation.override(language):
        assert format_xof(25_000_000) == amount
        assert format_decimal(Decimal("0.6470")) == number
        assert format_share(Decimal("0.125")) == share
        assert format_date(datetime.date(2027, 1, 31)) == day


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "25\u00a0000\u00a0000\u00a0FCFA · 3,82/5"), ("en", "25,000,000\u00a0FCFA · 3.82/5")],
)
def test_the_template_filters_follow_the_language(language, expected):
    template = Template("{% load money %}{{ amount|xof }} · {{ score|number }}/5")
    with translation.override(language):
        text = template.render(Context({"amount": 25_000_000, "score": Decimal("3.820")}))
    assert text == expected


@pytest.mark.parametrize(("language", "typed"), [("fr", "8 000 000"), ("en", "8,000,000")])
def test_an_amount_typed_as_the_page_shows_it_reads_back(language, typed):
    with translation.override(language):
        assert strip_grouping(typed) == "8000000"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Agou", "d'Agou"),
        ("Anié", "d'Anié"),
        ("Est-Mono", "d'Est-Mono"),
        ("Ogou", "d'Ogou"),
        ("Oti-Sud", "d'Oti-Sud"),
        ("Kloto", "de Kloto"),
        ("Haho", "de Haho"),
        ("Yoto", "de Yoto"),
        ("Édem", "d'Édem"),
    ],
)
def test_de_before_a_name_elides_before_a_vowel(name, expected):
    assert de_name(name) == expected


def test_the_de_name_filter_elides_too():
    text = Template("{% load french %}Préfecture {{ name|de_name }}").render(
        Context({"name": "Agou"})
    )
    assert html.unescape(text) == "Préfecture d'Agou"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Association des Ressortissants de Kloto", "L'Association des Ressortissants de Kloto"),
        (
            "Amicale des Originaires de la Kozah",
            "L'association Amicale des Originaires de la Kozah",
        ),
    ],
)
def test_an_association_named_association_is_not_called_association_twice(name, expected):
    assert association_designation(name) == expected


@pytest.mark.parametrize(("language", "expected"), [("fr", "40 %"), ("en", "40%")])
def test_a_percentage_is_written_as_the_language_writes_it(language, expected):
    with translation.override(language):
        assert format_percent(40) == expected

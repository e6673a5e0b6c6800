"""The observatory's bar charts: each bar's length follows its figure, the figure is
written beside it and in the table, a masked count is a hatched stub saying "<5", a
figure not shown has no bar; money and days in the app's formats."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.charts import (
    STUB,
    Value,
    bar_chart,
    count_text,
    days_text,
    grouped_chart,
    money_text,
    score_text,
    share_text,
)
from tests.a11y import Page

MASKED: dict[str, Value] = {"kara": "<5", "maritime": 12, "savanes": 0}


class Rendered:
    def __init__(self, html: str) -> None:
        self.content = html.encode()


def bars(chart: Any) -> list[tuple[str, str, float, bool]]:
    return [
        (bar.label, bar.text, round(bar.length, 1), bar.masked)
        for group in chart.groups
        for bar in group.bars
    ]


def test_the_largest_figure_comes_first_and_reaches_furthest() -> None:
    chart = bar_chart(
        "c",
        "Projets par région",
        {"kara": 2, "plateaux": 4, "savanes": 0},
        heading="Région",
        measure="Projets",
        label=str.title,
    )
    (first, second, third) = bars(chart)
    assert [first[0], second[0], third[0]] == ["Plateaux", "Kara", "Savanes"]
    assert second[2] == pytest.approx(first[2] / 2, abs=0.1)
    assert third[2] == 0
    assert [(row.header, row.cells) for row in chart.rows] == [
        ("Plateaux", ["4"]),
        ("Kara", ["2"]),
        ("Savanes", ["0"]),
    ]
    assert chart.columns == ["Région", "Projets"]
    assert chart.note == ""


def test_a_masked_count_is_a_hatched_stub_saying_under_five() -> None:
    chart = bar_chart(
        "cases",
        "Dossiers par région",
        MASKED,
        heading="Région",
        measure="Dossiers",
    )
    # Under 5: after the counts shown, before the zeros.
    assert bars(chart) == [
        ("maritime", "12", pytest.approx(bars(chart)[0][2]), False),
        ("kara", "<5", STUB, True),
        ("savanes", "0", 0, False),
    ]
    assert "moins de 5" in chart.note
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": chart})))
    masked = [
        e for e in page.elements if e.tag == "rect" and "obs-masked" in e.attrs.get("class", "")
    ]
    assert len(masked) == 1
    assert masked[0].attrs["fill"] == "url(#cases-hatch)"
    assert "cases-hatch" in page.by_id
    written = [
        e.text() for e in page.elements if e.tag == "text" and "obs-value" in e.attrs["class"]
    ]
    assert written == ["12", "<5", "0"]


def test_a_figure_not_shown_has_no_bar_and_a_dash() -> None:
    chart = bar_chart(
        "scores",
        "Scores",
        [("economic", 0.5), ("social", None)],
        heading="Dimension",
        measure="Score",
        fmt=score_text,
        ranked=False,
    )
    assert bars(chart)[1] == ("social", "—", 0, False)
    assert "« — »" in chart.note
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": chart})))
    assert (
        len([e for e in page.elements if e.tag == "rect" and e.attrs.get("class") == "obs-bar"])
        == 1
    )


def test_the_table_carries_every_figure_with_its_caption_and_scopes() -> None:
    chart = bar_chart(
        "status",
        "Projets par statut",
        {"submitted": 3, "approved": 1},
        heading="Statut",
        measure="Projets",
        ranked=False,
    )
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": chart})))
    caption = page.by_id["status-caption"]
    assert caption.tag == "caption"
    assert caption.text() == "Projets par statut : les chiffres"
    assert caption.parent is not None
    region = caption.parent.parent
    assert region is not None
    assert region.attrs["role"] == "region"
    assert region.attrs["aria-labelledby"] == "status-caption"
    assert region.attrs["tabindex"] == "0"
    headers = page.find("th")
    assert [(h.attrs.get("scope"), h.text()) for h in headers] == [
        ("col", "Statut"),
        ("col", "Projets"),
        ("row", "submitted"),
        ("row", "approved"),
    ]
    assert [e.text() for e in page.find("td")] == ["3", "1"]
    # The drawing repeats the table: assistive technology reads the table alone.
    (svg,) = page.find("svg")
    assert svg.attrs["aria-hidden"] == "true"
    assert svg.attrs["viewbox"].startswith("0 0 ")


def test_an_empty_chart_says_so() -> None:
    chart = bar_chart("none", "Projets par secteur", {}, heading="Secteur", measure="Projets")
    html = render_to_string("observatory/_bar_chart.html", {"chart": chart})
    assert "Aucune donnée pour ces filtres." in html
    assert "<svg" not in html


def test_a_grouped_chart_has_a_row_per_group_and_a_column_per_bar() -> None:
    chart = grouped_chart(
        "grant",
        "Subvention et enveloppe",
        [
            ("Appel 2026", {"envelope": 500_000_000, "committed": 25_000_000, "share": 0.05}),
            ("Appel 2025", {"envelope": 300_000_000, "committed": 0, "share": 0}),
        ],
        [("envelope", "Enveloppe"), ("committed", "Engagé")],
        heading="Appel",
        fmt=money_text,
        more=[("Part", lambda figures: share_text(figures["share"]))],
    )
    assert [group.title for group in chart.groups] == ["Appel 2026", "Appel 2025"]
    assert [bar.label for bar in chart.groups[0].bars] == ["Enveloppe", "Engagé"]
    assert chart.columns == ["Appel", "Enveloppe", "Engagé", "Part"]
    assert [(row.header, row.cells) for row in chart.rows] == [
        ("Appel 2026", ["500 000 000 FCFA", "25 000 000 FCFA", "5 %"]),
        ("Appel 2025", ["300 000 000 FCFA", "0 FCFA", "0 %"]),
    ]
    # One scale for every bar of the chart.
    envelope_2026, committed_2026 = chart.groups[0].bars
    assert committed_2026.length == pytest.approx(envelope_2026.length / 20, abs=0.1)


def test_the_figures_are_written_in_the_language_of_the_page() -> None:
    assert count_text(12_345) == "12 345"
    assert money_text(25_000_000) == "25 000 000 FCFA"
    assert days_text(12.54) == "12,5 j"
    assert score_text(0.6449) == "0,64"
    assert share_text(0.625) == "62,5 %"
    assert count_text("<5") == "<5"
    with translation.override("en"):
        assert money_text(25_000_000) == "25,000,000 FCFA"
        assert days_text(12.54) == "12.5 d"
        assert share_text(0.625) == "62.5%"


def test_the_table_is_closed_under_a_summary_saying_what_it_opens() -> None:
    chart = bar_chart(
        "status", "Projets par statut", {"submitted": 3}, heading="Statut", measure="Projets"
    )
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": chart})))
    (details,) = page.find("details")
    assert "open" not in details.attrs
    (summary,) = page.find("summary")
    assert summary.parent is details
    # Seen: "Les chiffres en tableau"; heard: which chart's figures.
    assert summary.text() == "Les chiffres en tableau : Projets par statut"
    (hidden,) = [e for e in page.elements if e.parent is summary]
    assert hidden.attrs["class"] == "visually-hidden"
    # The table is inside, caption and scopes kept.
    caption = page.by_id["status-caption"]
    assert any(a is details for a in caption.ancestors())


PREFECTURES: dict[str, Value] = {f"p{n:02}": 100 - n for n in range(39)}


def test_a_long_breakdown_draws_its_ten_largest_then_the_others_summed() -> None:
    chart = bar_chart(
        "pref",
        "Projets par préfecture",
        PREFECTURES,
        heading="Préfecture",
        measure="Projets",
        top=10,
    )
    drawn = bars(chart)
    assert len(drawn) == 11
    assert [label for label, *_rest in drawn[:10]] == [f"p{n:02}" for n in range(10)]
    others = sum(100 - n for n in range(10, 39))
    assert drawn[10][:2] == ("Autres (29)", count_text(others))
    assert drawn[10][2] > 0
    # The table lists every prefecture, not the bar of the others.
    assert [row.header for row in chart.rows] == list(PREFECTURES)
    assert chart.note == ""


def test_a_short_breakdown_draws_every_bar() -> None:
    few = dict(list(PREFECTURES.items())[:10])
    chart = bar_chart("pref", "P", few, heading="P", measure="N", top=10)
    assert [label for label, *_rest in bars(chart)] == list(few)


def test_the_others_bar_has_no_figure_when_it_holds_a_masked_count() -> None:
    values: dict[str, Value] = {f"c{n:02}": 20 + n for n in range(12)}
    values["c99"] = "<5"
    values["c98"] = 6
    chart = bar_chart(
        "host", "Dossiers par pays", values, heading="Pays", measure="Dossiers", top=10
    )
    label, text, length, masked = bars(chart)[10]
    # 6 + 21 + 20 shown in the table: with a sum the hidden count would be recomputed.
    assert (label, text, length, masked) == ("Autres (4)", "—", 0, False)
    assert "« Autres » : sans chiffre" in chart.note
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": chart})))
    written = [
        e.text() for e in page.elements if e.tag == "text" and "obs-value" in e.attrs["class"]
    ]
    assert written[-1] == "—"
    # The table still says "<5" for the masked country, nothing more.
    assert {row.header: row.cells for row in chart.rows}["c99"] == ["<5"]


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcdefgh", min_size=1, max_size=4),
        st.one_of(st.integers(min_value=5, max_value=500), st.just("<5")),
        max_size=30,
    )
)
def test_no_drawn_figure_lets_a_masked_count_be_recomputed(values: dict[str, int | str]) -> None:
    chart = bar_chart("k", "K", values, heading="H", measure="N", top=10)
    drawn = bars(chart)
    shown = {label: text for label, text, _length, _masked in drawn}
    hidden = [code for code, value in values.items() if value == "<5" and code not in shown]
    if len(values) > 10:
        others = drawn[-1]
        assert others[0] == f"Autres ({len(values) - 10})"
        if hidden:
            assert others[1] == "—"
        else:
            rest = [v for code, v in values.items() if code not in shown]
            assert others[1] == count_text(sum(v for v in rest if isinstance(v, int)))
    else:
        assert len(drawn) == len(values)

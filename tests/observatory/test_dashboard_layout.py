"""How the dashboard reads: each chart's and map's table closed under a summary saying
what it opens, the long breakdowns drawn as their ten largest bars and one for the
others (never a sum that uncovers a masked count), the stages' names drawn whole, and
one line leading to the lists where exports are made and to « Mes exports »."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from observatory.charts import MAX_LABEL, TOP
from observatory.sections import co_realisation, reintegration
from observatory.sections.base import Names
from registry.models import Prefecture
from tests.a11y import Element, Page
from tests.observatory.proposals_scenario import build
from tests.observatory.test_charts import Rendered, bars
from tests.observatory.test_dashboard import dashboard

pytestmark = pytest.mark.django_db


def inside(element: Element, parent: Element) -> bool:
    return any(a is parent for a in element.ancestors())


def _closed_details(element: Element) -> Element | None:
    return next((e for e in element.ancestors() if e.tag == "details"), None)


def test_every_table_of_figures_is_closed_under_a_summary_saying_what_it_opens(
    cast: dict[str, Any], client_for: Any
) -> None:
    build()
    page = dashboard(client_for(cast["users"]["supervisor"]))
    captions = [e for e in page.find("caption") if e.attrs.get("id", "").endswith("-caption")]
    assert len(captions) >= 10
    for caption in captions:
        details = _closed_details(caption)
        assert details is not None, caption.attrs["id"]
        assert "open" not in details.attrs
        (summary,) = [e for e in details.children if e.tag == "summary"]
        chart = caption.attrs["id"].removesuffix("-caption")
        assert summary.text() == f"Les chiffres en tableau : {page.by_id[chart + '-title'].text()}"
    # The maps' tables too, the same way.
    maps = [f for f in page.find("figure") if "obs-map-figure" in f.attrs.get("class", "")]
    assert len(maps) == 4
    for figure in maps:
        (summary,) = [e for e in page.find("summary") if inside(e, figure)]
        assert summary.text().startswith("Les chiffres en tableau : ")
    # The drawings stay out of the way of a screen reader, which reads the tables.
    drawings = [s for s in page.find("svg") if "obs-bars" in s.attrs.get("class", "")]
    assert drawings and all(s.attrs["aria-hidden"] == "true" for s in drawings)
    # The page keeps no open table of a chart: one summary per chart and map.
    assert len(page.find("summary")) == len(captions) + len(maps)


def test_the_prefectures_draw_their_ten_largest_and_the_others_in_one_bar(
    cast: dict[str, Any],
) -> None:
    codes = list(Prefecture.objects.order_by("code").values_list("code", flat=True))
    assert len(codes) == 39
    counts = {code: 100 + n for n, code in enumerate(codes)}
    part = co_realisation.present({"by_prefecture": counts}, Names()).parts["by_prefecture"]
    drawn = bars(part)
    assert len(drawn) == TOP + 1
    names = dict(Prefecture.objects.values_list("code", "name"))
    largest = sorted(codes, key=lambda code: -counts[code])[:TOP]
    assert [label for label, *_rest in drawn[:TOP]] == [names[code] for code in largest]
    rest = sum(n for code, n in counts.items() if code not in largest)
    assert drawn[TOP][:2] == ("Autres (29)", f"{rest // 1000} {rest % 1000:03}")
    # Every prefecture in the table.
    assert len(part.rows) == 39


def test_the_others_of_the_host_countries_hide_a_masked_count(cast: dict[str, Any]) -> None:
    countries: dict[str, Any] = {
        code: 30 + n
        for n, code in enumerate(["FR", "BE", "DE", "IT", "ES", "US", "CA", "GH", "BJ", "NG"])
    }
    countries.update({"CI": 7, "SN": "<5", "ML": 9})
    part = reintegration.present({"by_host_country": countries}, Names(), in_detail=True).parts[
        "by_host_country"
    ]
    html = render_to_string("observatory/_bar_chart.html", {"chart": part})
    page = Page(Rendered(html))
    values = [
        e.text() for e in page.elements if e.tag == "text" and "obs-value" in e.attrs["class"]
    ]
    labels = [
        e.text() for e in page.elements if e.tag == "text" and "obs-label" in e.attrs["class"]
    ]
    assert labels[-1] == "Autres (3)"
    # 7 + 9 are in the table: the sum of the others would give the masked count away.
    assert values[-1] == "—"
    assert "« Autres » : sans chiffre" in html
    assert {row.header: row.cells for row in part.rows}["Sénégal"] == ["<5"]


def test_the_stages_are_drawn_whole_their_stays_in_the_table(db: None) -> None:
    days = {"median": 12.5, "p90": 40.0, "count": 106}
    stats = {"stage_days": {f"tranche_{n}": days for n in (1, 2, 3)} | {"screening": days}}
    part = co_realisation.present(stats, Names()).parts["stage_days"]
    page = Page(Rendered(render_to_string("observatory/_bar_chart.html", {"chart": part})))
    (svg,) = page.find("svg")
    drawn = [e.text() for e in page.elements if e.tag == "text" and inside(e, svg)]
    titles = [t for t in drawn if t.startswith("Tranche")]
    assert titles == [f"Tranche {n} (de la demande au paiement)" for n in (1, 2, 3)]
    assert not any(t.endswith("…") or "passage" in t for t in drawn)
    assert all(len(t) <= MAX_LABEL for t in drawn)
    assert {row.header: row.cells for row in part.rows}["Recevabilité"] == ["12,5 j", "40 j", "106"]


@pytest.mark.parametrize(
    ("persona", "lists"),
    [
        ("officer", ["Projets", "Associations", "Experts"]),
        ("supervisor", ["Projets", "Dossiers", "Associations", "Experts"]),
        ("focal_paris", ["Projets", "Associations", "Experts"]),
    ],
)
def test_the_dashboard_leads_to_the_lists_where_exports_are_made(
    cast: dict[str, Any], client_for: Any, persona: str, lists: list[str]
) -> None:
    client = client_for(cast["users"][persona])
    page = dashboard(client)
    (line,) = [p for p in page.find("p") if "obs-export-places" in p.attrs.get("class", "")]
    links = {a.text(): a.attrs["href"] for a in page.find("a") if inside(a, line)}
    assert list(links) == [*lists, "Mes exports"]
    assert links["Mes exports"] == reverse("observatory:export_list")
    assert line.text().startswith("Exporter les données en CSV ou XLSX depuis les listes")
    # Each one opens for this user, with its export buttons.
    for name, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, (name, href)
        if name != "Mes exports":
            assert "Exporter (CSV)" in response.content.decode(), name

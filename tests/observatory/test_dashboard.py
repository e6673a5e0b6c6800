"""The observatory's dashboard, `/observatoire/`: who reaches it, what each section says
after a scenario (every figure a person reads equals a direct count), the masking of
small case counts, each scope's limits, the filters, and a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, CaseStatus
from documents.formatting import format_xof
from observatory.access import scope_of
from observatory.filters import StatsFilters
from observatory.stats.diaspora import diaspora_stats
from observatory.stats.proposals import proposal_stats
from registry.models import Association, Expert, Prefecture, Region
from tests.a11y import Element, Page
from tests.cases.builders import new_case
from tests.observatory.proposals_scenario import build, expected, visible_to
from tests.workflows.builders import make_proposal
from workflows.models import Call, Proposal, ProposalStatus

URL = "/observatoire/"
# On SQLite: the session and the user's roles (3), the sections' grouped queries (the
# figures' own, each bounded by its own test), the names of the regions and the
# prefectures (2), the filters' choices (3); the missions' six.
QUERIES = 41
REGIONS = {"maritime": "Maritime", "kara": "Kara", "plateaux": "Plateaux", "savanes": "Savanes"}


def table(page: Page, key: str) -> dict[str, list[str]]:
    """The rows of a chart's table ({row heading: its cells}), read as a screen reader
    reads them."""
    caption = page.by_id[f"{key}-caption"]
    assert caption.parent is not None
    rows: dict[str, list[str]] = {}
    for row in _within(page, caption.parent, "tr"):
        if row.parent is not None and row.parent.tag == "thead":
            continue
        heading, *cells = [cell for cell in row.children if cell.tag in ("th", "td")]
        assert heading.tag == "th" and heading.attrs["scope"] == "row"
        rows[heading.text()] = [cell.text() for cell in cells]
    return rows


def columns(page: Page, key: str) -> list[str]:
    """The column headings of a chart's table."""
    caption = page.by_id[f"{key}-caption"]
    assert caption.parent is not None
    return [th.text() for th in _within(page, caption.parent, "th") if th.attrs["scope"] == "col"]


def _within(page: Page, parent: Element, tag: str) -> list[Element]:
    return [e for e in page.elements if e.tag == tag and any(a is parent for a in e.ancestors())]


def figures(page: Page, section: str) -> dict[str, str]:
    """The key figures of a section: {label: value}."""
    found = {}
    for item in _within(page, page.by_id[section], "li"):
        if "obs-figures" not in (item.parent.attrs.get("class", "") if item.parent else ""):
            continue
        label, value, *_detail = [div for div in _within(page, item, "div") if not div.children]
        found[label.text()] = value.text()
    return found


def dashboard(client: Client, query: str = "") -> Page:
    response = client.get(URL + query)
    assert response.status_code == 200, response.content[:300]
    return Page(response)


def counts(values: dict[str, int], names: dict[str, str]) -> dict[str, list[str]]:
    return {names[code]: [str(n)] for code, n in values.items()}


STAGE_NAMES = [
    "Recevabilité",
    "Évaluation technique",
    "Comité de sélection",
    "Signature de la convention",
    "Tranche 1 (de la demande au paiement)",
    "Tranche 2 (de la demande au paiement)",
    "Tranche 3 (de la demande au paiement)",
]


def scope_of_officer(cast: dict[str, Any]) -> Any:
    return scope_of(cast["users"]["officer"])


def status_names() -> dict[str, str]:
    return {str(code): str(label) for code, label in ProposalStatus.choices}


def settle_cases(supervisor: User) -> None:
    """Seven returnees from France settled in Maritime (Lacs), two from Libya in Kara."""
    for number, country, region, prefecture in [
        (7, "FR", "maritime", "lacs"),
        (2, "LY", "kara", "kozah"),
    ]:
        for _ in range(number):
            new_case(
                supervisor,
                returned_from=country,
                region=Region.objects.get(code=region),
                prefecture=Prefecture.objects.get(code=prefecture),
            )


# --- Who reaches it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "answer"),
    [
        ("officer", 200),
        ("committee", 200),
        ("finance", 200),
        ("supervisor", 200),
        ("auditor", 200),
        ("focal_paris", 200),
        ("admin", 200),
        ("assoc_paris", 403),
        ("evaluator1", 403),
        ("caseworker1", 403),
    ],
)
def test_the_dashboard_is_for_the_ministry_s_observers(
    cast: dict[str, Any], client_for: Any, persona: str, answer: int
) -> None:
    response = client_for(cast["users"][persona]).get(URL)
    assert response.status_code == answer
    if answer == 403:
        assert "réservé aux chargés de programme" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("persona", "shown"), [("officer", True), ("caseworker1", False)])
def test_the_navigation_and_the_home_page_offer_it_to_observers_only(
    cast: dict[str, Any], client_for: Any, persona: str, shown: bool
) -> None:
    page = Page(client_for(cast["users"][persona]).get(reverse("home")))
    links = [a for a in page.find("a") if a.attrs.get("href") == URL]
    assert [a.text() for a in links] == (["Observatoire", "Ouvrir l'observatoire"] if shown else [])


# --- What each section says -----------------------------------------------------------


def test_the_co_realisation_figures_are_the_direct_counts(
    cast: dict[str, Any], client_for: Any
) -> None:
    scenario = build()
    counted = visible_to("officer", list(Proposal.objects.all()))
    want = expected(counted, list(Call.objects.order_by("-year", "pk")))
    page = dashboard(client_for(cast["users"]["officer"]))

    assert figures(page, "co-realisation") == {
        "Projets": str(want["total"]),
        "Subvention demandée": format_xof(want["requested"]),
        "Subvention engagée": format_xof(want["committed"]),
        "Subvention décaissée": format_xof(want["disbursed"]),
        "Effet de levier de la diaspora": "1,65 FCFA par franc de subvention",
    }
    assert table(page, "proposals-status") == counts(want["by_status"], status_names())
    assert table(page, "proposals-region") == counts(want["by_region"], REGIONS)
    prefectures = dict(Prefecture.objects.values_list("code", "name"))
    assert table(page, "proposals-prefecture") == counts(want["by_prefecture"], prefectures)
    assert table(page, "proposals-sector") == {
        "Eau et assainissement": ["3"],
        "Éducation": ["2"],
        "Santé": ["2"],
        "Agriculture": ["1"],
    }
    assert sum(want["by_sector"].values()) == 8
    grant = table(page, "proposals-grant")
    for call in want["calls"]:
        title = f"{call['title']} ({call['year']})"
        assert grant[title] == [
            format_xof(call["envelope"]),
            format_xof(call["committed"]),
            format_xof(call["disbursed"]),
            format_xof(call["left"]),
        ]
    # The days spent in each stage, as many stays as the stages counted.
    stats = proposal_stats(scope_of_officer(cast), StatsFilters())
    stages = table(page, "proposals-stages")
    # The stage's name alone (drawn whole), its number of stays in the table.
    assert stages == {
        label: ["0 j", "0 j", str(days["count"])]  # all made today
        for label, days in zip(STAGE_NAMES, stats["stage_days"].values(), strict=False)
    }
    assert columns(page, "proposals-stages") == ["Étape", "Médiane", "90e centile", "Passages"]
    # Who waits longest: the open proposals, each a link to its page.
    waiting = page.by_id["proposals-waiting-title"]
    assert waiting.text() == "Les projets qui attendent depuis le plus longtemps"
    links = {
        a.attrs["href"]: a.text()
        for a in _within(page, waiting.parent, "a")  # type: ignore[arg-type]
    }
    opened = [
        p for p in counted if p.status in ("submitted", "under_review", "in_committee", "approved")
    ]
    assert links == {reverse("workflows:proposal_detail", args=[p.pk]): p.reference for p in opened}
    assert scenario.proposals["draft"].reference not in page.by_id["co-realisation"].text()
    # The evaluators' open reviews: evaluator1 and evaluator2 each have one to file.
    assert table(page, "proposals-reviews") == {
        User.objects.get(username="evaluator1").get_full_name(): ["1", "0 j"],
        User.objects.get(username="evaluator2").get_full_name(): ["1", "0 j"],
    }


def shown_or_masked(shown: dict[str, list[str]], direct: dict[str, int]) -> None:
    """Each cell says its direct count, or "<5": always under 5, and above only to hide
    another cell (complementary suppression)."""
    assert set(shown) == set(direct)
    for name, (cell,) in shown.items():
        if direct[name] < 5:
            assert cell == "<5", name
        else:
            assert cell in (str(direct[name]), "<5"), name


def region_counts(cases: Any) -> dict[str, int]:
    return {region.name: cases.filter(region=region).count() for region in Region.objects.all()}


def test_the_case_figures_are_the_direct_counts_small_ones_masked(
    cast: dict[str, Any], client_for: Any
) -> None:
    settle_cases(cast["users"]["supervisor"])
    page = dashboard(client_for(cast["users"]["supervisor"]))

    assert figures(page, "reintegration") == {"Dossiers": str(Case.objects.count())}
    regions = table(page, "cases-region")
    shown_or_masked(regions, region_counts(Case.objects.all()))
    # Two of the scenario's cases in Kara, and the demo's one: under 5.
    assert Case.objects.filter(region__code="kara").count() == 3
    assert regions["Kara"] == ["<5"]
    assert regions["Maritime"] == [str(Case.objects.filter(region__code="maritime").count())]
    statuses = table(page, "cases-status")
    shown_or_masked(
        statuses,
        {
            str(label): Case.objects.filter(status=code).count()
            for code, label in CaseStatus.choices
        },
    )
    assert table(page, "cases-host-country")["France"] == ["7"]
    # The supervisor sees the prefectures.
    assert table(page, "cases-prefecture")["Lacs"] == ["7"]
    assert "« <5 » : moins de 5" in page.by_id["reintegration"].text()


def test_a_focal_point_sees_its_jurisdiction_and_no_case_prefecture(
    cast: dict[str, Any], client_for: Any
) -> None:
    build()
    settle_cases(cast["users"]["supervisor"])
    page = dashboard(client_for(cast["users"]["focal_paris"]))

    counted = visible_to("focal_paris", list(Proposal.objects.all()))
    assert {p.association.embassy.code for p in counted} == {"paris"}
    want = expected(counted, [])
    assert table(page, "proposals-status") == counts(want["by_status"], status_names())
    assert table(page, "proposals-region") == counts(want["by_region"], REGIONS)
    # Only the returnees from its jurisdiction (France), by region only.
    assert figures(page, "reintegration") == {"Dossiers": "7"}
    shown_or_masked(
        table(page, "cases-region"), region_counts(Case.objects.filter(returned_from="FR"))
    )
    assert "cases-prefecture-caption" not in page.by_id
    assert "Lacs" not in page.by_id["reintegration"].text()
    # Who waits longest and the evaluators' reviews are the whole programme's.
    assert "proposals-waiting-title" not in page.by_id
    assert "proposals-reviews-title" not in page.by_id
    # Its embassy is the one it may choose.
    embassy = page.by_id["id_embassy"]
    options = [o.attrs.get("value") for o in _within(page, embassy, "option")]
    assert options == ["", "paris"]


def test_an_auditor_sees_the_cases_by_region_only(cast: dict[str, Any], client_for: Any) -> None:
    settle_cases(cast["users"]["supervisor"])
    page = dashboard(client_for(cast["users"]["auditor"]))

    shown_or_masked(table(page, "cases-region"), region_counts(Case.objects.all()))
    assert "cases-prefecture-caption" not in page.by_id
    assert "au niveau des régions" in page.by_id["reintegration"].text()


def test_the_diaspora_figures_are_the_direct_counts(cast: dict[str, Any], client_for: Any) -> None:
    page = dashboard(client_for(cast["users"]["officer"]))
    experts = Expert.objects.filter(consent_listed=True)
    assert figures(page, "diaspora") == {
        "Associations": str(Association.objects.count()),
        "Experts": str(experts.count()),
    }
    domains = table(page, "experts-competences")
    scope = scope_of(cast["users"]["officer"])
    assert scope is not None
    for row in diaspora_stats(scope, StatsFilters())["experts"]["by_competence"]:
        direct = experts.filter(competences__code=row["code"]).count()
        assert domains.get(row["label_fr"], ["0"]) == [str(direct)]
    # A map of the world and one of Togo, for the associations and for the experts.
    maps = [svg for svg in page.find("svg") if "obs-map" in svg.attrs.get("class", "")]
    assert len(maps) == 4


# --- Filters ----------------------------------------------------------------------------


def test_a_filter_narrows_every_section(cast: dict[str, Any], client_for: Any) -> None:
    build()
    settle_cases(cast["users"]["supervisor"])
    page = dashboard(client_for(cast["users"]["officer"]), "?region=kara")
    assert page.by_id["id_region"].attrs  # the filter is shown again
    counted = [
        p for p in visible_to("officer", list(Proposal.objects.all())) if p.region.code == "kara"
    ]
    assert figures(page, "co-realisation")["Projets"] == str(len(counted))
    assert table(page, "proposals-region") == {"Kara": [str(len(counted))]}
    assert figures(page, "reintegration") == {"Dossiers": "<5"}


def test_a_bad_filter_is_said_by_its_field_and_the_others_still_apply(
    cast: dict[str, Any], client_for: Any
) -> None:
    build()
    page = dashboard(client_for(cast["users"]["officer"]), "?year=deux-mille&region=kara")
    year = page.by_id["id_year"]
    assert year.attrs.get("aria-invalid") == "true"
    assert page.description_of(year) == "Saisissez un nombre entier."
    assert (
        "Certains filtres ne sont pas valides et ont été ignorés." in page.by_id["content"].text()
    )
    counted = [
        p for p in visible_to("officer", list(Proposal.objects.all())) if p.region.code == "kara"
    ]
    assert figures(page, "co-realisation")["Projets"] == str(len(counted))


def test_a_filter_naming_nothing_is_refused_in_words(cast: dict[str, Any], client_for: Any) -> None:
    page = dashboard(client_for(cast["users"]["officer"]), "?call=999999&embassy=nowhere")
    assert "Sélectionnez un choix valide" in page.description_of(page.by_id["id_call"])
    assert "Sélectionnez un choix valide" in page.description_of(page.by_id["id_embassy"])


# --- Speed --------------------------------------------------------------------------------


def test_the_dashboard_runs_a_bounded_number_of_queries_whatever_the_data(
    cast: dict[str, Any], client_for: Any
) -> None:
    """Every figure is a grouped query: as many queries with twice the data."""
    client = client_for(cast["users"]["officer"])
    client.get(URL)  # the session, the roles

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            dashboard(client)
        return len(done.captured_queries)

    build()
    settle_cases(cast["users"]["supervisor"])
    first = queries()
    assert first <= QUERIES
    for proposal in list(Proposal.objects.exclude(status=ProposalStatus.DRAFT)[:4]):
        make_proposal(proposal.status, association=proposal.association)
    settle_cases(cast["users"]["supervisor"])
    assert queries() == first


def test_the_dashboard_speaks_english_too(cast: dict[str, Any], client_for: Any) -> None:
    build()
    client = client_for(cast["users"]["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = dashboard(client)
    assert page.find("h1")[0].text() == "Observatory of migration and the diaspora"
    assert page.by_id["proposals-status-caption"].text() == "Projects by status: the figures"
    assert table(page, "proposals-grant")["Appel des régions (2025)"][0] == "300,000,000 FCFA"
    stages = list(table(page, "proposals-stages"))
    assert stages[0] == "Admissibility"
    assert columns(page, "proposals-stages") == ["Stage", "Median", "90th percentile", "Stays"]
    assert page.find("summary")[0].text().startswith("The figures as a table")
    assert "Mean sustainability score by dimension" in page.by_id["reintegration"].text()


def test_a_cell_supervisor_sees_no_empty_co_realisation_section(
    cast: dict[str, Any], client_for: Any
) -> None:
    """A supervisor sees no proposal: its page has no co-realisation section (rather
    than figures of zero), and the other two sections."""
    page = dashboard(client_for(cast["users"]["supervisor"]))

    assert "co-realisation" not in page.by_id
    assert "reintegration" in page.by_id and "diaspora" in page.by_id

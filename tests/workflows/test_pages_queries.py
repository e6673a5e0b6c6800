"""The proposal list, the proposal page and the inbox cost the same number of queries for
5 rows or 50, and never count the rows a user may see; the list's filters read their
choices once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import HistoryEntry, Source
from audit.services import record_update
from registry.models import Region
from tests.difficulties.builders import empty_the_register
from tests.workflows.builders import advance_tranche
from workflows.models import Call, Proposal, ProposalStatus, Tranche, TrancheStatus

# Session, user, roles, the page; a member also reads their associations (and sees no
# filters). The filters' choices are read once, then kept until their data change.
LIST_QUERIES = {"assoc_paris": 5, "officer": 4, "auditor": 4}
PAGE_QUERIES = 14
# The task page: one query per source of work (the difficulties register's included).
TASK_QUERIES = 9


def _submitted(make_proposal: Any, cast: dict[str, Any], count: int) -> None:
    """`count` proposals submitted through the service (each opens a screening task)."""
    for n in range(count):
        make_proposal(ProposalStatus.SUBMITTED, title=f"Projet n° {n}")


def _listed(make_proposal: Any, count: int) -> None:
    """`count` proposals as a list shows them once submitted (the routing is not needed)."""
    ids = [make_proposal(title=f"Projet n° {n}").pk for n in range(count)]
    Proposal.objects.filter(pk__in=ids).update(
        status=ProposalStatus.SUBMITTED, submitted_at=timezone.now()
    )


@pytest.mark.parametrize("persona", ["assoc_paris", "officer", "auditor"])
@pytest.mark.parametrize("rows", [5, 50])
def test_the_proposal_list_runs_a_constant_number_of_queries(
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    persona: str,
    rows: int,
) -> None:
    _listed(make_proposal, rows)
    client = request.getfixturevalue("client_for")(cast["users"][persona])
    client.get(reverse("workflows:proposal_list"))  # the filters' choices, read once
    with django_assert_max_num_queries(LIST_QUERIES[persona]):
        response = client.get(reverse("workflows:proposal_list"))
    assert response.status_code == 200
    assert len(response.context["proposals"]) == min(rows, 25)


def test_the_filtered_list_runs_a_constant_number_of_queries_too(
    client_for: Any,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    call: Any,
) -> None:
    _listed(make_proposal, 30)
    client = client_for(cast["users"]["officer"])
    client.get(reverse("workflows:proposal_list"))  # the filters' choices, read once
    with django_assert_max_num_queries(LIST_QUERIES["officer"]):
        response = client.get(
            reverse("workflows:proposal_list"),
            {"status": "submitted", "call": call.pk, "sector": "water", "q": "Projet"},
        )
    assert len(response.context["proposals"]) == 25


def test_the_proposal_list_never_counts_the_rows(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 30)
    with CaptureQueriesContext(connection) as queries:
        client_for(cast["users"]["officer"]).get(reverse("workflows:proposal_list"))
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_proposal_list_pages_forward_and_back_newest_first(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 30)
    client = client_for(cast["users"]["officer"])
    first = client.get(reverse("workflows:proposal_list"))
    titles = [p.title for p in first.context["proposals"]]
    assert titles[0] == "Projet n° 29" and len(titles) == 25
    assert first.context["previous_url"] == ""
    second = client.get(reverse("workflows:proposal_list") + first.context["next_url"])
    assert [p.title for p in second.context["proposals"]] == [
        f"Projet n° {n}" for n in range(4, -1, -1)
    ]
    assert second.context["next_url"] == ""
    back = client.get(reverse("workflows:proposal_list") + second.context["previous_url"])
    assert [p.title for p in back.context["proposals"]] == titles


def test_a_forged_cursor_shows_the_first_page(
    client_for: Any, make_proposal: Any, cast: dict[str, Any]
) -> None:
    _listed(make_proposal, 3)
    response = client_for(cast["users"]["officer"]).get(
        reverse("workflows:proposal_list"), {"after": "not-a-cursor"}
    )
    assert len(response.context["proposals"]) == 3


@pytest.mark.parametrize("rows", [5, 50])
def test_the_task_page_runs_a_constant_number_of_queries(
    client_for: Any,
    django_assert_max_num_queries: Any,
    make_proposal: Any,
    cast: dict[str, Any],
    rows: int,
) -> None:
    empty_the_register()  # the demo's reports wait on the officer too
    _submitted(make_proposal, cast, rows)
    client = client_for(cast["users"]["officer"])
    with django_assert_max_num_queries(TASK_QUERIES):
        response = client.get(reverse("tasks"))
    # One page of the inbox: 25 rows at most, the others behind its "Suivants" link.
    assert len(response.context["items"]) == min(rows, 25)
    assert response.content.decode().count("Examiner la recevabilité") >= min(rows, 25)


def _call_options(response: Any) -> list[str]:
    select = response.content.decode().split('name="call"')[1].split("</select>")[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_lists_filters_read_their_choices_once_and_show_a_new_call_at_once(
    client_for: Any, cast: dict[str, Any], call: Any
) -> None:
    client = client_for(cast["users"]["officer"])
    first = client.get(reverse("workflows:proposal_list"))
    assert _call_options(first) == ["Tous les appels", str(call)]
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("workflows:proposal_list"))
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert 'FROM "workflows_call"' not in read and 'FROM "registry_region"' not in read

    new_call = Call.objects.create(
        title="Appel spécial eau potable",
        year=call.year,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        envelope=call.envelope,
        max_grant=call.max_grant,
        matching_ratio=call.matching_ratio,
        max_grant_share=call.max_grant_share,
        min_community_share=call.min_community_share,
    )
    assert str(new_call) in _call_options(client.get(reverse("workflows:proposal_list")))

    new_call.title = "Appel spécial assainissement"
    new_call.save()
    options = _call_options(client.get(reverse("workflows:proposal_list")))
    assert "Appel spécial assainissement" in " ".join(options)
    assert "Appel spécial eau potable" not in " ".join(options)


def test_a_call_another_process_added_is_a_valid_filter_at_once(
    client_for: Any, cast: dict[str, Any], call: Any
) -> None:
    """A row inserted without this process hearing of it (another app server or worker,
    a bulk insert: no signal) is not refused as a filter value, and the options catch up."""
    client = client_for(cast["users"]["officer"])
    client.get(reverse("workflows:proposal_list"))
    copied = ("year", "opens_at", "closes_at", "envelope", "max_grant", "matching_ratio")
    fields = {f: getattr(call, f) for f in (*copied, "max_grant_share", "min_community_share")}
    (new_call,) = Call.objects.bulk_create(
        [Call(title="Appel venu par un autre serveur", **fields)]
    )
    if new_call.pk is None:
        new_call = Call.objects.get(title="Appel venu par un autre serveur")
    page = client.get(reverse("workflows:proposal_list"), {"call": new_call.pk})
    assert page.status_code == 200
    assert "Sélectionnez un choix valide" not in page.content.decode()
    assert page.context["form"].is_valid()
    assert "Appel venu par un autre serveur" in " ".join(_call_options(page))
    refused = client.get(reverse("workflows:proposal_list"), {"call": new_call.pk + 1000})
    assert not refused.context["form"].is_valid()


def test_the_filters_keep_the_chosen_values_selected(
    client_for: Any, cast: dict[str, Any], call: Any
) -> None:
    region = Region.objects.order_by("name")[1]
    page = (
        client_for(cast["users"]["officer"])
        .get(reverse("workflows:proposal_list"), {"status": "submitted", "region": region.pk})
        .content.decode()
    )
    assert '<option value="submitted" selected>Soumis</option>' in page
    assert f'<option value="{region.pk}" selected>{region.name}</option>' in page
    assert '<option value="" selected>Tous les appels</option>' in page


@pytest.mark.parametrize("size", [(5, 0), (5, 3), (50, 0), (50, 3)])
def test_the_proposal_page_runs_a_constant_number_of_queries(
    cast: dict[str, Any], client_for: Any, make_proposal: Any, size: tuple[int, int]
) -> None:
    """`size`: the proposal's history rows, and its tranches paid (each with its rows)."""
    history_rows, tranches_paid = size
    proposal = make_proposal(ProposalStatus.IN_EXECUTION)
    for tranche in Tranche.objects.filter(proposal=proposal).order_by("number")[:tranches_paid]:
        advance_tranche(tranche, TrancheStatus.PAID)
    officer = cast["users"]["officer"]
    written = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk
    ).count()
    for _n in range(history_rows - written):
        record_update(obj=proposal, by=officer, source=Source.WEB, action="edit")
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) <= PAGE_QUERIES
    assert len(response.context["timeline"]) >= history_rows
    history = [q["sql"] for q in queries.captured_queries if "audit_historyentry" in q["sql"]]
    # The tranches' ids are given as values: PostgreSQL then reads the history's index
    # for each side of the condition, never the whole table.
    assert len(history) == 1 and "SELECT" not in history[0].split("WHERE", 1)[1]


def test_the_proposal_page_offering_achievement_reads_its_tranches_and_pieces_once(
    cast: dict[str, Any], client_for: Any, make_proposal: Any
) -> None:
    """Every tranche paid: « Achever » waits for the final report, read from what the page
    has already read; the documents' panel does not check again that the officer sees
    the proposal."""
    proposal = make_proposal(ProposalStatus.IN_EXECUTION)
    for tranche in Tranche.objects.filter(proposal=proposal).order_by("number"):
        advance_tranche(tranche, TrancheStatus.PAID)
    client = client_for(cast["users"]["officer"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) <= PAGE_QUERIES
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "workflows_tranche"' in q for q in sql) == 1
    assert sum('FROM "documents_attachment"' in q for q in sql) == 1
    assert sum('FROM "workflows_proposal"' in q for q in sql) == 1
    assert 'id="action-complete"' not in response.content.decode()

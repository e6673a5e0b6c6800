"""How the exports are written and recorded: CSV for a French spreadsheet, XLSX read back
by openpyxl, formulas neutralised, the history row, a bounded number of queries, the
refusals in words, the buttons of the list pages and the background hand-over."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import HistoryEntry, Source
from observatory.exports import datasets, services
from observatory.exports.writers import csv_chunks, neutralised, write_xlsx
from observatory.models import Export, ExportStatus
from registry.models import Association
from tests.factories import AssociationFactory, ExpertFactory
from tests.observatory.exporting import BOM, body, by_header, csv_rows, exported, xlsx_rows
from tests.workflows.builders import make_proposal

pytestmark = pytest.mark.django_db


def test_the_csv_has_a_bom_semicolons_crlf_and_french_headers(client_for: Any, officer: User):
    response = client_for(officer).get("/observatoire/exports/associations/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="associations-')
    assert response.streaming
    data = body(response)
    assert data.startswith(BOM)
    first_line = data[3:].split(b"\r\n")[0].decode()
    assert first_line.startswith("Nom;Sigle;Statut;Pays;Ville;Ambassade;Région d'origine")
    assert data.endswith(b"\r\n")
    assert len(csv_rows(data)) == Association.objects.count() + 1


def test_the_headers_and_words_follow_the_interface_language(client_for: Any, officer: User):
    response = client_for(officer).get(
        "/observatoire/exports/associations/?format=csv", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = csv_rows(body(response))
    assert rows[0][:4] == ["Name", "Acronym", "Status", "Country"]
    assert "Verified" in {row[2] for row in rows[1:]}


def test_the_xlsx_opens_with_openpyxl_and_holds_the_same_rows(client_for: Any, officer: User):
    web = client_for(officer)
    response = web.get("/observatoire/exports/associations/?format=xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    data = body(response)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Associations"]
    from_xlsx = xlsx_rows(data)
    from_csv = exported(web, "associations")
    assert from_xlsx[0] == from_csv[0]
    assert len(from_xlsx) == len(from_csv) == Association.objects.count() + 1
    for xlsx_row, csv_row in zip(from_xlsx[1:], from_csv[1:], strict=True):
        as_text = [
            ""
            if value is None
            else value.date().isoformat()
            if isinstance(value, datetime.datetime)
            else str(value)
            for value in xlsx_row
        ]
        assert as_text == csv_row


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_starts_like_a_formula_is_neutralised(
    client_for: Any, officer: User, start: str
):
    name = f'{start}HYPERLINK("http://example.org/x","ouvrir")'
    AssociationFactory(name=name, city=f"{start}1+1")
    web = client_for(officer)
    rows = by_header(exported(web, "associations"))
    row = next(r for r in rows if r["Nom"].endswith('"ouvrir")'))
    assert row["Nom"] == "'" + name
    assert row["Ville"] == f"'{start}1+1"
    sheet_rows = by_header(exported(web, "associations", fmt="xlsx"))
    cell = next(r for r in sheet_rows if str(r["Nom"]).endswith('"ouvrir")'))
    assert cell["Nom"] == "'" + name
    response = web.get("/observatoire/exports/associations/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line), (
        "no cell of the workbook is a formula"
    )


def test_the_writers_neutralise_formulas_but_keep_numbers():
    assert neutralised("=1+1") == "'=1+1"
    assert neutralised("\t=1") == "'\t=1"
    assert neutralised("Lomé") == "Lomé"
    data = b"".join(csv_chunks(["-a"], [[-5, "-5", None, datetime.date(2026, 1, 2)]]))
    assert data == BOM + b"'-a\r\n-5;'-5;;2026-01-02\r\n"
    out = io.BytesIO()
    assert write_xlsx(["a"], [[-5, "=2"], [3, None]], out) == 2
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert [[c.value for c in line] for line in sheet.iter_rows()] == [
        ["a", None],
        [-5, "'=2"],
        [3, None],
    ]


def test_each_export_writes_one_history_row_with_its_filters_and_count(
    client_for: Any, api_for: Any, officer: User
):
    before = HistoryEntry.objects.filter(action="export").count()
    web = client_for(officer)
    body(web.get("/observatoire/exports/associations/?format=csv&country=FR&after=abc"))
    export = Export.objects.latest("pk")
    entry = HistoryEntry.objects.for_object(export).get()
    count = Association.objects.filter(country="FR").count()
    assert entry.action == "export" and entry.by == officer and entry.source == Source.WEB
    assert entry.data == {
        "kind": "associations",
        "format": "csv",
        "filters": {"country": "FR"},
        "rows": count,
    }
    assert (export.kind, export.format, export.filters) == (
        "associations",
        "csv",
        {"country": "FR"},
    )
    assert (export.status, export.rows_total, export.rows_done) == (ExportStatus.DONE, count, count)
    body(api_for(officer).get("/api/v1/exports/experts/?format=xlsx"))
    api_entry = HistoryEntry.objects.filter(action="export").latest("id")
    assert api_entry.source == Source.API and api_entry.data["kind"] == "experts"
    assert HistoryEntry.objects.filter(action="export").count() == before + 2


def _queries(web: Any, kind: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = web.get(f"/observatoire/exports/{kind}/?format=csv")
        body(response)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_rows(client_for: Any, officer: User):
    web = client_for(officer)
    make_proposal("submitted")
    _queries(web, "proposals")  # the session and the caches warmed
    few = {kind: _queries(web, kind) for kind in ("proposals", "associations", "experts")}
    AssociationFactory.create_batch(30)
    ExpertFactory.create_batch(30)
    for _ in range(3):
        make_proposal("submitted")
    many = {kind: _queries(web, kind) for kind in ("proposals", "associations", "experts")}
    assert many == few
    # Session, user, roles; the count; the export and its history row (in a savepoint,
    # the chain's last hash read); the proposals' last tranche number; the rows (one
    # query per chunk and one per prefetched relation).
    assert many["proposals"] <= 13


def test_the_rows_are_read_in_keyset_chunks(client_for: Any, officer: User, monkeypatch: Any):
    AssociationFactory.create_batch(7)
    expected = list(Association.objects.order_by("name", "id").values_list("name", flat=True))
    monkeypatch.setattr(datasets, "CHUNK_ROWS", 2)
    monkeypatch.setattr(datasets.chunked, "__defaults__", (2,))
    rows = exported(client_for(officer), "associations")
    assert [row[0] for row in rows[1:]] == expected


def test_a_bad_format_or_filter_is_refused_in_words(client_for: Any, api_for: Any, officer: User):
    api = api_for(officer)
    answer = api.get("/api/v1/exports/proposals/?format=pdf")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Format inconnu : choisissez csv ou xlsx."
    answer = api.get("/api/v1/exports/associations/?format=csv&country=ZZ")
    assert answer.status_code == 400
    assert "country" in answer.json()["errors"]
    assert "Filtre « country »" in answer.json()["detail"]
    page = client_for(officer).get("/observatoire/exports/proposals/?format=csv&region=999999")
    assert page.status_code == 400
    assert "Filtre « region »" in page.content.decode()
    assert api.get("/api/v1/exports/budgets/?format=csv").status_code == 404
    assert client_for(officer).get("/observatoire/exports/budgets/").status_code == 404
    assert not Export.objects.filter(requested_by=officer).exists()


def test_anonymous_callers_are_sent_to_log_in(client: Any, api_for: Any):
    assert api_for(None).get("/api/v1/exports/proposals/?format=csv").status_code == 401
    assert client.get("/observatoire/exports/proposals/?format=csv").status_code == 302


def test_the_experts_export_is_refused_to_an_association_member(api_for: Any, assoc_paris: User):
    answer = api_for(assoc_paris).get("/api/v1/exports/experts/?format=csv")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Votre rôle ne permet pas d'exporter cette liste."


def test_the_list_pages_offer_the_export_with_their_filters(
    client_for: Any, officer: User, supervisor: User, caseworker1: User
):
    page = client_for(officer).get(
        reverse("registry:association_list"), {"country": "FR", "after": "xyz"}
    )
    html = page.content.decode()
    assert "Exporter (CSV)" in html and "Exporter (XLSX)" in html
    assert 'href="/observatoire/exports/associations/?country=FR&amp;format=csv"' in html
    assert 'href="/observatoire/exports/associations/?country=FR&amp;format=xlsx"' in html
    for route in ("workflows:proposal_list", "registry:expert_list"):
        assert "Exporter (CSV)" in client_for(officer).get(reverse(route)).content.decode()
    assert (
        "Exporter (XLSX)" in client_for(supervisor).get(reverse("cases:case_list")).content.decode()
    )
    assert (
        "Exporter" not in client_for(caseworker1).get(reverse("cases:case_list")).content.decode()
    )


def test_a_large_export_is_handed_to_the_background_work(
    api_for: Any, officer: User, monkeypatch: Any, django_capture_on_commit_callbacks: Any
):
    handed: list[Export] = []
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr(services, "_background_runner", lambda: handed.append)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_for(officer).get("/api/v1/exports/associations/?format=xlsx")
    assert answer.status_code == 202
    export = Export.objects.get(pk=answer.json()["id"])
    assert answer.json()["status"] == ExportStatus.PENDING == export.status
    assert answer.json()["rows_total"] == Association.objects.count()
    assert handed == [export]
    assert HistoryEntry.objects.for_object(export).get().data["rows"] == export.rows_total


def test_without_the_background_work_a_large_export_is_written_at_once(
    api_for: Any, officer: User, monkeypatch: Any
):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr(services, "_background_runner", lambda: None)
    answer = api_for(officer).get("/api/v1/exports/associations/?format=csv")
    assert answer.status_code == 200
    assert len(csv_rows(body(answer))) == Association.objects.count() + 1


def test_the_export_endpoint_is_in_the_schema(api_for: Any, officer: User):
    schema = api_for(officer).get("/api/v1/schema/?format=json")
    operation = schema.json()["paths"]["/api/v1/exports/{kind}/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["text/csv"]["schema"] == {"type": "string", "format": "binary"}
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in content
    assert "202" in operation["responses"]
    kinds = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert kinds["schema"]["enum"] == ["associations", "cases", "experts", "proposals"]


def test_the_export_history_is_read_in_the_administration(
    client_for: Any, officer: User, admin_user: User
):
    body(client_for(officer).get("/observatoire/exports/associations/?format=csv"))
    export = Export.objects.latest("pk")
    kind = ContentType.objects.get_for_model(Export)
    page = client_for(admin_user).get(
        "/admin/audit/historyentry/", {"content_type__id__exact": kind.pk}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert ">export<" in html and f">{export.pk}<" in html

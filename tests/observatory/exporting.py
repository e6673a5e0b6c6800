"""Reading the exports back in tests: the CSV as rows of text, the XLSX with openpyxl."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.test import Client

from workflows.models import Proposal

BOM = b"\xef\xbb\xbf"


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def csv_rows(data: bytes) -> list[list[str]]:
    """The CSV's lines as cells (header first)."""
    assert data.startswith(BOM), "the CSV starts with a byte-order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def xlsx_rows(data: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def exported(web: Client, kind: str, fmt: str = "csv", **filters: Any) -> list[list[Any]]:
    response = web.get(f"/observatoire/exports/{kind}/", {"format": fmt, **filters})
    assert response.status_code == 200, response.status_code
    data = body(response)
    return csv_rows(data) if fmt == "csv" else xlsx_rows(data)


def by_header(rows: list[list[Any]]) -> list[dict[str, Any]]:
    header, *lines = rows
    return [dict(zip(header, line, strict=True)) for line in lines]


def contributions(proposal: Proposal, source: str, kind: str) -> int:
    return sum(
        c.amount for c in proposal.contributions.all() if c.source == source and c.kind == kind
    )

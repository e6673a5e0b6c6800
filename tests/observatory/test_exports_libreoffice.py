"""The exports opened by LibreOffice (`soffice --headless --convert-to`): the CSV read with
a French spreadsheet's settings (`;`, UTF-8) and the XLSX, each converted and read back,
keep their French headers, their accents and every row.

Skipped where LibreOffice is not installed, unless REQUIRE_LIBREOFFICE is set: `.ci/run`
installs it (libreoffice-calc-nogui) and sets it, so that CI never skips these tests.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess  # nosec B404: runs LibreOffice on files the test wrote
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User

from registry.models import Association
from tests.factories import AssociationFactory
from tests.observatory.exporting import body

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        SOFFICE is None and not os.environ.get("REQUIRE_LIBREOFFICE"),
        reason="needs LibreOffice (apt-get install libreoffice-calc-nogui); .ci/run requires it",
    ),
]

HEADERS = ["Nom", "Sigle", "Statut", "Pays", "Ville", "Ambassade", "Région d'origine"]


def convert(source: Path, target: str, tmp_path: Path, *options: str) -> Path:
    """`source` converted by LibreOffice to `target` (`xlsx`, `csv:…`) in `tmp_path/out`."""
    assert SOFFICE is not None, "LibreOffice (soffice) is not installed"
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(  # nosec B603: a fixed program and arguments
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            *options,
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = [p for p in out.iterdir() if p.suffix != source.suffix or p.name != source.name]
    assert len(converted) == 1, list(out.iterdir())
    return converted[0]


@pytest.fixture
def accented(cast: Any) -> None:
    AssociationFactory(name="Amicale des Éwé de Genève", city="Genève")


def test_the_csv_opens_in_libreoffice_with_its_french_headers(
    client_for: Any, officer: User, tmp_path: Path, accented: None
):
    data = body(client_for(officer).get("/observatoire/exports/associations/?format=csv"))
    source = tmp_path / "associations.csv"
    source.write_bytes(data)
    # A French spreadsheet's import: `;` (59) between cells, `"` (34) around text, UTF-8 (76).
    converted = convert(source, "xlsx", tmp_path, "--infilter=CSV:59,34,76,1")
    sheet = openpyxl.load_workbook(converted, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][: len(HEADERS)] == HEADERS
    assert len(rows) == Association.objects.count() + 1
    assert "Amicale des Éwé de Genève" in {row[0] for row in rows}


def test_the_xlsx_opens_in_libreoffice_with_its_french_headers(
    client_for: Any, officer: User, tmp_path: Path, accented: None
):
    data = body(client_for(officer).get("/observatoire/exports/associations/?format=xlsx"))
    source = tmp_path / "associations.xlsx"
    source.write_bytes(data)
    # Back to CSV: `;` (59), `"` (34), UTF-8 (76), from the first line.
    converted = convert(source, "csv:Text - txt - csv (StarCalc):59,34,76,1", tmp_path)
    text = converted.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][: len(HEADERS)] == HEADERS
    assert len(rows) == Association.objects.count() + 1
    assert "Amicale des Éwé de Genève" in {row[0] for row in rows}

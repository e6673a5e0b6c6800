"""Reading a file: size, encoding, delimiter and header, then rows keyed by field name.

Line numbers are physical lines of the file, the header being line 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from registry.importing.columns import COLUMNS, fold, quoted
from registry.importing.errors import ImportFileError
from registry.models import ImportKind


@dataclass
class ParsedRow:
    line: int
    cells: dict[str, str]
    extra_values: int = 0


@dataclass
class ParsedFile:
    kind: str
    text: str
    delimiter: str
    headers: dict[str, str]
    rows: list[ParsedRow]


def check_size(size: int) -> None:
    limit = settings.REGISTRY_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("Le fichier pèse %(size)s : la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Le fichier n'est pas un texte UTF-16 valide.")) from exc
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise ImportFileError(
            _(
                "Ce fichier n'est pas un fichier CSV. S'il s'agit d'un classeur Excel, "
                "enregistrez-le au format « CSV » puis déposez-le à nouveau."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # A BOM with stray Windows bytes further on: the BOM still is not data.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _sniff_delimiter(text: str) -> tuple[str, bool]:
    """The delimiter, and whether the first line is Excel's `sep=;` hint."""
    first = ""
    for line in io.StringIO(text):
        if line.strip():
            first = line
            break
    hint = re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE)
    if hint:
        return hint.group(1), True
    counts = {delimiter: first.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return (best if counts[best] else ","), False


def _csv_error_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return _("un guillemet ouvert n'est jamais refermé")
    if "expected after" in text:
        return _("un guillemet fermant est suivi d'autres caractères")
    if "field larger than field limit" in text:
        return _("une cellule est beaucoup trop longue (guillemet non refermé ?)")
    return _("la ligne n'est pas au format CSV")


def parse(kind: str, text: str) -> ParsedFile:
    """Split `text` into rows keyed by field name; raise ImportFileError on a bad file."""
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    delimiter, skip_hint = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if skip_hint:
                skip_hint = False
                continue
            if header is None:
                header = record
            else:
                records.append((start, record))
    except csv.Error as exc:
        raise ImportFileError(
            _("Ligne %(line)d : %(reason)s. Corrigez le fichier puis déposez-le à nouveau.")
            % {"line": previous_end + 1, "reason": _csv_error_reason(exc)}
        ) from exc
    if header is None:
        raise ImportFileError(_("Le fichier est vide."))
    headers, positions = _read_header(kind, header)
    if not records:
        raise ImportFileError(
            _("Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.")
        )
    width = len(header)
    rows = []
    for line, record in records:
        cells = {name: (record[index] if index < len(record) else "") for index, name in positions}
        extra = sum(1 for value in record[width:] if value.strip())
        rows.append(ParsedRow(line=line, cells=cells, extra_values=extra))
    return ParsedFile(kind=kind, text=text, delimiter=delimiter, headers=headers, rows=rows)


def _read_header(kind: str, header: list[str]) -> tuple[dict[str, str], list[tuple[int, str]]]:
    columns = COLUMNS[kind]
    known = {fold(name, "_"): column for column in columns for name in column.names}
    while header and not header[-1].strip():
        header.pop()
    headers: dict[str, str] = {}
    positions: list[tuple[int, str]] = []
    unknown: list[str] = []
    repeated: list[str] = []
    unnamed: list[int] = []
    for index, raw in enumerate(header):
        name = raw.strip()
        if not name:
            unnamed.append(index + 1)
            continue
        column = known.get(fold(name, "_"))
        if column is None:
            unknown.append(name)
        elif column.field in headers:
            repeated.append(name)
        else:
            headers[column.field] = name
            positions.append((index, column.field))
    missing = [c.header for c in columns if c.required and c.field not in headers]
    problems: list[str] = []
    for names, message in (
        (
            unknown,
            ngettext_lazy(
                "Colonne inconnue : %(columns)s.", "Colonnes inconnues : %(columns)s.", "count"
            ),
        ),
        (
            missing,
            ngettext_lazy(
                "Colonne obligatoire absente : %(columns)s.",
                "Colonnes obligatoires absentes : %(columns)s.",
                "count",
            ),
        ),
        (
            repeated,
            ngettext_lazy(
                "Colonne en double : %(columns)s.", "Colonnes en double : %(columns)s.", "count"
            ),
        ),
    ):
        if names:
            problems.append(str(message % {"count": len(names), "columns": quoted(names)}))
    if unnamed:
        problems.append(
            ngettext(
                "La colonne n° %(positions)s de l'en-tête n'a pas de nom.",
                "Les colonnes n° %(positions)s de l'en-tête n'ont pas de nom.",
                len(unnamed),
            )
            % {"positions": ", ".join(str(p) for p in unnamed)}
        )
    if problems:
        other = next(k for k in COLUMNS if k != kind)
        other_known = {fold(name, "_") for column in COLUMNS[other] for name in column.names}
        if missing and all(fold(n, "_") in other_known for n in header if n.strip()):
            problems.append(
                _("Ce fichier ressemble à un fichier de « %(kind)s » : vérifiez le type choisi.")
                % {"kind": ImportKind(other).label}
            )
        problems.append(
            _("Colonnes attendues dans l'en-tête : %(columns)s.")
            % {"columns": quoted(c.header for c in columns)}
        )
        raise ImportFileError(problems)
    return headers, positions


def read(kind: str, data: bytes) -> ParsedFile:
    """Check the size, decode and parse an uploaded file."""
    if kind not in COLUMNS:
        raise ImportFileError(_("Type d'import inconnu : « %(kind)s ».") % {"kind": kind})
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(_("Le fichier est vide."))
    return parse(kind, decode(data))

"""Validating every row of a file (forms, jurisdiction, duplicates); nothing is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.types import AnyUser
from registry import access, services
from registry.importing.columns import column_label, fold
from registry.importing.errors import RowError
from registry.importing.reading import ParsedFile
from registry.importing.references import References
from registry.importing.row_forms import AssociationRowForm, ExpertRowForm
from registry.models import (
    Association,
    Embassy,
    Expert,
    ImportKind,
)

User = AnyUser


@dataclass
class RowResult:
    line: int
    cells: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    related: list[Any] = field(default_factory=list)
    label: str = ""
    embassy: Embassy | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    kind: str
    headers: dict[str, str]
    rows: list[RowResult]

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        """Rows in error (a row may carry several errors)."""
        return sum(1 for row in self.rows if row.errors)

    @property
    def valid_count(self) -> int:
        return self.row_count - self.error_count

    @property
    def importable(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def _key(*parts: object) -> tuple[str, ...]:
    return tuple(" ".join(fold(str(part), " ").split()) for part in parts)


class _Duplicates:
    """Rows already in the file or in the registry, by the natural key of each kind."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.kind = parsed.kind
        self.seen: dict[tuple[str, ...], int] = {}
        self.seen_emails: dict[str, int] = {}
        self.existing_emails: set[str] = set()
        file_countries = {row.cells.get("country", "").strip().upper() for row in parsed.rows}
        if self.kind == ImportKind.ASSOCIATIONS:
            associations = Association.objects.filter(country__in=file_countries)
            self.existing = {_key(n, c) for n, c in associations.values_list("name", "country")}
            return
        experts = Expert.objects.filter(country__in=file_countries)
        self.existing = {
            _key(first, last, country)
            for first, last, country in experts.values_list("first_name", "last_name", "country")
        }
        file_emails = {row.cells.get("email", "").strip().lower() for row in parsed.rows}
        self.existing_emails = {
            email.lower()
            for email in Expert.objects.exclude(email="").values_list("email", flat=True)
            if email.lower() in file_emails
        }

    def check(self, data: Mapping[str, Any], line: int) -> list[tuple[str, str]]:
        """Problems as (field, message) pairs; remembers the row for the next ones."""
        country = data.get("country")
        if self.kind == ImportKind.ASSOCIATIONS:
            name = data.get("name")
            return self._check_key(
                "name",
                (name, country),
                line,
                {"name": name, "country": country},
                in_registry=gettext_lazy(
                    "une association « %(name)s » existe déjà dans le répertoire pour ce pays "
                    "(%(country)s)."
                ),
                in_file=gettext_lazy(
                    "l'association « %(name)s » (%(country)s) figure déjà à la ligne %(line)d."
                ),
            )
        first, last = data.get("first_name"), data.get("last_name")
        problems = self._check_key(
            "last_name",
            (first, last, country),
            line,
            {"name": f"{first} {last}", "country": country},
            in_registry=gettext_lazy(
                "la personne %(name)s (%(country)s) est déjà inscrite dans le répertoire."
            ),
            in_file=gettext_lazy(
                "la personne %(name)s (%(country)s) figure déjà à la ligne %(line)d."
            ),
        )
        email = (data.get("email") or "").lower()
        if email in self.existing_emails:
            message = _("un membre de la diaspora est déjà inscrit avec l'adresse %(email)s.")
            problems.append(("email", message % {"email": email}))
        elif email and self.seen_emails.setdefault(email, line) != line:
            message = _("l'adresse %(email)s figure déjà à la ligne %(line)d.")
            problems.append(("email", message % {"email": email, "line": self.seen_emails[email]}))
        return problems

    def _check_key(
        self,
        field_name: str,
        parts: tuple[Any, ...],
        line: int,
        params: dict[str, Any],
        *,
        in_registry: str | Promise,
        in_file: str | Promise,
    ) -> list[tuple[str, str]]:
        if not all(parts):
            return []
        key = _key(*parts)
        if key in self.existing:
            return [(field_name, in_registry % params)]
        first_line = self.seen.setdefault(key, line)
        if first_line == line:
            return []
        return [(field_name, in_file % {**params, "line": first_line})]


def _scope_problem(
    data: Mapping[str, Any], cells: Mapping[str, str], scope: frozenset[int] | None
) -> tuple[str, str] | None:
    if scope is None:
        return None
    embassy: Embassy | None = data.get("embassy")
    country = data.get("country")
    column = "embassy" if cells.get("embassy", "").strip() else "country"
    if embassy is None:
        if country and "embassy" in data:
            return column, _(
                "aucune de vos ambassades ne couvre le pays %(country)s : "
                "hors de votre juridiction."
            ) % {"country": country}
        return None
    if embassy.pk not in scope:
        return column, _("%(country)s relève de « %(embassy)s », hors de votre juridiction.") % {
            "country": country or "",
            "embassy": embassy.name,
        }
    return None


def validate(parsed: ParsedFile, by: User) -> Preview:
    """Validate every row of `parsed` for `by`; nothing is written."""
    services.check_allowed(access.can_import(by))
    refs = References.load()
    scope = access.import_embassy_scope(by)
    duplicates = _Duplicates(parsed)
    form_class: type[AssociationRowForm | ExpertRowForm] = (
        AssociationRowForm if parsed.kind == ImportKind.ASSOCIATIONS else ExpertRowForm
    )
    rows: list[RowResult] = []
    for row in parsed.rows:
        result = RowResult(line=row.line, cells=row.cells)
        if row.extra_values:
            result.errors.append(
                RowError(
                    row.line,
                    None,
                    ngettext(
                        "la ligne compte %(count)d valeur de plus que l'en-tête n'a de colonnes.",
                        "la ligne compte %(count)d valeurs de plus que l'en-tête n'a de colonnes.",
                        row.extra_values,
                    )
                    % {"count": row.extra_values},
                )
            )
        form = form_class(row.cells, refs=refs)
        valid = form.is_valid()
        data = form.cleaned_data
        problems: list[tuple[str, str]] = [
            (name, str(message)) for name, messages in form.errors.items() for message in messages
        ]
        scope_problem = _scope_problem(data, row.cells, scope)
        if scope_problem:
            problems.append(scope_problem)
        problems += duplicates.check(data, row.line)
        for name, message in problems:
            column = (
                None
                if name == NON_FIELD_ERRORS
                else column_label(parsed.kind, parsed.headers, name)
            )
            result.errors.append(RowError(row.line, column, message))
        result.embassy = data.get("embassy")
        result.label = _row_label(parsed.kind, row.cells)
        if valid and result.ok:
            result.fields = form.service_fields()
            result.related = form.related()
        rows.append(result)
    return Preview(kind=parsed.kind, headers=parsed.headers, rows=rows)


def _row_label(kind: str, cells: Mapping[str, str]) -> str:
    if kind == ImportKind.ASSOCIATIONS:
        return cells.get("name", "").strip()
    return f"{cells.get('first_name', '').strip()} {cells.get('last_name', '').strip()}".strip()

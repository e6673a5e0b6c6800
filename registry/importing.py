"""Bulk import of associations and experts from the CSV files embassies keep.

A file goes through three steps:

1. it is read: size, encoding (UTF-8 with or without BOM, else Windows-1252 as
   Excel writes it), delimiter (`;` or `,`), header (French column names, the
   model's English field names accepted too);
2. every row is validated with the registry's own forms and rules, reference
   codes being resolved from tables loaded once per file; nothing is written;
3. only when no row is in error, every row is created through the registry
   services inside one transaction, so that any failure leaves nothing behind.

Line numbers are physical lines of the file, the header being line 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from processes.transitions import (
    ActionRefused,
    ConditionsUnmet,
    InvalidState,
    NotAllowed,
    NotVisible,
)
from registry import access, services
from registry.forms import AssociationForm, ExpertForm
from registry.models import (
    Association,
    CompetenceDomain,
    EducationLevel,
    Embassy,
    Expert,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Jurisdiction,
    Prefecture,
    Region,
    Sector,
    SectorChoice,
    SpokenLanguage,
)

User = AnyUser
T = TypeVar("T")


# --- Columns ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an import file: the form field it feeds and the names it goes by."""

    field: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, self.field, *self.aliases)


COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.ASSOCIATIONS: (
        Column("name", "nom", True, ("nom_association",), gettext_lazy("Nom complet.")),
        Column("acronym", "sigle", False, (), gettext_lazy("Sigle (facultatif).")),
        Column(
            "country",
            "pays",
            True,
            ("code_pays",),
            gettext_lazy("Pays de résidence : code ISO à deux lettres (FR, BE, DE…)."),
        ),
        Column("city", "ville", True, (), gettext_lazy("Ville de résidence.")),
        Column(
            "embassy",
            "ambassade",
            False,
            ("code_ambassade",),
            gettext_lazy(
                "Code de l'ambassade (paris, bruxelles…) ; vide : l'ambassade dont la "
                "juridiction couvre le pays."
            ),
        ),
        Column(
            "founded_year",
            "annee_creation",
            True,
            ("annee_de_creation",),
            gettext_lazy("Année de création, par exemple 2004."),
        ),
        Column(
            "members_count",
            "nombre_membres",
            True,
            ("nombre_de_membres",),
            gettext_lazy("Nombre de membres (nombre entier)."),
        ),
        Column(
            "sectors",
            "secteurs",
            False,
            (),
            gettext_lazy("Codes des secteurs séparés par | ou , (par exemple water|health)."),
        ),
        Column(
            "home_region",
            "region_origine",
            True,
            ("region_d_origine", "region"),
            gettext_lazy("Code de la région d'origine au Togo (plateaux, kara…)."),
        ),
        Column(
            "home_prefecture",
            "prefecture_origine",
            False,
            ("prefecture_d_origine", "prefecture"),
            gettext_lazy("Code de la préfecture d'origine (kloto, kozah…), dans cette région."),
        ),
        Column(
            "contact_name",
            "contact_nom",
            True,
            ("nom_contact", "personne_de_contact"),
            gettext_lazy("Personne de contact."),
        ),
        Column(
            "contact_email",
            "contact_email",
            True,
            ("email_contact", "e_mail_contact", "contact_e_mail"),
            gettext_lazy("Adresse e-mail de contact."),
        ),
        Column(
            "contact_phone",
            "contact_telephone",
            False,
            ("telephone_contact", "telephone"),
            gettext_lazy("Téléphone de contact (facultatif)."),
        ),
        Column(
            "description", "presentation", False, (), gettext_lazy("Présentation (facultatif).")
        ),
    ),
    ImportKind.EXPERTS: (
        Column("first_name", "prenom", True, (), gettext_lazy("Prénom.")),
        Column("last_name", "nom", True, ("nom_de_famille",), gettext_lazy("Nom de famille.")),
        Column("email", "email", False, ("e_mail", "courriel"), gettext_lazy("Adresse e-mail.")),
        Column("phone", "telephone", False, (), gettext_lazy("Téléphone.")),
        Column(
            "country",
            "pays",
            True,
            ("code_pays", "pays_de_residence"),
            gettext_lazy("Pays de résidence : code ISO à deux lettres (FR, BE, DE…)."),
        ),
        Column("city", "ville", True, ("ville_de_residence",), gettext_lazy("Ville de résidence.")),
        Column(
            "embassy",
            "ambassade",
            False,
            ("code_ambassade",),
            gettext_lazy(
                "Code de l'ambassade ; vide : l'ambassade dont la juridiction couvre le pays."
            ),
        ),
        Column("profession", "profession", True, (), gettext_lazy("Profession.")),
        Column(
            "education_level",
            "niveau_etudes",
            True,
            ("niveau_d_etudes",),
            gettext_lazy("Niveau d'études : secondary, vocational, bachelor, master, doctorate."),
        ),
        Column(
            "education_field",
            "domaine_etudes",
            False,
            ("domaine_d_etudes",),
            gettext_lazy("Domaine d'études (facultatif)."),
        ),
        Column(
            "competences",
            "competences",
            True,
            ("domaines_de_competence",),
            gettext_lazy(
                "Codes des domaines de compétence séparés par | ou , (medicine|teaching)."
            ),
        ),
        Column(
            "languages",
            "langues",
            False,
            (),
            gettext_lazy("Codes des langues séparés par | ou , (fr|en|ee)."),
        ),
        Column(
            "available_teaching",
            "disponible_enseignement",
            False,
            (),
            gettext_lazy("Disponible pour des missions d'enseignement : oui ou non (vide : non)."),
        ),
        Column(
            "available_medical",
            "disponible_medical",
            False,
            (),
            gettext_lazy("Disponible pour des missions médicales : oui ou non (vide : non)."),
        ),
        Column(
            "home_region",
            "region_origine",
            False,
            ("region_d_origine", "region"),
            gettext_lazy("Code de la région d'origine au Togo (facultatif)."),
        ),
        Column(
            "consent_listed",
            "consentement_repertoire",
            False,
            ("accepte_repertoire", "consentement"),
            gettext_lazy("Accepte de figurer dans le répertoire : oui ou non (vide : non)."),
        ),
    ),
}


def _fold(value: str, sep: str) -> str:
    """Lower case, accents dropped, every run of other characters turned into `sep`."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", sep, ascii_value.lower()).strip(sep)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"« {name} »" for name in names)


# --- Errors -------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding, header, no rows)."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: str

    @property
    def detail(self) -> str:
        """The message without its line number (for a table that already shows it)."""
        if self.column is None:
            return self.message
        return _("Colonne « %(column)s » : %(message)s") % {
            "column": self.column,
            "message": _lower_first(self.message),
        }

    def __str__(self) -> str:
        if self.column is None:
            return _("Ligne %(line)d : %(message)s") % {
                "line": self.line,
                "message": _lower_first(self.message),
            }
        return _("Ligne %(line)d, colonne « %(column)s » : %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": _lower_first(self.message),
        }


def _lower_first(message: str) -> str:
    # "Ce champ est obligatoire." reads better after a colon as "ce champ…";
    # leave acronyms ("ISO …") and quotes alone.
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        return message[0].lower() + message[1:]
    return message


class ImportRefused(ConditionsUnmet):
    """At least one row is in error: nothing was imported."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        super().__init__([str(error) for error in preview.errors])


class AlreadyImported(InvalidState):
    pass


# --- Reading a file -----------------------------------------------------------


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


def column_label(kind: str, headers: Mapping[str, str], field_name: str) -> str:
    """The column as the file names it (or its French name when the file has none)."""
    if field_name in headers:
        return headers[field_name]
    for column in COLUMNS[kind]:
        if column.field == field_name:
            return column.header
    return field_name


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
    known = {_fold(name, "_"): column for column in columns for name in column.names}
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
        column = known.get(_fold(name, "_"))
        if column is None:
            unknown.append(name)
        elif column.field in headers:
            repeated.append(name)
        else:
            headers[column.field] = name
            positions.append((index, column.field))
    missing = [c.header for c in columns if c.required and c.field not in headers]
    problems: list[str] = []
    if unknown:
        problems.append(
            ngettext(
                "Colonne inconnue : %(columns)s.", "Colonnes inconnues : %(columns)s.", len(unknown)
            )
            % {"columns": _quoted(unknown)}
        )
    if missing:
        problems.append(
            ngettext(
                "Colonne obligatoire absente : %(columns)s.",
                "Colonnes obligatoires absentes : %(columns)s.",
                len(missing),
            )
            % {"columns": _quoted(missing)}
        )
    if repeated:
        problems.append(
            ngettext(
                "Colonne en double : %(columns)s.",
                "Colonnes en double : %(columns)s.",
                len(repeated),
            )
            % {"columns": _quoted(repeated)}
        )
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
        other_known = {_fold(name, "_") for column in COLUMNS[other] for name in column.names}
        if missing and all(_fold(n, "_") in other_known for n in header if n.strip()):
            problems.append(
                _("Ce fichier ressemble à un fichier de « %(kind)s » : vérifiez le type choisi.")
                % {"kind": ImportKind(other).label}
            )
        problems.append(
            _("Colonnes attendues dans l'en-tête : %(columns)s.")
            % {"columns": _quoted(c.header for c in columns)}
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


# --- Reference data -----------------------------------------------------------


def _table(entries: Iterable[tuple[T, str, Iterable[str | Promise]]]) -> dict[str, T]:
    """A lookup by code, also by label where no code or other label claims it."""
    by_code: dict[str, T] = {}
    by_label: dict[str, T | None] = {}
    for obj, code, labels in entries:
        by_code[_fold(code, "-")] = obj
        for label in labels:
            key = _fold(str(label), "-")
            # A label shared by two entries identifies neither.
            by_label[key] = None if key in by_label and by_label[key] is not obj else obj
    table = {key: obj for key, obj in by_label.items() if obj is not None}
    table.update(by_code)
    return table


@dataclass
class References:
    """Everything a row may refer to, loaded once per file."""

    countries: frozenset[str]
    embassies: dict[str, Embassy]
    embassy_codes: list[str]
    embassy_by_country: dict[str, Embassy]
    regions: dict[str, Region]
    region_codes: list[str]
    prefectures: dict[str, Prefecture]
    sectors: dict[str, SectorChoice]
    sector_codes: list[str]
    competences: dict[str, CompetenceDomain]
    education_levels: dict[str, str]
    languages: dict[str, str]

    @classmethod
    def load(cls) -> References:
        embassies = {e.pk: e for e in Embassy.objects.all()}
        regions = list(Region.objects.all())
        sectors = list(SectorChoice.objects.all())
        sector_labels = dict(Sector.choices)
        return cls(
            countries=frozenset(code for code, _name in countries),
            embassies=_table((e, e.code, (e.city, e.name)) for e in embassies.values()),
            embassy_codes=sorted(e.code for e in embassies.values()),
            embassy_by_country={
                str(country): embassies[embassy_id]
                for country, embassy_id in Jurisdiction.objects.values_list("country", "embassy_id")
            },
            regions=_table((r, r.code, (r.name,)) for r in regions),
            region_codes=[r.code for r in regions],
            prefectures=_table((p, p.code, (p.name,)) for p in Prefecture.objects.all()),
            sectors=_table((s, s.code, (sector_labels.get(s.code, s.code),)) for s in sectors),
            sector_codes=[s.code for s in sectors],
            competences=_table(
                (c, c.code, (c.label_fr, c.label_en)) for c in CompetenceDomain.objects.all()
            ),
            education_levels=_table(
                (code, code, (label,)) for code, label in EducationLevel.choices
            ),
            languages=_table((code, code, (label,)) for code, label in SpokenLanguage.choices),
        )


def reference_codes() -> dict[str, list[tuple[str, str]]]:
    """The codes a file may use, with their labels, for the upload page."""
    embassies = []
    for embassy in Embassy.objects.prefetch_related("jurisdictions"):
        covered = ", ".join(sorted(str(j.country) for j in embassy.jurisdictions.all()))
        embassies.append((embassy.code, f"{embassy.name} ({covered})" if covered else embassy.name))
    return {
        "embassies": embassies,
        "regions": [(r.code, r.name) for r in Region.objects.all()],
        "prefectures": [
            (p.code, f"{p.name} ({p.region.name})")
            for p in Prefecture.objects.select_related("region").order_by("region__name", "name")
        ],
        "sectors": [(code, str(label)) for code, label in Sector.choices],
        "competences": [(c.code, c.label) for c in CompetenceDomain.objects.all()],
        "languages": [(code, str(label)) for code, label in SpokenLanguage.choices],
        "education_levels": [(code, str(label)) for code, label in EducationLevel.choices],
    }


# --- Row forms ----------------------------------------------------------------

YES = frozenset({"oui", "o", "yes", "y", "1", "vrai", "true", "x"})
NO = frozenset({"non", "n", "no", "0", "faux", "false"})


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|,;]", value) if part.strip()]


def _lookup(
    table: Mapping[str, T], value: str, message: str | Promise, codes: Iterable[str] = ()
) -> T:
    found = table.get(_fold(value, "-"))
    if found is None:
        raise ValidationError(message % {"value": value.strip(), "codes": ", ".join(codes)})
    return found


def _lookup_many(
    table: Mapping[str, T], value: str, message: str | Promise, codes: Iterable[str] = ()
) -> list[T]:
    found: list[T] = []
    unknown: list[str] = []
    for part in _split(value):
        item = table.get(_fold(part, "-"))
        if item is None:
            unknown.append(part)
        elif item not in found:
            found.append(item)
    if unknown:
        raise ValidationError(message % {"value": _quoted(unknown), "codes": ", ".join(codes)})
    return found


def _country(refs: References, value: str) -> str:
    code = value.strip().upper()
    if code not in refs.countries:
        raise ValidationError(
            _("« %(value)s » n'est pas un code pays ISO valide.") % {"value": value.strip()}
        )
    return code


def _embassy(refs: References, value: str, country: str | None) -> Embassy | None:
    if value.strip():
        return _lookup(
            refs.embassies,
            value,
            gettext_lazy("« %(value)s » n'est pas un code d'ambassade connu (codes : %(codes)s)."),
            refs.embassy_codes,
        )
    return refs.embassy_by_country.get(country) if country else None


def _yes_no(value: str) -> bool:
    key = _fold(value, "")
    if not key or key in NO:
        return False
    if key in YES:
        return True
    raise ValidationError(
        _("« %(value)s » n'est pas une valeur reconnue : écrivez oui ou non.")
        % {"value": value.strip()}
    )


def _model_validation(form: forms.ModelForm, references: Iterable[str]) -> None:
    """Run the model's own validation on the cleaned values, as the service will.

    Reference fields and the country are left out: they were resolved from the
    preloaded tables, and checking them again costs a query per cell (or a scan
    of every country). Uniqueness is checked per file (duplicates), not per row.
    """
    instance, data = form.instance, form.cleaned_data
    names = {f.name for f in instance._meta.concrete_fields}
    for name, value in data.items():
        if name in names:
            setattr(instance, name, value)
    exclude = (names - set(data)) | {"country", *references}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)


class AssociationRowForm(AssociationForm):
    """An association as one CSV row: references are codes, not choices."""

    country = forms.CharField(max_length=20)
    embassy = forms.CharField(required=False)  # type: ignore[assignment]
    sectors = forms.CharField(required=False)  # type: ignore[assignment]
    home_region = forms.CharField()  # type: ignore[assignment]
    home_prefecture = forms.CharField(required=False)  # type: ignore[assignment]

    def __init__(self, data: Mapping[str, str], *, refs: References) -> None:
        super().__init__(data)
        self.refs = refs

    def clean_country(self) -> str:
        return _country(self.refs, self.cleaned_data["country"])

    def clean_embassy(self) -> Embassy | None:
        # An empty cell takes the embassy covering the country from the preloaded
        # jurisdictions; AssociationForm.clean reports a country no embassy covers.
        return _embassy(self.refs, self.cleaned_data["embassy"], self.cleaned_data.get("country"))

    def clean_sectors(self) -> list[SectorChoice]:
        return _lookup_many(
            self.refs.sectors,
            self.cleaned_data["sectors"],
            gettext_lazy("secteur inconnu : %(value)s (codes : %(codes)s)."),
            self.refs.sector_codes,
        )

    def clean_home_region(self) -> Region:
        return _lookup(
            self.refs.regions,
            self.cleaned_data["home_region"],
            gettext_lazy("« %(value)s » n'est pas une région du Togo (codes : %(codes)s)."),
            self.refs.region_codes,
        )

    def clean_home_prefecture(self) -> Prefecture | None:
        value = self.cleaned_data["home_prefecture"]
        if not value:
            return None
        return _lookup(
            self.refs.prefectures,
            value,
            gettext_lazy("« %(value)s » n'est pas une préfecture du Togo connue."),
        )

    def _post_clean(self) -> None:
        _model_validation(self, ("embassy", "home_region", "home_prefecture", "created_by"))

    def related(self) -> list[SectorChoice]:
        return list(self.cleaned_data.get("sectors") or [])


class ExpertRowForm(ExpertForm):
    """An expert as one CSV row: references are codes, booleans are oui/non."""

    country = forms.CharField(max_length=20)
    embassy = forms.CharField(required=False)
    education_level = forms.CharField()
    competences = forms.CharField()  # type: ignore[assignment]
    languages = forms.CharField(required=False)  # type: ignore[assignment]
    available_teaching = forms.CharField(required=False)
    available_medical = forms.CharField(required=False)
    home_region = forms.CharField(required=False)
    consent_listed = forms.CharField(required=False)

    def __init__(self, data: Mapping[str, str], *, refs: References) -> None:
        super().__init__(data)
        self.refs = refs

    def clean_country(self) -> str:
        return _country(self.refs, self.cleaned_data["country"])

    def clean_embassy(self) -> Embassy | None:
        return _embassy(self.refs, self.cleaned_data["embassy"], self.cleaned_data.get("country"))

    def clean_education_level(self) -> str:
        return _lookup(
            self.refs.education_levels,
            self.cleaned_data["education_level"],
            gettext_lazy("« %(value)s » n'est pas un niveau d'études reconnu (codes : %(codes)s)."),
            EducationLevel.values,
        )

    def clean_competences(self) -> list[CompetenceDomain]:
        return _lookup_many(
            self.refs.competences,
            self.cleaned_data["competences"],
            gettext_lazy("domaine de compétence inconnu : %(value)s."),
        )

    def clean_languages(self) -> list[str]:
        return _lookup_many(
            self.refs.languages,
            self.cleaned_data["languages"],
            gettext_lazy("langue inconnue : %(value)s."),
        )

    def clean_available_teaching(self) -> bool:
        return _yes_no(self.cleaned_data["available_teaching"])

    def clean_available_medical(self) -> bool:
        return _yes_no(self.cleaned_data["available_medical"])

    def clean_consent_listed(self) -> bool:
        return _yes_no(self.cleaned_data["consent_listed"])

    def clean_home_region(self) -> Region | None:
        value = self.cleaned_data["home_region"]
        if not value:
            return None
        return _lookup(
            self.refs.regions,
            value,
            gettext_lazy("« %(value)s » n'est pas une région du Togo (codes : %(codes)s)."),
            self.refs.region_codes,
        )

    def _post_clean(self) -> None:
        _model_validation(self, ("embassy", "home_region", "user", "created_by"))

    def related(self) -> list[CompetenceDomain]:
        return list(self.cleaned_data.get("competences") or [])


class _SharedFields(dict[str, forms.Field]):
    """Fields every row form of a kind shares instead of deep-copying them per row.

    A form copies its fields so that one instance may change them; row forms
    never do, and the copy was most of the cost of validating a large file.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedFields:
        return self


for _row_form in (AssociationRowForm, ExpertRowForm):
    _row_form.base_fields = _SharedFields(_row_form.base_fields)


# --- Validation ---------------------------------------------------------------


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
    return tuple(" ".join(_fold(str(part), " ").split()) for part in parts)


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
    _check(access.can_import(by))
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


def _check(decision: access.Decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


# --- Batches ------------------------------------------------------------------


def save_batch(*, parsed: ParsedFile, preview: Preview, file_name: str, by: User) -> ImportBatch:
    """Keep an uploaded file between its preview and its import."""
    _check(access.can_import(by))
    if by.pk is None:
        raise NotAllowed(_("Connectez-vous d'abord."))
    return ImportBatch.objects.create(
        kind=parsed.kind,
        file_name=file_name[-255:],
        content=parsed.text,
        row_count=preview.row_count,
        error_count=preview.error_count,
        uploaded_by_id=by.pk,
    )


def preview_batch(*, batch: ImportBatch, by: User) -> Preview:
    """Validate a kept file again: the registry may have changed since the upload."""
    preview = validate(parse(batch.kind, batch.content), by)
    if (batch.row_count, batch.error_count) != (preview.row_count, preview.error_count):
        batch.row_count, batch.error_count = preview.row_count, preview.error_count
        batch.save(update_fields=["row_count", "error_count"])
    return preview


def _create(kind: str, row: RowResult, *, by: User, source: Source | str) -> None:
    if kind == ImportKind.ASSOCIATIONS:
        services.association_create(by=by, source=source, sectors=row.related, **row.fields)
    else:
        services.expert_create(by=by, source=source, competences=row.related, **row.fields)


def import_batch(*, batch: ImportBatch, by: User, source: Source | str) -> int:
    """Create every row of `batch`, all or nothing; return how many were created."""
    _check(access.can_import(by))
    if not by.is_authenticated or batch.uploaded_by_id != by.pk:
        raise NotVisible(_("Cet import n'existe pas."))
    try:
        with transaction.atomic():
            # Claiming the batch first makes a second, concurrent import wait, then fail.
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED).update(
                status=ImportStatus.IMPORTED, imported_at=timezone.now()
            )
            if not claimed:
                batch.refresh_from_db()
                raise AlreadyImported(_already_imported_message(batch))
            preview = validate(parse(batch.kind, batch.content), by)
            if not preview.importable:
                raise ImportRefused(preview)
            for row in preview.rows:
                _create_row(batch.kind, row, by=by, source=source, preview=preview)
            ImportBatch.objects.filter(pk=batch.pk).update(
                row_count=preview.row_count, error_count=0, imported_count=preview.row_count
            )
            record_history(
                obj=batch,
                action="import",
                by=by,
                source=source,
                target_state=ImportStatus.IMPORTED,
                comment=f"{batch.file_name} ({preview.row_count})",
            )
    except ImportRefused as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            row_count=exc.preview.row_count, error_count=exc.preview.error_count
        )
        batch.refresh_from_db()
        raise
    batch.refresh_from_db()
    return batch.imported_count


def _create_row(
    kind: str,
    row: RowResult,
    *,
    by: User,
    source: Source | str,
    preview: Preview,
) -> None:
    """Create one row; a refusal stops the whole import with that row's reasons."""
    try:
        _create(kind, row, by=by, source=source)
    except ValidationError as exc:
        messages = getattr(exc, "message_dict", {NON_FIELD_ERRORS: exc.messages})
        for name, field_messages in messages.items():
            column = None if name == NON_FIELD_ERRORS else column_label(kind, preview.headers, name)
            row.errors += [RowError(row.line, column, m) for m in field_messages]
    except ActionRefused as exc:
        row.errors += [RowError(row.line, None, m) for m in exc.messages]
    except IntegrityError:
        row.errors.append(
            RowError(
                row.line,
                None,
                _("cette ligne est entrée en conflit avec une inscription faite entre-temps."),
            )
        )
    if row.errors:
        raise ImportRefused(preview)


def _already_imported_message(batch: ImportBatch) -> str:
    when = timezone.localtime(batch.imported_at) if batch.imported_at else None
    return _(
        "Le fichier « %(file)s » a déjà été importé le %(date)s : un fichier ne s'importe "
        "qu'une fois, rien n'a été importé de nouveau."
    ) % {"file": batch.file_name, "date": date_format(when, "DATETIME_FORMAT") if when else "?"}

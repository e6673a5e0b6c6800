"""The columns of an import file: the form field each feeds and the names it goes by."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from registry.models import ImportKind


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


def fold(value: str, sep: str) -> str:
    """Lower case, accents dropped, every run of other characters turned into `sep`."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", sep, ascii_value.lower()).strip(sep)


def quoted(names: Iterable[str]) -> str:
    return ", ".join(f"« {name} »" for name in names)


def column_label(kind: str, headers: Mapping[str, str], field_name: str) -> str:
    """The column as the file names it (or its French name when the file has none)."""
    if field_name in headers:
        return headers[field_name]
    for column in COLUMNS[kind]:
        if column.field == field_name:
            return column.header
    return field_name

"""The CSV import pages: upload, dry-run preview, all-or-nothing import."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import HistoryEntry, Source
from processes.transitions import Decision
from registry import access, services
from registry.models import (
    Association,
    AssociationStatus,
    Embassy,
    Expert,
    ImportBatch,
    ImportStatus,
)

UPLOAD_URL = reverse("registry:import_upload")

HEADER = [
    "nom",
    "sigle",
    "pays",
    "ville",
    "ambassade",
    "annee_creation",
    "nombre_membres",
    "secteurs",
    "region_origine",
    "prefecture_origine",
    "contact_nom",
    "contact_email",
]


def row(name: str, country: str = "FR", **cells: str) -> dict[str, str]:
    values = {
        "nom": name,
        "sigle": "",
        "pays": country,
        "ville": "Ville",
        "ambassade": "",
        "annee_creation": "2010",
        "nombre_membres": "40",
        "secteurs": "water|health",
        "region_origine": "plateaux",
        "prefecture_origine": "kloto",
        "contact_nom": "Kossi Contact",
        "contact_email": "contact@example.org",
    }
    values.update(cells)
    return values


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    columns = header or HEADER
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def upload(
    client: Client, data: bytes, *, kind: str = "associations", name: str = "associations.csv"
) -> Any:
    return client.post(
        UPLOAD_URL,
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
        follow=True,
    )


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def import_url(batch: ImportBatch) -> str:
    return reverse("registry:import_preview", args=[batch.pk])


BAD_FILE = [
    row("Association des Jeunes de Kpalimé à Paris"),
    row("Cercle des Togolais de Séville", country="XX"),
    row(
        "Amicale de la Kozah à Anvers",
        country="BE",
        region_origine="kara",
        prefecture_origine="kozah",
    ),
    row("Association des Femmes de Sokodé à Lisbonne", country="PT", annee_creation="2999"),
]
FIXED_FILE = [
    BAD_FILE[0],
    {**BAD_FILE[1], "pays": "ES"},
    BAD_FILE[2],
    {**BAD_FILE[3], "annee_creation": "2015"},
]


# --- The scenario -----------------------------------------------------


def test_an_officer_gets_both_bad_rows_reported_with_line_and_reason_and_nothing_imported(
    officer: User, client_for: Any
) -> None:
    before = Association.objects.count()
    client = client_for(officer)

    response = upload(client, csv_bytes(BAD_FILE))

    page = text(response)
    assert response.status_code == 200
    assert "Ligne 3, colonne « pays » : « XX » n'est pas un code pays ISO valide." in page
    assert (
        "Ligne 5, colonne « annee_creation » : l'année de création ne peut pas être dans le futur."
        in page
    )
    assert "2 lignes sur 4 contiennent des erreurs." in page
    assert "Rien ne sera importé" in page
    assert ">Importer</button>" not in page
    assert "associations.csv" in page
    assert Association.objects.count() == before


def test_posting_the_import_of_a_file_with_errors_imports_nothing(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    upload(client, csv_bytes(BAD_FILE))
    batch = ImportBatch.objects.get()
    before = Association.objects.count()

    response = client.post(import_url(batch))

    assert response.status_code == 400
    assert "rien n'a été importé" in text(response)
    assert Association.objects.count() == before
    batch.refresh_from_db()
    assert (batch.status, batch.row_count, batch.error_count) == (ImportStatus.PREVIEWED, 4, 2)


def test_the_fixed_file_imports_every_row_as_a_pending_association(
    officer: User, client_for: Any, paris_embassy: Any, brussels_embassy: Any
) -> None:
    client = client_for(officer)
    upload(client, csv_bytes(BAD_FILE))
    preview = upload(client, csv_bytes(FIXED_FILE, delimiter=","), name="associations-corrige.csv")
    assert "Les 4 lignes sont valides." in text(preview)
    batch = ImportBatch.objects.get(file_name="associations-corrige.csv")

    response = client.post(import_url(batch), follow=True)

    page = text(response)
    assert "4 associations importées depuis « associations-corrige.csv »" in page
    assert "en attente de vérification" in page
    imported = Association.objects.filter(name__in=[r["nom"] for r in FIXED_FILE])
    assert imported.count() == 4
    assert {a.status for a in imported} == {AssociationStatus.PENDING}
    seville = imported.get(country="ES")
    assert seville.embassy == paris_embassy
    assert seville.created_by == officer
    assert sorted(seville.sectors.values_list("code", flat=True)) == ["health", "water"]
    assert imported.get(country="BE").embassy == brussels_embassy
    assert imported.get(country="BE").home_prefecture.code == "kozah"
    batch.refresh_from_db()
    assert (batch.status, batch.imported_count) == (ImportStatus.IMPORTED, 4)
    assert batch.imported_at is not None
    assert HistoryEntry.objects.filter(action="create", source=Source.WEB).count() >= 4


# --- Reading files ------------------------------------------------------------


def test_a_semicolon_separated_windows_1252_file_from_excel_is_read(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    rows = [row("Amicale des Éwé de Créteil", contact_nom="Agbéko Sénamé")]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    assert b"\xc9w\xe9" in data  # "Éwé" as Excel writes it on Windows

    response = upload(client, data)
    client.post(import_url(ImportBatch.objects.get()))

    assert "La ligne est valide." in text(response)
    association = Association.objects.get(name="Amicale des Éwé de Créteil")
    assert association.contact_name == "Agbéko Sénamé"


def test_a_utf8_file_with_a_bom_and_english_column_names_is_read(
    officer: User, client_for: Any
) -> None:
    english = {
        "nom": "name",
        "sigle": "acronym",
        "pays": "country",
        "ville": "city",
        "ambassade": "embassy",
        "annee_creation": "founded_year",
        "nombre_membres": "members_count",
        "secteurs": "sectors",
        "region_origine": "home_region",
        "prefecture_origine": "home_prefecture",
        "contact_nom": "contact_name",
        "contact_email": "contact_email",
    }
    values = {english[k]: v for k, v in row("Réseau Togolais de Genève", country="CH").items()}
    data = "\ufeff".encode() + csv_bytes([values], header=list(english.values()), delimiter=",")
    client = client_for(officer)

    upload(client, data)
    client.post(import_url(ImportBatch.objects.get()))

    assert Association.objects.get(name="Réseau Togolais de Genève").embassy.code == "berlin"


def test_french_column_names_are_read_whatever_their_case_and_accents(
    officer: User, client_for: Any
) -> None:
    header = [
        "Nom",
        "Sigle",
        "Pays",
        "Ville",
        "Ambassade",
        "Année de création",
        "Nombre de membres",
        "Secteurs",
        "Région d'origine",
        "Préfecture d'origine",
        "Contact nom",
        "Contact e-mail",
    ]
    values = dict(zip(header, row("Union Togolaise de Namur", country="BE").values(), strict=True))

    response = upload(client_for(officer), csv_bytes([values], header=header))

    assert "La ligne est valide." in text(response)


def test_an_unknown_column_is_reported_and_the_file_refused(officer: User, client_for: Any) -> None:
    header = [*HEADER, "fondateur"]
    response = upload(client_for(officer), csv_bytes([row("Association X")], header=header))

    page = text(response)
    assert response.status_code == 400
    assert "Colonne inconnue : « fondateur »." in page
    assert "Le fichier « associations.csv » n'a pas été accepté" in page
    assert ImportBatch.objects.count() == 0


def test_missing_required_columns_are_named(officer: User, client_for: Any) -> None:
    header = [c for c in HEADER if c not in ("pays", "contact_email")]
    response = upload(client_for(officer), csv_bytes([row("Association X")], header=header))

    assert response.status_code == 400
    assert "Colonnes obligatoires absentes : « pays », « contact_email »." in text(response)


def test_an_experts_file_uploaded_as_associations_is_recognised(
    officer: User, client_for: Any
) -> None:
    data = (
        b"prenom;nom;pays;ville;profession;niveau_etudes;competences\r\n"
        b"Ama;Doe;FR;Paris;X;master;ict\r\n"
    )

    response = upload(client_for(officer), data)

    assert "ressemble à un fichier de « Membres de la diaspora (compétences) »" in text(response)


def test_an_empty_file_is_refused(officer: User, client_for: Any) -> None:
    response = upload(client_for(officer), b"")

    assert response.status_code == 400
    assert "Le fichier est vide." in text(response)
    assert ImportBatch.objects.count() == 0


def test_a_file_with_only_its_header_is_refused(officer: User, client_for: Any) -> None:
    response = upload(client_for(officer), csv_bytes([]) + b";;;\r\n\r\n")

    assert response.status_code == 400
    assert "aucune ligne à importer" in text(response)


def test_a_file_over_the_size_limit_is_refused(
    officer: User, client_for: Any, settings: Any
) -> None:
    settings.REGISTRY_IMPORT_MAX_BYTES = 1024
    data = csv_bytes([row(f"Association numéro {n}") for n in range(20)])

    response = upload(client_for(officer), data)

    assert response.status_code == 400
    assert "la taille maximale est de 1,0\xa0Kio" in text(response)
    assert ImportBatch.objects.count() == 0


def test_an_excel_workbook_is_refused_with_a_hint(officer: User, client_for: Any) -> None:
    response = upload(client_for(officer), b"PK\x03\x04\x14\x00\x06\x00", name="registre.xlsx")

    assert response.status_code == 400
    assert "enregistrez-le au format « CSV »" in text(response)


def test_an_unclosed_quote_is_reported_with_its_line(officer: User, client_for: Any) -> None:
    data = csv_bytes([row("Association A")]) + b'Association B;;FR;"Paris;2010\r\n'

    response = upload(client_for(officer), data)

    assert "Ligne 3 : un guillemet ouvert n'est jamais refermé." in text(response)


def test_line_numbers_are_the_physical_lines_of_the_file(officer: User, client_for: Any) -> None:
    # A cell spanning two lines, then a blank line: the bad row is on line 6.
    header = [*HEADER, "presentation"]
    rows = [
        row("Association A", presentation="Première ligne\nseconde ligne"),
        row("Association B"),
    ]
    bad_row = csv_bytes([row("C", country="ZZ")], header=header).split(b"\r\n", 1)[1]
    data = csv_bytes(rows, header=header) + b"\r\n" + bad_row

    response = upload(client_for(officer), data)

    assert "Ligne 6, colonne « pays » : « ZZ » n'est pas un code pays ISO valide." in text(response)


def test_excels_sep_hint_line_sets_the_delimiter(officer: User, client_for: Any) -> None:
    data = b"sep=,\r\n" + csv_bytes([row("Association de Lausanne", "CH")], delimiter=",")

    response = upload(client_for(officer), data)

    assert "La ligne est valide." in text(response)


def test_a_row_longer_than_the_header_is_reported(officer: User, client_for: Any) -> None:
    data = csv_bytes([row("Association A")]).rstrip(b"\r\n") + b";en trop;encore\r\n"

    page = text(upload(client_for(officer), data))

    assert "Ligne 2 : la ligne compte 2 valeurs de plus que l'en-tête n'a de colonnes." in page


# --- Row rules ----------------------------------------------------------------


def test_every_error_of_a_row_is_listed(officer: User, client_for: Any) -> None:
    bad = row(
        "Association Y",
        region_origine="mars",
        prefecture_origine="kozah",
        nombre_membres="beaucoup",
        contact_email="pas-une-adresse",
        secteurs="water|peche",
        ambassade="tokyo",
    )

    page = text(upload(client_for(officer), csv_bytes([bad])))

    assert "Ligne 2, colonne « region_origine » : « mars » n'est pas une région du Togo" in page
    assert "Ligne 2, colonne « nombre_membres » : saisissez un nombre entier." in page
    assert "Ligne 2, colonne « contact_email » : saisissez une adresse e-mail valide." in page
    assert "Ligne 2, colonne « secteurs » : secteur inconnu : « peche »" in page
    assert "Ligne 2, colonne « ambassade » : « tokyo » n'est pas un code d'ambassade connu" in page


def test_the_models_own_limits_apply(officer: User, client_for: Any) -> None:
    rows = [row("Association ancienne", annee_creation="1850", nombre_membres="0")]

    page = text(upload(client_for(officer), csv_bytes(rows)))

    assert "Ligne 2, colonne « annee_creation » : assurez-vous que cette valeur" in page
    assert "Ligne 2, colonne « nombre_membres » : assurez-vous que cette valeur" in page


def test_a_prefecture_outside_the_region_is_refused_by_the_registry_rule(
    officer: User, client_for: Any
) -> None:
    bad = row("Association Z", region_origine="plateaux", prefecture_origine="kozah")

    page = text(upload(client_for(officer), csv_bytes([bad])))

    assert (
        "Ligne 2, colonne « prefecture_origine » : la préfecture Kozah n'est pas dans la région "
        "Plateaux." in page
    )


def test_a_country_no_embassy_covers_needs_an_embassy_code(officer: User, client_for: Any) -> None:
    client = client_for(officer)
    page = text(upload(client, csv_bytes([row("Togolais du Japon", country="JP")])))
    assert (
        "Aucune ambassade ne couvre ce pays" in page or "aucune ambassade ne couvre ce pays" in page
    )

    named = row("Togolais du Japon", country="JP", ambassade="berlin")
    assert "La ligne est valide." in text(upload(client, csv_bytes([named])))


def test_a_name_repeated_in_the_file_or_already_registered_is_a_duplicate(
    officer: User, client_for: Any, paris_association: Association
) -> None:
    rows = [
        row("Association Sœur de Lyon"),
        row("  association sœur de LYON "),
        row(paris_association.name, country=str(paris_association.country)),
        row(paris_association.name, country="BE"),
    ]

    page = text(upload(client_for(officer), csv_bytes(rows)))

    assert "Ligne 3, colonne « nom » : l'association « association sœur de LYON » (FR) " in page
    assert "figure déjà à la ligne 2." in page
    assert (
        f"Ligne 4, colonne « nom » : une association « {paris_association.name} » existe déjà "
        "dans le répertoire pour ce pays (FR)." in page
    )
    assert "Ligne 5" not in page
    assert "3 lignes sur 4" not in page and "2 lignes sur 4 contiennent des erreurs." in page


# --- Jurisdiction -------------------------------------------------------------


def test_a_focal_point_importing_a_row_of_another_jurisdiction_gets_a_row_error(
    focal_paris: User, client_for: Any
) -> None:
    before = Association.objects.count()
    client = client_for(focal_paris)
    rows = [
        row("Association de Nantes"),
        row("Association de Gand", country="BE"),
        row("Association de Madrid rattachée à Berlin", country="ES", ambassade="berlin"),
    ]

    response = upload(client, csv_bytes(rows))
    client.post(import_url(ImportBatch.objects.get()))

    page = text(response)
    assert (
        "Ligne 3, colonne « pays » : BE relève de « Ambassade du Togo en Belgique », hors de "
        "votre juridiction." in page
    )
    assert (
        "Ligne 4, colonne « ambassade » : ES relève de « Ambassade du Togo en Allemagne »" in page
    )
    assert Association.objects.count() == before


def test_a_focal_point_imports_rows_of_its_own_jurisdiction(
    focal_paris: User, client_for: Any, paris_embassy: Any
) -> None:
    client = client_for(focal_paris)
    upload(client, csv_bytes([row("Association de Nantes"), row("Association de Porto", "PT")]))

    response = client.post(import_url(ImportBatch.objects.get()), follow=True)

    assert "2 associations importées" in text(response)
    names = ["Association de Nantes", "Association de Porto"]
    assert set(Association.objects.filter(name__in=names).values_list("embassy", flat=True)) == {
        paris_embassy.pk
    }


# --- Who may import -----------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "focal_paris", "admin_user"])
def test_the_upload_page_is_open_to_officers_focal_points_and_superusers(
    persona: str, request: pytest.FixtureRequest, client_for: Any
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(UPLOAD_URL)

    assert response.status_code == 200
    assert 'accept=".csv,text/csv"' in response.content.decode()
    assert "annee_creation" in response.content.decode()


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "evaluator1", "auditor"])
def test_users_without_the_role_get_403_on_the_import_pages(
    persona: str, request: pytest.FixtureRequest, client_for: Any, officer: User
) -> None:
    batch = ImportBatch.objects.create(
        kind="associations", file_name="a.csv", content="x", uploaded_by_id=officer.pk
    )
    client = client_for(request.getfixturevalue(persona))

    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"kind": "associations"}).status_code == 403
    assert client.get(import_url(batch)).status_code == 403
    assert client.post(import_url(batch)).status_code == 403


def test_a_focal_point_without_an_embassy_gets_403(client_for: Any, cast: Any) -> None:
    from tests.factories import UserFactory

    orphan = UserFactory(roles=["embassy_focal_point"])

    assert client_for(orphan).get(UPLOAD_URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, cast: Any) -> None:
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_batch_of_another_user_is_not_found(
    officer: User, focal_paris: User, client_for: Any
) -> None:
    upload(client_for(officer), csv_bytes([row("Association de Nantes")]))
    batch = ImportBatch.objects.get()
    other = client_for(focal_paris)

    assert other.get(import_url(batch)).status_code == 404
    assert other.post(import_url(batch)).status_code == 404
    assert not Association.objects.filter(name="Association de Nantes").exists()
    assert "Association de Nantes" not in other.get(UPLOAD_URL).content.decode()


def test_importing_the_same_batch_twice_is_refused(officer: User, client_for: Any) -> None:
    client = client_for(officer)
    upload(client, csv_bytes([row("Association de Nantes")]))
    batch = ImportBatch.objects.get()
    client.post(import_url(batch))

    response = client.post(import_url(batch))

    assert response.status_code == 409
    assert "a déjà été importé le" in text(response)
    assert Association.objects.filter(name="Association de Nantes").count() == 1


# --- All or nothing -----------------------------------------------------------


def refuse_registering_for(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """The registry refuses, when the rows are created, rows of the embassy `code`."""
    real_check = access.can_register_for_embassy

    def refuse(user: User, embassy: Embassy) -> Decision:
        if embassy.code == code:
            return Decision.deny("Refus simulé.")
        return real_check(user, embassy)

    monkeypatch.setattr(access, "can_register_for_embassy", refuse)


def test_a_row_registered_between_preview_and_import_stops_the_whole_import(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    upload(client, csv_bytes(FIXED_FILE))
    batch = ImportBatch.objects.get()
    first = FIXED_FILE[0]
    services.association_create(
        by=officer,
        source=Source.WEB,
        name=first["nom"],
        country="FR",
        city="Paris",
        embassy=services.embassy_for_country("FR"),
        founded_year=2001,
        members_count=3,
        home_region=Association.objects.first().home_region,
        contact_name="X",
        contact_email="x@example.org",
    )

    response = client.post(import_url(batch))

    assert response.status_code == 400
    assert "Ligne 2, colonne « nom » : une association" in text(response)
    assert Association.objects.filter(name__in=[r["nom"] for r in FIXED_FILE]).count() == 1


def test_a_refusal_on_the_last_row_leaves_none_of_the_earlier_rows(
    officer: User, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(officer)
    upload(client, csv_bytes(FIXED_FILE))
    refuse_registering_for(monkeypatch, "paris")  # the last row's embassy (Portugal)

    response = client.post(import_url(ImportBatch.objects.get()))

    assert response.status_code == 400
    assert "Ligne 5 : refus simulé." in text(response)
    assert not Association.objects.filter(name__in=[r["nom"] for r in FIXED_FILE]).exists()
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_the_preview_costs_the_same_queries_for_five_rows_or_fifty(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    counts = []
    for size in (5, 50):
        upload(client, csv_bytes([row(f"Association {size}-{n}") for n in range(size)]))
        batch = ImportBatch.objects.latest("pk")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(import_url(batch)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_upload_page_lists_the_users_own_files(officer: User, client_for: Any) -> None:
    client = client_for(officer)
    upload(client, csv_bytes(BAD_FILE), name="ambassade-paris-2025.csv")

    page = text(client.get(UPLOAD_URL))

    assert "ambassade-paris-2025.csv" in page
    assert "2 lignes en erreur" in page


# --- Experts ------------------------------------------------------------------

EXPERT_HEADER = (
    "prenom;nom;email;pays;ville;profession;niveau_etudes;competences;langues;"
    "disponible_enseignement;disponible_medical;region_origine;consentement_repertoire"
)


def test_experts_are_imported_with_their_codes_and_yes_no_answers(
    officer: User, client_for: Any, cast: dict[str, Any]
) -> None:
    data = (
        EXPERT_HEADER
        + "\r\nAfi;Agbodjan;afi@example.org;NL;Rotterdam;Sage-femme;Master;nursing|medicine;"
        "fr,en;Non;OUI;maritime;vrai\r\n"
        "Komi;Adjavon;;CA;Montréal;Juriste;doctorate;law;;;;;non\r\n"
    ).encode()
    client = client_for(officer)
    upload(client, data, kind="experts", name="experts.csv")

    response = client.post(import_url(ImportBatch.objects.get()), follow=True)

    assert "2 membres de la diaspora importés" in text(response)
    afi = Expert.objects.get(last_name="Agbodjan")
    assert afi.embassy == cast["embassies"]["bruxelles"]
    assert afi.education_level == "master"
    assert sorted(afi.competences.values_list("code", flat=True)) == ["medicine", "nursing"]
    assert afi.languages == ["fr", "en"]
    assert (afi.available_teaching, afi.available_medical, afi.consent_listed) == (
        False,
        True,
        True,
    )
    komi = Expert.objects.get(last_name="Adjavon")
    assert komi.embassy == cast["embassies"]["washington"]
    assert (komi.home_region, komi.consent_listed, komi.languages) == (None, False, [])


def test_expert_rows_report_bad_answers_and_unknown_codes(officer: User, client_for: Any) -> None:
    data = (
        EXPERT_HEADER + "\r\nAfi;Agbodjan;afi@example.org;NL;Rotterdam;Sage-femme;master;"
        "nursing|plongee;fr|xx;peut-être;;maritime;oui\r\n"
        "Afi;Agbodjan;AFI@example.org;NL;Rotterdam;Sage-femme;phd;nursing;;;;;\r\n"
    ).encode()

    page = text(upload(client_for(officer), data, kind="experts"))

    assert "Ligne 2, colonne « competences » : domaine de compétence inconnu : « plongee »." in page
    assert "Ligne 2, colonne « langues » : langue inconnue : « xx »." in page
    assert (
        "Ligne 2, colonne « disponible_enseignement » : « peut-être » n'est pas une valeur "
        "reconnue : écrivez oui ou non." in page
    )
    assert (
        "Ligne 3, colonne « niveau_etudes » : « phd » n'est pas un niveau d'études reconnu" in page
    )
    assert (
        "Ligne 3, colonne « nom » : la personne Afi Agbodjan (NL) figure déjà à la ligne 2." in page
    )
    assert (
        "Ligne 3, colonne « email » : l'adresse afi@example.org figure déjà à la ligne 2." in page
    )


def test_an_expert_already_in_the_registry_is_a_duplicate(officer: User, client_for: Any) -> None:
    existing = Expert.objects.get(last_name="Amedome")
    data = (
        EXPERT_HEADER + f"\r\n{existing.first_name};{existing.last_name};;FR;Paris;Médecin;"
        "doctorate;medicine;;;;;\r\n"
    ).encode()

    page = text(upload(client_for(officer), data, kind="experts"))

    assert (
        "Ligne 2, colonne « nom » : la personne Kossi Amedome (FR) est déjà inscrite dans le "
        "répertoire." in page
    )


def test_a_focal_point_cannot_import_an_expert_of_a_country_no_embassy_covers(
    focal_paris: User, client_for: Any
) -> None:
    data = (EXPERT_HEADER + "\r\nAma;Doe;;JP;Tokyo;X;master;ict;;;;;\r\n").encode()

    page = text(upload(client_for(focal_paris), data, kind="experts"))

    assert "Ligne 2, colonne « pays » : aucune de vos ambassades ne couvre le pays JP" in page


def test_the_sample_files_are_valid(officer: User, client_for: Any) -> None:
    client = client_for(officer)
    for kind in ("associations", "experts"):
        with open(f"docs/samples/{kind}.csv", "rb") as sample:
            response = upload(client, sample.read(), kind=kind, name=f"{kind}.csv")
        assert "sont valides" in text(response), kind
        batch = ImportBatch.objects.get(kind=kind)
        assert client.post(import_url(batch)).status_code == 302
        batch.refresh_from_db()
        assert batch.imported_count == batch.row_count > 0
        assert batch.imported_at is not None and batch.imported_at <= timezone.now()

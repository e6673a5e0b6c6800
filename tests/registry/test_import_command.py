"""`manage.py import_registry`: the same import as the page, from a shell."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import HistoryEntry, Source
from registry.models import (
    Association,
    AssociationStatus,
    Embassy,
    Expert,
    ImportBatch,
    ImportStatus,
)

HEADER = (
    "nom;pays;ville;annee_creation;nombre_membres;secteurs;region_origine;contact_nom;contact_email"
)
GOOD_ROWS = [
    "Association des Ressortissants de Bassar à Rouen;FR;Rouen;2009;35;health;kara;A;a@example.org",
    "Cercle Togolais de Bâle;CH;Bâle;2016;22;;maritime;B;b@example.org",
    "Amicale des Togolais de Toronto;CA;Toronto;2012;80;education;savanes;C;c@example.org",
]
BAD_ROWS = [
    GOOD_ROWS[0],
    "Cercle Togolais de Bâle;XX;Bâle;2016;22;;maritime;B;b@example.org",
    "Amicale des Togolais de Toronto;CA;Toronto;2012;80;education;lune;C;c@example.org",
]


def write(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str, **options: Any) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_registry", *args, stdout=io.StringIO(), stderr=err, **options)
    return failure.value, err.getvalue()


def names(rows: list[str]) -> list[str]:
    return [r.split(";")[0] for r in rows]


def test_a_file_with_errors_prints_each_with_its_line_exits_1_and_imports_nothing(
    tmp_path: Path, officer: AbstractUser
) -> None:
    path = write(tmp_path, BAD_ROWS)

    error, stderr = run_failing(str(path), kind="associations", user="officer")

    assert error.returncode == 1
    assert "2 lignes sur 3 en erreur : rien n'a été importé." in str(error)
    assert "Ligne 3, colonne « pays » : « XX » n'est pas un code pays ISO valide." in stderr
    assert "Ligne 4, colonne « region_origine » : « lune » n'est pas une région du Togo" in stderr
    assert not Association.objects.filter(name__in=names(BAD_ROWS)).exists()
    assert not ImportBatch.objects.exists()


def test_the_dry_run_of_a_valid_file_imports_nothing(tmp_path: Path, officer: AbstractUser) -> None:
    stdout, stderr = run(
        str(write(tmp_path, GOOD_ROWS)), kind="associations", user="officer", dry_run=True
    )

    assert "Aucune erreur : 3 lignes seraient importées" in stdout
    assert stderr == ""
    assert not Association.objects.filter(name__in=names(GOOD_ROWS)).exists()
    assert not ImportBatch.objects.exists()


def test_the_dry_run_of_a_file_with_errors_fails_like_the_import(
    tmp_path: Path, officer: AbstractUser
) -> None:
    error, stderr = run_failing(
        str(write(tmp_path, BAD_ROWS)), kind="associations", user="officer", dry_run=True
    )

    assert error.returncode == 1
    assert stderr.count("Ligne ") == 2


def test_a_valid_file_is_imported_and_counted(tmp_path: Path, officer: AbstractUser) -> None:
    stdout, _ = run(
        str(write(tmp_path, GOOD_ROWS, name="registre.csv")),
        "--kind",
        "associations",
        "--user",
        "officer",
    )

    assert "3 associations importées (en attente de vérification par le point focal)." in stdout
    imported = Association.objects.filter(name__in=names(GOOD_ROWS))
    assert imported.count() == 3
    assert {a.status for a in imported} == {AssociationStatus.PENDING}
    assert {a.embassy.code for a in imported} == {"paris", "berlin", "washington"}
    imported = HistoryEntry.objects.filter(
        action="create",
        source=Source.COMMAND,
        content_type=ContentType.objects.get_for_model(Association),
        object_id__in=list(imported.values_list("pk", flat=True)),
    )
    assert imported.count() == 3
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.status, batch.imported_count) == (
        "registre.csv",
        ImportStatus.IMPORTED,
        3,
    )


def test_experts_are_imported_from_the_command_line(
    tmp_path: Path, officer: AbstractUser, brussels_embassy: Embassy
) -> None:
    path = tmp_path / "experts.csv"
    path.write_bytes(
        "prenom,nom,pays,ville,profession,niveau_etudes,competences,langues\r\n"
        "Elom,Dossou,LU,Luxembourg,Actuaire,master,finance,fr|de\r\n".encode("cp1252")
    )

    stdout, _ = run(str(path), kind="experts", user="officer")

    assert "1 membre de la diaspora importé." in stdout
    assert Expert.objects.get(last_name="Dossou").embassy == brussels_embassy


def test_the_focal_points_jurisdiction_applies_on_the_command_line(
    tmp_path: Path, focal_paris: AbstractUser
) -> None:
    error, stderr = run_failing(
        str(write(tmp_path, GOOD_ROWS)), kind="associations", user="focal_paris"
    )

    assert error.returncode == 1
    assert "Ligne 3, colonne « pays » : CH relève de « Ambassade du Togo en Allemagne »" in stderr
    assert "Ligne 2" not in stderr
    assert not Association.objects.filter(name__in=names(GOOD_ROWS)).exists()


def test_an_unknown_column_is_reported_on_stderr(tmp_path: Path, officer: AbstractUser) -> None:
    path = write(tmp_path, GOOD_ROWS, header=HEADER.replace("contact_email", "courriel_du_chef"))

    error, stderr = run_failing(str(path), kind="associations", user="officer")

    assert error.returncode == 1
    assert "Fichier refusé : rien n'a été importé." in str(error)
    assert "Colonne inconnue : « courriel_du_chef »." in stderr
    assert "Colonne obligatoire absente : « contact_email »." in stderr


def test_an_unknown_user_or_a_user_without_the_role_is_refused(
    tmp_path: Path, caseworker1: AbstractUser
) -> None:
    path = str(write(tmp_path, GOOD_ROWS))

    unknown, _ = run_failing(path, kind="associations", user="personne")
    forbidden, _ = run_failing(path, kind="associations", user="caseworker1")

    assert "Utilisateur inconnu ou inactif : « personne »." in str(unknown)
    assert "Seuls les chargés de programme et les points focaux" in str(forbidden)
    assert not Association.objects.filter(name__in=names(GOOD_ROWS)).exists()


def test_a_missing_file_is_a_clear_error(tmp_path: Path, officer: AbstractUser) -> None:
    error, _ = run_failing(str(tmp_path / "absent.csv"), kind="associations", user="officer")

    assert "Impossible de lire" in str(error)
    assert "absent.csv" in str(error)

"""The import writes its rows in batches, by the rules one row obeys, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import HistoryEntry, Source
from registry import services
from registry.bulk import BATCH_SIZE, RowsRefused, clean_new
from registry.models import (
    Association,
    Embassy,
    Expert,
    ImportBatch,
    ImportStatus,
    Prefecture,
    Region,
)
from registry.models import AssociationStatus as Status
from tests.registry.test_import import (
    EXPERT_HEADER,
    csv_bytes,
    import_url,
    refuse_registering_for,
    row,
    text,
    upload,
)


def association_file(count: int, prefix: str = "A", **last: str) -> bytes:
    rows = [row(f"Association {prefix} numéro {n}") for n in range(count)]
    rows[-1].update(last)
    return csv_bytes(rows)


def expert_file(count: int, prefix: str = "E") -> bytes:
    lines = [
        f"Ama;{prefix}{n};{prefix.lower()}{n}@example.org;FR;Lyon;Infirmière;master;"
        "nursing|medicine;fr|ee;oui;non;maritime;oui"
        for n in range(count)
    ]
    return "\r\n".join([EXPERT_HEADER, *lines, ""]).encode()


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def import_queries(client: Client, data: bytes, kind: str) -> tuple[int, int]:
    """The queries of the import of `data`: (INSERTs, all the others)."""
    upload(client, data, kind=kind)
    batch = latest_batch()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(import_url(batch)).status_code == 302
    batch.refresh_from_db()
    assert batch.imported_count == batch.row_count
    inserts = sum(1 for q in queries if q["sql"].startswith("INSERT"))
    return inserts, len(queries) - inserts


def insert_statements(rows: int, *models: type[Model]) -> int:
    """How many INSERTs write `rows` rows of each of `models` in batches (SQLite binds at
    most 999 values a statement: a batch of a wide table is cut shorter there)."""
    total = 0
    for model in models:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        size = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows) or rows)
        total += -(-rows // size)
    return total


ASSOCIATION_TABLES = (Association, Association.sectors.through, HistoryEntry)
EXPERT_TABLES = (Expert, Expert.competences.through, HistoryEntry)
# Besides the rows': the batch's history row, a savepoint or two.
OTHER_INSERTS = 1


# --- Queries ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "make", "tables"),
    [
        ("associations", association_file, ASSOCIATION_TABLES),
        ("experts", expert_file, EXPERT_TABLES),
    ],
)
def test_importing_ten_rows_or_two_hundred_costs_the_same_queries_but_batched_inserts(
    officer: User, client_for: Any, kind: str, make: Any, tables: tuple[type[Model], ...]
) -> None:
    client = client_for(officer)
    import_queries(client, make(1, "Premier"), kind)  # what is read once per process

    ten_inserts, ten = import_queries(client, make(10, "Dix"), kind)
    inserts, others = import_queries(client, make(200, "Deuxcents"), kind)

    # Row by row, the import cost some 11 queries a row.
    assert others == ten <= 30
    assert ten_inserts == insert_statements(10, *tables) + OTHER_INSERTS
    assert inserts == insert_statements(200, *tables) + OTHER_INSERTS


def test_a_file_over_one_batch_costs_one_more_query_per_batch(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    import_queries(client, association_file(1, "premier"), "associations")

    _inserts, small = import_queries(client, association_file(10, "petit"), "associations")
    _inserts, large = import_queries(
        client, association_file(BATCH_SIZE + 10, "grand"), "associations"
    )

    # The check that no registered association has the same name and country.
    assert large == small + 1


# --- All or nothing --------------------------------------------------------------


def test_a_row_refused_in_the_last_batch_leaves_nothing_saved_and_is_reported(
    officer: User, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(officer)
    count = BATCH_SIZE + 20
    # The last row is in Switzerland (Berlin), the others in France (Paris).
    upload(client, association_file(count, "lot", pays="CH"))
    refuse_registering_for(monkeypatch, "berlin")
    history_before = HistoryEntry.objects.count()

    response = client.post(import_url(latest_batch()))

    page = text(response)
    assert response.status_code == 400
    assert f"Ligne {count + 1} : refus simulé." in page
    assert "rien n'a été importé" in page
    assert "Ligne 2 :" not in page
    assert not Association.objects.filter(name__startswith="Association lot").exists()
    assert HistoryEntry.objects.count() == history_before
    assert latest_batch().status == ImportStatus.PREVIEWED


def test_every_refused_row_is_reported_not_only_the_first(
    officer: User, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(officer)
    rows = [row("Association de Lille"), row("Association de Bâle", "CH"), row("B2", "DE")]
    upload(client, csv_bytes(rows))
    refuse_registering_for(monkeypatch, "berlin")

    page = text(client.post(import_url(latest_batch())))

    assert "Ligne 3 : refus simulé." in page
    assert "Ligne 4 : refus simulé." in page
    assert "Ligne 2 :" not in page
    assert not Association.objects.filter(name="Association de Lille").exists()


def test_a_row_registered_by_someone_else_while_the_rows_are_written_is_named(
    officer: User, client_for: Any, monkeypatch: pytest.MonkeyPatch, paris_embassy: Embassy
) -> None:
    client = client_for(officer)
    upload(client, csv_bytes([row("Association de Lille"), row("Association de Metz")]))
    real_create = services.association_create_many

    def registered_meanwhile(**arguments: Any) -> list[Association]:
        # Checked before the other writer committed; written after: the database refuses.
        Association.objects.create(
            name="Association de Metz",
            country="FR",
            city="Metz",
            embassy=paris_embassy,
            founded_year=2000,
            members_count=5,
            home_region=Region.objects.get(code="kara"),
            contact_name="X",
            contact_email="x@example.org",
        )
        return real_create(**arguments)

    monkeypatch.setattr(services, "clean_new", lambda objs, exclude: {})
    monkeypatch.setattr(services, "association_create_many", registered_meanwhile)

    response = client.post(import_url(latest_batch()))

    assert response.status_code == 400
    assert (
        "Ligne 3, colonne « nom » : une association « Association de Metz » existe déjà dans "
        "le répertoire pour ce pays (FR)." in text(response)
    )
    assert not Association.objects.filter(name="Association de Lille").exists()


# --- The rules one row obeys -------------------------------------------------------


def fields(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Association témoin",
        "country": "FR",
        "city": "Paris",
        "embassy": Embassy.objects.get(code="paris"),
        "founded_year": 2004,
        "members_count": 12,
        "home_region": Region.objects.get(code="plateaux"),
        "home_prefecture": Prefecture.objects.get(code="kloto"),
        "contact_name": "Kossi",
        "contact_email": "kossi@example.org",
    }
    values.update(changes)
    return values


def one_by_one(officer: User, values: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refusal:
        services.association_create(by=officer, source=Source.WEB, **values)
    return refusal.value.message_dict


@pytest.mark.parametrize(
    "changes",
    [
        {"country": "XX"},
        {"founded_year": 2999, "members_count": 0},
        {"founded_year": 1850, "contact_email": "pas-une-adresse"},
        {"home_prefecture": "kozah"},
        {"name": "", "city": ""},
        {"existing": True},
    ],
    ids=["country", "future-year", "limits", "prefecture", "blank", "duplicate"],
)
def test_many_rows_are_refused_with_the_words_one_row_is_refused_with(
    officer: User, paris_association: Association, changes: dict[str, Any]
) -> None:
    changes = dict(changes)
    if changes.pop("existing", False):
        changes.update(name=paris_association.name, country=str(paris_association.country))
    if changes.get("home_prefecture") == "kozah":
        changes["home_prefecture"] = Prefecture.objects.get(code="kozah")
    values = fields(**changes)
    expected = one_by_one(officer, dict(values))
    good = fields(name="Association sans reproche")

    with pytest.raises(RowsRefused) as refusal:
        services.association_create_many(
            rows=[(good, []), (values, [])], by=officer, source=Source.WEB
        )

    assert list(refusal.value.refusals) == [1]
    refused = refusal.value.refusals[1]
    assert isinstance(refused, ValidationError)
    assert refused.message_dict == expected
    assert not Association.objects.filter(name="Association sans reproche").exists()


def test_an_unknown_reference_is_refused_as_one_row_would_be(officer: User) -> None:
    ghost = Region(pk=999_999, code="lune", name="Lune")
    values = fields(home_region=ghost, home_prefecture=None)
    expected = Association(**values, created_by=officer)
    with pytest.raises(ValidationError) as alone:
        expected.full_clean(exclude=["status"])

    refusals = clean_new([Association(**values, created_by=officer)], exclude=["status"])

    assert refusals[0].message_dict == alone.value.message_dict


def test_two_rows_with_the_same_name_and_country_refuse_the_second(officer: User) -> None:
    first = fields(name="Association jumelle")
    others = [fields(name=f"Autre {n}") for n in range(BATCH_SIZE)]
    rows: list[services.NewRow] = [(values, []) for values in [first, *others, first]]

    with pytest.raises(RowsRefused) as refusal:
        services.association_create_many(rows=rows, by=officer, source=Source.WEB)

    assert list(refusal.value.refusals) == [BATCH_SIZE + 1]
    services.association_create(by=officer, source=Source.WEB, **first)
    second = refusal.value.refusals[BATCH_SIZE + 1]
    assert isinstance(second, ValidationError)
    assert second.message_dict == one_by_one(officer, first)


# --- What is written -----------------------------------------------------------


def test_each_imported_row_has_its_history_row_and_the_chain_holds(
    officer: User, client_for: Any
) -> None:
    client = client_for(officer)
    upload(client, association_file(30, "historique"))
    batch = latest_batch()

    client.post(import_url(batch))

    created = Association.objects.filter(name__startswith="Association historique")
    assert created.count() == 30
    assert {a.status for a in created} == {Status.PENDING}
    history = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Association),
        object_id__in=created.values("pk"),
    )
    assert history.count() == 30
    assert set(history.values_list("by", "source", "target_state")) == {
        (officer.pk, Source.WEB, Status.PENDING)
    }
    assert HistoryEntry.objects.for_object(batch).get().action == "import"
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "chaîne intacte" in out.getvalue()


def test_imported_experts_have_their_competences_embassy_and_history(
    officer: User, client_for: Any, cast: dict[str, Any]
) -> None:
    client = client_for(officer)
    upload(client, expert_file(3, "Lot"), kind="experts")

    client.post(import_url(latest_batch()))

    experts = Expert.objects.filter(last_name__startswith="Lot")
    assert experts.count() == 3
    for expert in experts:
        assert expert.embassy == cast["embassies"]["paris"]
        assert sorted(expert.competences.values_list("code", flat=True)) == [
            "medicine",
            "nursing",
        ]
        assert expert.created_by == officer
        assert HistoryEntry.objects.for_object(expert).get().action == "create"

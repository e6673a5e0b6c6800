"""Exports over `BACKGROUND_ROWS` rows: written on the task queue (in this process here,
as without a broker), their progress saved per chunk, shown to the user who asked and
to no one else, offered for download when written, deleted after a week."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.roles import forget_roles
from audit.models import Source
from config.celery import app
from observatory.exports import background, services
from observatory.models import Export, ExportStatus
from registry.models import Association

ROUTE = "api:export"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> int:
    """Any export of more than one row runs in the background, in chunks of two rows."""
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr(background, "CHUNK", 2)
    return 2


def _in_background(client: Any, capture: Any, kind: str = "associations", fmt: str = "csv") -> Any:
    with capture(execute=True):
        return client.get(reverse(ROUTE, args=[kind]), {"format": fmt})


def _progress_updates(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE")
        and "observatory_export" in query["sql"]
        and "rows_done" in query["sql"]
        and "status" not in query["sql"].split("SET")[1].split("WHERE")[0]
    ]


def _file_of(export: Export) -> bytes:
    with export.file.open("rb") as handle:
        return bytes(handle.read())


def test_the_celery_application_knows_the_export_task() -> None:
    task = app.tasks["observatory.exports.background.write_export"]
    assert task.acks_late and task.retry_backoff and task.max_retries >= 3


def test_an_export_over_the_limit_is_written_in_the_background_chunk_by_chunk(
    officer, api_for, small_limits, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    client = api_for(officer)
    with CaptureQueriesContext(connection) as queries:
        answer = _in_background(client, django_capture_on_commit_callbacks)

    assert answer.status_code == 202
    export = Export.objects.get(pk=answer.json()["id"])
    job = reverse("api:export-job", args=[export.pk])
    assert answer["Location"].endswith(job)
    assert export.status == ExportStatus.DONE and export.file and export.size > 0
    rows = Association.objects.count()
    assert rows > 2 and export.rows_done == export.rows_total == rows
    # One UPDATE of the progress per chunk of rows, not one per row.
    assert len(_progress_updates(queries)) == math.ceil(rows / small_limits)

    # The file holds the same rows as the export written in the request.
    services.BACKGROUND_ROWS = 10_000
    direct = client.get(reverse(ROUTE, args=["associations"]), {"format": "csv"})
    assert direct.status_code == 200
    assert _file_of(export) == b"".join(direct.streaming_content)

    (ready,) = mail.outbox
    assert ready.to == [officer.email] and ready.subject == "Votre export est prêt : Associations"
    assert (
        f"http://testserver{reverse('observatory:export_detail', args=[export.pk])}" in ready.body
    )

    state = client.get(job).json()
    assert state == {
        "id": export.pk,
        "kind": "associations",
        "format": "csv",
        "status": "done",
        "status_label": "Prêt",
        "rows_done": rows,
        "rows_total": rows,
        "progress": 100,
        "download": f"http://testserver{reverse('api:export-job-download', args=[export.pk])}",
    }
    download = client.get(state["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == _file_of(export)
    assert download["Content-Type"].startswith("text/csv")


def test_the_202_answer_says_where_to_follow_a_pending_export(
    officer, api_for, small_limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        answer = api_for(officer).get(reverse(ROUTE, args=["associations"]), {"format": "csv"})
    assert answer.status_code == 202
    body = answer.json()
    assert body["status"] == "pending" and body["download"] is None
    assert body["status_label"] == "En attente" and body["progress"] == 0
    assert answer["Location"] == f"http://testserver{reverse('api:export-job', args=[body['id']])}"


def test_the_page_follows_the_export_until_it_is_ready_then_offers_it(
    officer, client_for, small_limits, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    url = reverse("observatory:export", args=["associations"])
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        answer = client.get(url, {"format": "xlsx"})
    export = Export.objects.get()
    detail = reverse("observatory:export_detail", args=[export.pk])
    assert answer.status_code == 302 and answer["Location"] == detail

    page = client.get(detail).content.decode()
    assert '<meta http-equiv="refresh"' in page and "<progress" in page
    assert "En attente" in page and "Télécharger" not in page

    with django_capture_on_commit_callbacks(execute=True):
        for callback in waiting:
            callback()
    page = client.get(detail).content.decode()
    assert 'http-equiv="refresh"' not in page and "Prêt" in page
    download = reverse("observatory:export_download", args=[export.pk])
    assert f'href="{download}"' in page
    answer = client.get(download)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"PK")  # a workbook (zip)

    listing = client.get(reverse("observatory:export_list")).content.decode()
    assert "Mes exports" in listing and f'href="{download}"' in listing
    assert '<progress class="export-progress" max="100" value="100"' in listing


def test_another_user_finds_nothing_of_someone_elses_export(
    officer,
    committee,
    admin_user,
    client_for,
    api_for,
    small_limits,
    django_capture_on_commit_callbacks,
):
    answer = _in_background(api_for(officer), django_capture_on_commit_callbacks)
    pk = answer.json()["id"]
    for other in (committee, admin_user):
        page = client_for(other)
        assert page.get(reverse("observatory:export_detail", args=[pk])).status_code == 404
        assert page.get(reverse("observatory:export_download", args=[pk])).status_code == 404
        assert (
            f"/exports/{pk}/" not in page.get(reverse("observatory:export_list")).content.decode()
        )
        api = api_for(other)
        assert api.get(reverse("api:export-job", args=[pk])).status_code == 404
        assert api.get(reverse("api:export-job-download", args=[pk])).status_code == 404


def test_an_export_that_cannot_be_written_fails_in_words(
    officer, client_for, small_limits, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("connection to server lost: secret internals")

    monkeypatch.setattr(type(services.DATASETS["associations"]), "table", broken)
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("observatory:export", args=["associations"]), {"format": "csv"})
    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED and not export.file

    page = client.get(reverse("observatory:export_detail", args=[export.pk])).content.decode()
    assert "Échec" in page and "pas pu être écrit après plusieurs essais" in page
    assert "RuntimeError" not in page and "secret internals" not in page
    assert "Traceback" not in page and 'http-equiv="refresh"' not in page
    answer = client.get(reverse("observatory:export_download", args=[export.pk]))
    assert answer.status_code == 404


def test_running_the_task_twice_writes_one_file(officer, small_limits, settings):
    export = services.start_export(officer, "associations", "csv", {}, Source.WEB)
    # Not handed over yet (no commit in this test's transaction): written here, twice.
    first = background.write_export.apply(args=[export.pk, "fr"]).get()
    second = background.write_export.apply(args=[export.pk, "fr"]).get()
    assert first and second is None
    export.refresh_from_db()
    assert export.file.name == first
    stored = list((settings.MEDIA_ROOT / "exports").rglob("*.csv"))
    assert len(stored) == 1


def test_an_export_left_running_by_a_killed_worker_is_written_again(officer, small_limits):
    export = services.start_export(officer, "associations", "csv", {}, Source.WEB)
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, rows_done=2)
    assert background.write(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.rows_done == export.rows_total == Association.objects.count()


def test_a_broker_that_refuses_the_export_leaves_it_written_here(
    officer, api_for, small_limits, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6391/0"

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6391.")

    monkeypatch.setattr(background.write_export._get_current_object(), "apply_async", refuse)
    answer = _in_background(api_for(officer), django_capture_on_commit_callbacks)
    assert answer.status_code == 202
    assert Export.objects.get().status == ExportStatus.DONE


def test_files_older_than_a_week_are_deleted_and_their_exports_stay(
    officer, client_for, small_limits, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.get(reverse("observatory:export", args=["associations"]), {"format": "csv"})
    old, recent = Export.objects.order_by("pk")
    Export.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    old_path = old.file.path

    call_command("expire_exports")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and old.status == ExportStatus.DONE and recent.file
    assert not __import__("os").path.exists(old_path)
    page = client.get(reverse("observatory:export_detail", args=[old.pk])).content.decode()
    assert "Le fichier a été supprimé après 7 jours" in page
    assert client.get(reverse("observatory:export_download", args=[old.pk])).status_code == 404
    job = client.get(reverse("api:export-job", args=[old.pk])).json()
    assert job["status"] == "done" and job["download"] is None


def test_the_menu_offers_my_exports_to_a_user_who_has_some(
    officer, committee, client, small_limits, django_capture_on_commit_callbacks
):
    services.start_export(officer, "associations", "csv", {}, Source.WEB)
    client.force_login(officer)
    assert "Mes exports" in client.get(reverse("home")).content.decode()
    client.force_login(committee)
    assert "Mes exports" not in client.get(reverse("home")).content.decode()


def test_my_exports_reads_the_same_number_of_queries_for_few_or_many_exports(officer, client_for):
    client = client_for(officer)

    def queries_with(count: int) -> int:
        for _ in range(count - Export.objects.count()):
            made = Export.objects.create(kind="associations", format="csv", requested_by=officer)
            Export.objects.filter(pk=made.pk).update(
                status=ExportStatus.DONE, file=f"exports/x{made.pk}.csv", size=10
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("observatory:export_list")).status_code == 200
        return len(queries)

    queries_with(1)  # the session learns that the user has exports (saved once)
    assert queries_with(2) == queries_with(12) <= 5


def test_a_supervisor_who_lost_the_role_no_longer_downloads_the_cases_it_exported(
    supervisor, client_for, api_for, small_limits, django_capture_on_commit_callbacks
):
    answer = _in_background(api_for(supervisor), django_capture_on_commit_callbacks, "cases")
    pk = answer.json()["id"]
    assert Export.objects.get(pk=pk).status == ExportStatus.DONE
    download_page = reverse("observatory:export_download", args=[pk])
    download_api = reverse("api:export-job-download", args=[pk])
    assert client_for(supervisor).get(download_page).status_code == 200

    supervisor.groups.clear()
    forget_roles(supervisor)  # as a new request reads them
    page = client_for(supervisor).get(download_page)
    api = api_for(supervisor).get(download_api)

    assert page.status_code == api.status_code == 403
    assert "Vous ne pouvez plus exporter cette liste." in api.json()["detail"]
    assert b"CAS-" not in page.content and b"CAS-" not in api.content

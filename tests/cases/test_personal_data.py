"""A returnee's personal data: anonymisation past the retention period (the command),
erasure on request (a supervisor), what both keep for the statistics, and what they
write in the history."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import HistoryEntry, Outcome, Source
from cases import access, services
from cases.models import Assessment, Case, CaseStatus
from cases.selectors.stats import case_statistics
from cases.services.personal_data import ANONYMISE, ERASE
from documents import registry
from documents.models import DocumentKind, ImmutableDocumentError, StoredDocument
from documents.services import request_document, verify_by_hash
from documents.uploads import attachments_of
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from tests.cases.builders import SOURCE, make_case
from tests.cases.personal_data import PERSONAL_VALUES, closed_days_ago, full_case

RETENTION = 1826


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CASE_RETENTION_DAYS = RETENTION


def everything_stored(case: Case) -> str:
    """Every value the case and its parts hold, and its history, as one text."""
    from cases.export import personal_data

    data = personal_data(case)
    plans = StoredDocument.objects.for_owner(case)
    data["payloads"] = [document.payload for document in plans]
    return json.dumps(data, ensure_ascii=False, default=str)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("anonymise_cases", *args, stdout=out)
    return out.getvalue()


# --- Retention ----------------------------------------------------------------------


def test_the_command_anonymises_only_the_cases_closed_longer_than_the_retention(
    cast: dict[str, Any],
) -> None:
    users = cast["users"]
    old = closed_days_ago(full_case(users), RETENTION + 1)
    recent = closed_days_ago(full_case(users, plan=False), RETENTION - 1)
    open_case = full_case(users, status=CaseStatus.FOLLOW_UP, plan=False)
    for value in ("Kossi", "Cauchemars fréquents", "cni-kossi-mensah.png"):
        assert value in everything_stored(old)

    output = run()

    assert f"Anonymisé : {old.reference}" in output
    assert "1 dossier(s) anonymisé(s)" in output
    old.refresh_from_db()
    assert old.anonymised_at is not None
    stored = everything_stored(old)
    for value in PERSONAL_VALUES:
        assert value not in stored, value
    for kept in (recent, open_case):
        kept.refresh_from_db()
        assert kept.anonymised_at is None
        assert kept.first_name == "Kossi"


def test_an_anonymised_case_keeps_its_codes_scores_and_amounts_with_dates_at_the_month(
    cast: dict[str, Any],
) -> None:
    case = closed_days_ago(full_case(cast["users"]), RETENTION + 10)
    before = Case.objects.get(pk=case.pk)
    follow_up = case.follow_ups.get()
    referral = case.referrals.get()

    run()

    after = Case.objects.get(pk=case.pk)
    assert (after.first_name, after.last_name, after.phone) == ("", "", "")
    assert after.full_name == "Personne anonymisée"
    assert after.birth_year == 1990 and before.birth_year == 1990  # 1990 is its band's start
    assert after.return_date == before.return_date.replace(day=1)
    for field in ("sex", "returned_from", "return_type", "region_id", "prefecture_id"):
        assert getattr(after, field) == getattr(before, field)
    assert after.vulnerabilities == ["medical"]
    assert after.status == CaseStatus.CLOSED and after.closure_reason == "plan_achieved"
    assessment = Assessment.objects.get(case=case)
    assert assessment.psychosocial_notes == assessment.skills == ""
    assert assessment.psychosocial_answers == {"sleep": "poor"}
    kept = after.follow_ups.get()
    assert kept.scores == follow_up.scores and kept.answers == follow_up.answers
    assert kept.visit_date == follow_up.visit_date.replace(day=1) and kept.notes == ""
    answered = after.referrals.get()
    assert (answered.service, answered.status, answered.provider) == (
        referral.service,
        referral.status,
        referral.provider,
    )
    assert answered.outcome == "" and answered.note == ""
    assert after.plan_items.get().budget == 300_000


def test_a_birth_year_becomes_the_start_of_its_five_year_band(cast: dict[str, Any]) -> None:
    case = make_case(CaseStatus.REGISTERED, birth_year=1987)
    services.anonymise(case, by=None, source=Source.COMMAND, action=ANONYMISE)
    case.refresh_from_db()
    assert case.birth_year == 1985


def test_statistics_are_the_same_before_and_after_anonymisation(cast: dict[str, Any]) -> None:
    users = cast["users"]
    for days_closed in (RETENTION + 1, RETENTION + 40, 10):
        closed_days_ago(full_case(users, plan=False), days_closed)
    full_case(users, status=CaseStatus.FOLLOW_UP, plan=False)
    before = case_statistics(Case.objects.all())

    assert "2 dossier(s) anonymisé(s)" in run()

    after = case_statistics(Case.objects.all())
    assert after == before
    assert before["scores"]["economic"] is not None
    assert before["by_status"][CaseStatus.CLOSED] >= 3


def test_the_dry_run_lists_and_changes_nothing(cast: dict[str, Any]) -> None:
    case = closed_days_ago(full_case(cast["users"], plan=False), RETENTION + 1)

    output = run("--dry-run")

    assert f"À anonymiser : {case.reference}" in output
    assert "1 dossier(s) clôturé(s) depuis plus de 1826 jours à anonymiser." in output
    case.refresh_from_db()
    assert case.anonymised_at is None and case.first_name == "Kossi"
    assert not HistoryEntry.objects.for_object(case).filter(action="anonymise").exists()


def test_a_case_is_anonymised_once_and_its_history_names_no_erased_value(
    cast: dict[str, Any],
) -> None:
    case = closed_days_ago(full_case(cast["users"]), RETENTION + 1)

    run()
    first = Case.objects.get(pk=case.pk).anonymised_at
    output = run()

    assert "0 dossier(s) anonymisé(s)" in output
    assert Case.objects.get(pk=case.pk).anonymised_at == first
    rows = HistoryEntry.objects.for_object(case).filter(action="anonymise")
    assert rows.count() == 1
    row = rows.get()
    assert (row.source, row.by, row.outcome) == (Source.COMMAND, None, Outcome.DONE)
    written = json.dumps([row.comment, row.data], ensure_ascii=False)
    for value in PERSONAL_VALUES:
        assert value not in written
    assert row.data["params"] == {"documents": "1", "pieces": "1"}


def test_the_plan_pdf_and_the_scans_files_are_deleted_and_not_issued_again(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = closed_days_ago(full_case(cast["users"]), RETENTION + 1)
    plan = StoredDocument.objects.for_owner(case).get()
    piece = attachments_of(case).get()
    plan_file, piece_file = Path(plan.file.path), Path(piece.file.path)
    assert plan_file.exists() and piece_file.exists()

    with pytest.raises(ImmutableDocumentError):
        StoredDocument.objects.for_owner(case).delete()  # never, outside the erasure
    with django_capture_on_commit_callbacks(execute=True):
        run()

    assert not StoredDocument.objects.for_owner(case).exists()
    assert verify_by_hash(plan.sha256) is None
    assert not plan_file.exists() and not piece_file.exists()
    piece = attachments_of(case).get()
    assert piece.erased_at is not None and piece.original_name == "" and not piece.file
    producer = registry.producer_for(DocumentKind.REINTEGRATION_PLAN)
    assert producer is not None and case.pk not in producer.missing().values_list("pk", flat=True)
    assert not access.can_supervise(cast["users"]["supervisor"], Case.objects.get(pk=case.pk))


def test_an_anonymised_case_is_never_reopened_nor_edited(cast: dict[str, Any]) -> None:
    users = cast["users"]
    case = closed_days_ago(full_case(users, plan=False), RETENTION + 1)
    run()
    case.refresh_from_db()

    with pytest.raises(NotAllowed, match="anonymisé"):
        services.case_reopen(case=case, by=users["supervisor"], source=SOURCE, comment="Retour.")
    with pytest.raises(NotAllowed, match="anonymisé"):
        services.case_update(case=case, by=users["caseworker1"], source=SOURCE, first_name="K")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


# --- Erasure on request -------------------------------------------------------------


def test_erasure_is_refused_while_the_case_is_under_way(cast: dict[str, Any]) -> None:
    users = cast["users"]
    case = full_case(users, status=CaseStatus.FOLLOW_UP, plan=False)

    with pytest.raises(InvalidState, match="ne s'effacent que sur un dossier clôturé"):
        services.case_erase(
            case=case, by=users["supervisor"], source=SOURCE, reason="Demande", confirmed=True
        )

    case.refresh_from_db()
    assert case.anonymised_at is None and case.first_name == "Kossi"
    refusal = HistoryEntry.objects.for_object(case).get(action=ERASE)
    assert refusal.outcome == Outcome.REFUSED


def test_erasure_needs_a_supervisor_a_reason_and_a_confirmation(cast: dict[str, Any]) -> None:
    users = cast["users"]
    case = full_case(users, plan=False)

    with pytest.raises(NotAllowed):
        services.case_erase(
            case=case, by=users["caseworker1"], source=SOURCE, reason="Demande", confirmed=True
        )
    with pytest.raises(ConditionsUnmet) as unmet:
        services.case_erase(
            case=case, by=users["supervisor"], source=SOURCE, reason=" ", confirmed=False
        )
    assert set(unmet.value.fields) == {"reason", "confirm"}
    case.refresh_from_db()
    assert case.anonymised_at is None


def test_erasure_of_a_closed_case_anonymises_it_at_once_and_says_who_when_why(
    cast: dict[str, Any],
) -> None:
    users = cast["users"]
    case = full_case(users)

    erased = services.case_erase(
        case=case,
        by=users["supervisor"],
        source=SOURCE,
        reason="Demande écrite reçue le 3 mars",
        confirmed=True,
    )

    assert erased.anonymised_at is not None
    stored = everything_stored(erased)
    for value in PERSONAL_VALUES:
        assert value not in stored, value
    row = HistoryEntry.objects.for_object(case).get(action=ERASE)
    assert (row.by, row.source, row.comment) == (
        users["supervisor"],
        SOURCE,
        "Demande écrite reçue le 3 mars",
    )
    written = json.dumps(row.data, ensure_ascii=False)
    for value in PERSONAL_VALUES:
        assert value not in written
    with pytest.raises(NotAllowed, match="anonymisé"):
        services.case_erase(
            case=erased, by=users["supervisor"], source=SOURCE, reason="Encore", confirmed=True
        )


def test_the_command_takes_no_argument(cast: dict[str, Any]) -> None:
    with pytest.raises(CommandError):
        call_command("anonymise_cases", "CAS-2026-00001")


def test_a_plan_still_pending_is_not_issued_after_anonymisation(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """A plan whose rendering never ran (a worker killed) is not rendered by
    regenerate_documents once the case is anonymised."""
    case = closed_days_ago(full_case(cast["users"]), RETENTION + 1)
    request_document(owner=case, kind=DocumentKind.REINTEGRATION_PLAN, by=None, source=SOURCE)
    with django_capture_on_commit_callbacks(execute=True):
        run()

    out = io.StringIO()
    call_command("regenerate_documents", stdout=out)

    # No plan issued (the demo cast's mission order may be, being due).
    assert f"Généré : {DocumentKind.REINTEGRATION_PLAN}" not in out.getvalue()
    assert not StoredDocument.objects.for_owner(case).exists()

"""A returnee's personal data: anonymisation past the retention period, erasure on
request, and the export for the right of access (docs/data-protection.md).

`anonymise` is the one function that removes a returnee's identity, for both the
retention command (`manage.py anonymise_cases`) and a supervisor's erasure. It
keeps what statistics read (`cases.selectors.stats`) and writes one history
row that names what was done, never the values it removed.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.types import AnyUser
from audit.labels import summary
from audit.models import SecurityEventKind, Source
from audit.security import record_event
from audit.services import record_history, record_refusal, record_update
from cases import access
from cases.export import personal_data, personal_data_pdf
from cases.models import Assessment, Case, CaseStatus, FollowUp, PlanItem, Referral
from documents.erasure import erase_files_of
from processes.transitions import ConditionsUnmet, InvalidState, StaleObject, refuse_unless

# Where exports and erasures are reported until the security-events table takes them.

ANONYMISE = "anonymise"
ERASE = "erase_personal_data"
EXPORT = "export_personal_data"
ExportFormat = Literal["json", "pdf"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "pdf")
# The states in which the returnee's data may be erased on request: a closed case
# owes nothing more to anyone (no plan under way, no referral waiting, no follow-up).
ERASABLE_STATES = (CaseStatus.CLOSED,)
# A birth year becomes the first year of its five-year band (1987 → 1985).
BIRTH_YEAR_BAND = 5


def record_security_event(*, case: Case, by: AnyUser | None, source: str, kind: str) -> None:
    """The one place where an export or an erasure of a returnee's personal data is
    recorded as a security event (who, which case, what, from where); the case's history
    row is written by the caller."""
    event = SecurityEventKind.ERASURE if kind == ERASE else SecurityEventKind.EXPORT
    record_event(event, user=by, obj=case, detail=f"{kind} ({source})")


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.CASE_RETENTION_DAYS)


def cases_past_retention(now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Closed cases whose closure is older than `CASE_RETENTION_DAYS`, not yet anonymised."""
    return Case.objects.filter(
        status=CaseStatus.CLOSED,
        closed_at__lt=retention_cutoff(now),
        anonymised_at__isnull=True,
    ).order_by("closed_at", "pk")


def _month(day: datetime.date | None) -> datetime.date | None:
    return None if day is None else day.replace(day=1)


def _anonymise_rows(case: Case) -> None:
    """Replace the identity, contact data and free texts with neutral values; dates that
    describe the person keep their month; codes, scores and amounts stay as they are."""
    Case.objects.filter(pk=case.pk).update(
        first_name="",
        last_name="",
        phone="",
        birth_year=case.birth_year - case.birth_year % BIRTH_YEAR_BAND,
        return_date=_month(case.return_date),
        health_notes="",
        immediate_needs="",
        anonymised_at=timezone.now(),
    )
    Assessment.objects.filter(case=case).update(
        economic_notes="", social_notes="", psychosocial_notes="", skills=""
    )
    for item in PlanItem.objects.filter(case=case):
        PlanItem.objects.filter(pk=item.pk).update(
            description="", target_date=_month(item.target_date)
        )
    for referral in Referral.objects.filter(case=case):
        Referral.objects.filter(pk=referral.pk).update(
            note="",
            outcome="",
            due_date=_month(referral.due_date),
            delivered_on=_month(referral.delivered_on),
        )
    for follow_up in FollowUp.objects.filter(case=case):
        FollowUp.objects.filter(pk=follow_up.pk).update(
            notes="", visit_date=_month(follow_up.visit_date)
        )


def anonymise(
    case: Case, *, by: AnyUser | None, source: Source | str, action: str, comment: str = ""
) -> Case | None:
    """Anonymise `case` once (None when it already was); the history row says what kinds
    of data were removed and how many files, never their values."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.anonymised_at is not None:
            return None
        _anonymise_rows(locked)
        files = erase_files_of(locked)
        record_history(
            obj=locked,
            action=action,
            by=by,
            source=source,
            source_state=locked.status,
            target_state=locked.status,
            comment=comment,
            data=summary(
                gettext_noop(
                    "Identité, coordonnées et notes effacées ; dates ramenées au mois ; "
                    "%(documents)s document(s) généré(s) et %(pieces)s pièce(s) supprimé(s)."
                ),
                documents=files.documents,
                pieces=files.attachments,
            ),
        )
    locked.refresh_from_db()
    return locked


def anonymise_expired_cases(
    *, by: AnyUser | None = None, source: Source | str = Source.COMMAND, now: Any = None
) -> list[str]:
    """Anonymise every case past its retention period; the references done."""
    done = []
    for case in cases_past_retention(now):
        if anonymise(case, by=by, source=source, action=ANONYMISE) is not None:
            done.append(case.reference)
    return done


def erasure_problems(case: Case) -> list[str]:
    """Why `case`'s personal data may not be erased now (empty when it may)."""
    if case.status in ERASABLE_STATES:
        return []
    return [
        _(
            "Les données personnelles ne s'effacent que sur un dossier clôturé : ce dossier "
            "est « %(state)s », l'accompagnement (plan, orientations, suivi) est en cours. "
            "Faites d'abord approuver sa clôture."
        )
        % {"state": case.get_status_display()}
    ]


def case_erase(
    *, case: Case, by: AnyUser, source: Source | str, reason: str, confirmed: bool
) -> Case:
    """Erase the returnee's personal data on request (a supervisor), through `anonymise`.

    Refused (409) while the case is not closed; the reason is required and goes in the
    history row; the erased values never do.
    """
    refuse_unless(access.can_erase(by, case), obj=case, action=ERASE, by=by, source=source)
    problems = erasure_problems(case)
    if problems:
        record_refusal(
            obj=case, action=ERASE, by=by, source=source, reason=problems[0], state=case.status
        )
        raise InvalidState(problems[0])
    fields: dict[str, list[str]] = {}
    if not (reason or "").strip():
        fields["reason"] = [_("Dites pourquoi ces données sont effacées (la demande reçue).")]
    if not confirmed:
        fields["confirm"] = [_("Confirmez l'effacement : il ne se défait pas.")]
    if fields:
        raise ConditionsUnmet([m for messages in fields.values() for m in messages], fields=fields)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status not in ERASABLE_STATES:
            raise StaleObject()
        erased = anonymise(locked, by=by, source=source, action=ERASE, comment=reason.strip())
        if erased is None:
            raise StaleObject()
    record_security_event(case=erased, by=by, source=str(source), kind=ERASE)
    return erased


def case_export(
    *, case: Case, by: AnyUser, source: Source | str, fmt: ExportFormat
) -> dict[str, Any] | bytes:
    """Everything held on the returnee (`cases.export`), as JSON data or PDF bytes; the
    download is recorded in the case's history (the format, not the content)."""
    refuse_unless(access.can_export(by, case), obj=case, action=EXPORT, by=by, source=source)
    data = personal_data(case)
    result: dict[str, Any] | bytes = data if fmt == "json" else personal_data_pdf(case, data)
    record_update(
        obj=case,
        action=EXPORT,
        by=by,
        source=source,
        data=summary(gettext_noop("Format %(format)s"), format=fmt.upper()),
    )
    record_security_event(case=case, by=by, source=str(source), kind=EXPORT)
    return result

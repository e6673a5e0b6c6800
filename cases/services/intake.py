"""A returnee's intake: registering, correcting, assigning a case, and the read log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role, has_role
from accounts.types import AnyUser, signed_in
from audit.changes import diff, snapshot
from audit.labels import Person, summary
from audit.models import Source
from audit.services import record_history, record_update
from cases import access, routing
from cases.models import (
    Assessment,
    Case,
    CaseRead,
    CaseStatus,
)
from cases.services.common import caseworker_user, validation_error
from processes.transitions import (
    ConditionsUnmet,
    NotAllowed,
    StaleObject,
    refuse_unless,
)
from registry.geography import refuse_prefecture_outside

User = AnyUser
C = CaseStatus

INTAKE_FIELDS = (
    "first_name",
    "last_name",
    "sex",
    "birth_year",
    "phone",
    "return_date",
    "returned_from",
    "return_type",
    "region",
    "prefecture",
    "consent_given",
    "vulnerabilities",
    "health_notes",
    "immediate_needs",
)


def case_create(
    *, by: User, source: Source | str, caseworker: str | None = None, **intake: Any
) -> Case:
    decision = access.can_register(by)
    if not decision:
        raise NotAllowed(decision.reason)
    if caseworker and not access.is_supervisor(by):
        assigned = caseworker_user(caseworker)
        if assigned is None or assigned.pk != by.pk:
            raise NotAllowed(
                _("Seul un superviseur confie un dossier à un autre travailleur social.")
            )
    assigned = caseworker_user(caseworker) if caseworker else None
    if assigned is None and has_role(by, Role.CELL_CASEWORKER):
        assigned = signed_in(by)
    creator = signed_in(by)
    with transaction.atomic():
        case = Case(created_by=creator, caseworker=assigned, **intake)
        case.reference = f"tmp-{timezone.now().timestamp()}-{creator.pk}"
        if case.consent_given:
            case.consent_recorded_at = timezone.now()
            case.consent_recorded_by = creator
        try:
            case.full_clean(exclude=["status", "reference"])
        except ValidationError as exc:
            raise validation_error(exc) from exc
        refuse_prefecture_outside(case.region, case.prefecture)
        case.save()
        case.reference = f"CAS-{timezone.localdate().year}-{case.pk:05d}"
        Case.objects.filter(pk=case.pk).update(reference=case.reference)
        Assessment.objects.create(case=case)
        record_history(obj=case, action="create", by=by, source=source, target_state=C.REGISTERED)
        if case.consent_given:
            record_history(obj=case, action="record_consent", by=by, source=source)
        if assigned is not None:
            record_history(
                obj=case,
                action="assign",
                by=by,
                source=source,
                data=summary(gettext_noop("%(person)s"), person=Person(assigned)),
            )
        routing.start(case)
    return case


def case_update(
    *, case: Case, by: User, source: Source | str, expected_state: str | None = None, **fields: Any
) -> Case:
    """Correct the intake. Consent, once recorded, keeps who recorded it and when."""
    refuse_unless(access.can_work(by, case), obj=case, action="update", by=by, source=source)
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ConditionsUnmet([_("Champs inconnus : %s") % ", ".join(sorted(unknown))])
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_state is not None and locked.status != expected_state:
            raise StaleObject()
        if locked.consent_given and fields.get("consent_given") is False:
            message = _("Le consentement enregistré ne se retire pas ici : clôturez le dossier.")
            raise ConditionsUnmet([message], fields={"consent_given": [message]})
        newly_consented = bool(fields.get("consent_given")) and not locked.consent_given
        before = snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        if newly_consented:
            locked.consent_recorded_at = timezone.now()
            locked.consent_recorded_by = signed_in(by)
        try:
            locked.full_clean(exclude=["status", "reference"])
        except ValidationError as exc:
            raise validation_error(exc) from exc
        refuse_prefecture_outside(locked.region, locked.prefecture)
        locked.save()
        changes = diff(before, snapshot(locked, fields), sensitive=access.named_only(fields))
        if changes:
            record_update(obj=locked, by=by, source=source, changes=changes)
        if newly_consented:
            record_history(obj=locked, action="record_consent", by=by, source=source)
    return locked


def case_assign(*, case: Case, caseworker: str, by: User, source: Source | str) -> Case:
    """Assign or transfer a case to a caseworker (supervisors); recorded like a transition."""
    refuse_unless(access.can_supervise(by, case), obj=case, action="assign", by=by, source=source)
    user = caseworker_user(caseworker)
    assert user is not None
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        previous = locked.caseworker
        if previous is not None and previous.pk == user.pk:
            return locked
        Case.objects.filter(pk=locked.pk).update(caseworker=user)
        locked.caseworker = user
        routing.reassign(locked, user)
        record_update(
            obj=locked,
            action="transfer" if previous is not None else "assign",
            by=by,
            source=source,
            data=(
                summary(
                    gettext_noop("%(previous)s → %(person)s"),
                    previous=Person(previous),
                    person=Person(user),
                )
                if previous is not None
                else summary(gettext_noop("%(person)s"), person=Person(user))
            ),
        )
    return locked


def record_read(*, case: Case, user: User, source: Source | str) -> None:
    CaseRead.objects.create(case=case, user=signed_in(user), source=str(source))

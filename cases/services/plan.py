"""The assessment and the reintegration plan, while the case is in assessment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.types import AnyUser, signed_in
from audit.changes import diff, snapshot
from audit.labels import Label, summary
from audit.models import Source
from audit.services import record_history, record_update
from cases import access
from cases.models import (
    Assessment,
    Case,
    CaseStatus,
    PlanItem,
)
from cases.services.common import refuse_state, validation_error
from processes.transitions import (
    ConditionsUnmet,
    refuse_unless,
)

User = AnyUser
C = CaseStatus

ASSESSMENT_FIELDS = (
    "economic_answers",
    "economic_notes",
    "social_answers",
    "social_notes",
    "psychosocial_answers",
    "psychosocial_notes",
    "skills",
    "complete",
)


def assessment_save(*, case: Case, by: User, source: Source | str, **fields: Any) -> Assessment:
    refuse_unless(access.can_work(by, case), obj=case, action="assessment", by=by, source=source)
    refuse_state(case, (C.ASSESSMENT,), "assessment", by, source)
    problems: dict[str, list[str]] = {}
    for name in ("economic_answers", "social_answers", "psychosocial_answers"):
        if name in fields and not isinstance(fields[name], dict):
            problems[name] = [_("Donnez les réponses sous forme de dictionnaire.")]
    if fields.get("complete") and not any(
        str(fields.get(n, "")).strip() for n in ("economic_notes", "social_notes")
    ):
        existing = Assessment.objects.filter(case=case).first()
        if existing is None or not (existing.economic_notes or existing.social_notes):
            problems["complete"] = [
                _("Une évaluation complète décrit au moins la situation économique ou sociale.")
            ]
    if problems:
        raise ConditionsUnmet([m for v in problems.values() for m in v], fields=problems)
    with transaction.atomic():
        assessment, _created = Assessment.objects.select_for_update().get_or_create(case=case)
        edited = [name for name in ASSESSMENT_FIELDS if name in fields]
        before = snapshot(assessment, edited)
        for name in ASSESSMENT_FIELDS:
            if name in fields:
                setattr(assessment, name, fields[name])
        assessment.updated_by = signed_in(by)
        assessment.save()
        data = summary(
            gettext_noop("Évaluation terminée")
            if assessment.complete
            else gettext_noop("Évaluation en cours")
        )
        changes = diff(before, snapshot(assessment, edited), sensitive=access.named_only(edited))
        record_update(
            obj=case, action="assessment", by=by, source=source, data=data, changes=changes
        )
    return assessment


def _described(item: PlanItem) -> dict[str, Any]:
    """What the history says of a plan item: its kind and its provider."""
    return summary(
        gettext_noop("%(kind)s — %(provider)s"),
        kind=Label(item.get_kind_display()),
        provider=item.provider,
    )


def plan_item_add(*, case: Case, by: User, source: Source | str, **fields: Any) -> PlanItem:
    refuse_unless(access.can_work(by, case), obj=case, action="plan_item", by=by, source=source)
    refuse_state(case, (C.ASSESSMENT,), "plan_item", by, source)
    item = PlanItem(case=case, **fields)
    try:
        item.full_clean()
    except ValidationError as exc:
        raise validation_error(exc) from exc
    with transaction.atomic():
        item.save()
        record_update(obj=case, action="plan_item", by=by, source=source, data=_described(item))
    return item


def plan_item_remove(*, item: PlanItem, by: User, source: Source | str) -> None:
    case = item.case
    refuse_unless(
        access.can_work(by, case), obj=case, action="plan_item_remove", by=by, source=source
    )
    refuse_state(case, (C.ASSESSMENT,), "plan_item_remove", by, source)
    with transaction.atomic():
        data = _described(item)
        item.delete()
        record_history(obj=case, action="plan_item_remove", by=by, source=source, data=data)

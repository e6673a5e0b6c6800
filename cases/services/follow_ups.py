"""Follow-up visits and their sustainability survey."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.types import AnyUser, signed_in
from audit.labels import Day, Number, summary
from audit.models import Source
from audit.services import record_update
from cases import access
from cases.models import (
    Case,
    CaseStatus,
    FollowUp,
    SurveyIndicator,
    after_return,
)
from cases.scoring import sustainability_scores
from cases.services.common import refuse_state
from processes.dates import day_problem
from processes.transitions import (
    ConditionsUnmet,
    refuse_unless,
)

User = AnyUser
C = CaseStatus


def _answers(
    indicators: list[SurveyIndicator], answers: Mapping[str, Any]
) -> tuple[dict[str, Decimal], dict[str, list[str]]]:
    known = {i.code: i for i in indicators}
    clean: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in answers.items():
        if code not in known:
            errors.setdefault("answers", []).append(_("Indicateur inconnu : « %s ».") % code)
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except (InvalidOperation, ValueError):
            value = Decimal(-1)
        if isinstance(raw, bool) or not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
            errors.setdefault("answers", []).append(
                _(
                    "La réponse à « %(label)s » doit être comprise entre 0 et 1 "
                    "(reçu « %(value)s »)."
                )
                % {"label": known[code].label, "value": raw}
            )
            continue
        clean[code] = value
    if not clean and not errors:
        errors["answers"] = [_("Répondez à au moins un indicateur.")]
    return clean, errors


def follow_up_record(
    *,
    case: Case,
    by: User,
    source: Source | str,
    visit_date: datetime.date,
    answers: Mapping[str, Any],
    notes: str = "",
) -> FollowUp:
    refuse_unless(access.can_work(by, case), obj=case, action="follow_up", by=by, source=source)
    refuse_state(case, (C.IN_SUPPORT, C.FOLLOW_UP), "follow_up", by, source)
    indicators = list(SurveyIndicator.objects.filter(active=True))
    clean, errors = _answers(indicators, answers)
    problem = after_return(case, visit_date) or day_problem(
        visit_date, not_after=timezone.localdate()
    )
    if problem:
        errors["visit_date"] = [problem]
    if errors:
        raise ConditionsUnmet([m for v in errors.values() for m in v], fields=errors)
    scores = sustainability_scores(indicators, clean)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            case=case,
            visit_date=visit_date,
            answers={code: str(value) for code, value in clean.items()},
            economic=scores["economic"],
            social=scores["social"],
            psychosocial=scores["psychosocial"],
            composite=scores["composite"],
            notes=notes,
            created_by=signed_in(by),
        )
        data = summary(
            gettext_noop("Visite du %(date)s, score composite %(score)s"),
            date=Day(visit_date),
            score=Number(follow_up.composite),
        )
        record_update(obj=case, action="follow_up", by=by, source=source, data=data)
    return follow_up

"""A returnee's case holding every kind of personal data: intake, assessment notes, plan,
a completed referral, a follow-up with notes, an identity scan and the plan's PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.documents import generate_reintegration_plan
from cases.models import Case, CaseStatus, ReferralStatus
from documents.attachments import attach
from tests.cases.builders import FULL_ANSWERS, SOURCE, advance, case_in, days, make_referral

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Every personal value the full case holds, none of which may survive an anonymisation.
PERSONAL_VALUES = (
    "Kossi",
    "Mensah",
    "+228 90 11 22 33",
    "Blessure à la main mal soignée.",
    "Hébergement pour deux semaines.",
    "Ancien maçon",
    "Vit chez sa sœur",
    "Cauchemars fréquents",
    "Maçonnerie, carrelage.",
    "Outillage de maçon.",
    "Consultation en orthopédie.",
    "Consultation faite, plâtre posé.",
    "Dort mal depuis le retour.",
    "cni-kossi-mensah.png",
)


def full_case(users: dict[str, Any], *, status: str = CaseStatus.CLOSED, plan: bool = True) -> Case:
    """caseworker1's case with every kind of personal data, brought to `status`
    (in support or later)."""
    caseworker, supervisor = users["caseworker1"], users["supervisor"]
    case = case_in(CaseStatus.IN_SUPPORT, caseworker=caseworker, supervisor=supervisor)
    make_referral(ReferralStatus.COMPLETED, case=case)
    services.follow_up_record(
        case=case,
        by=caseworker,
        source=SOURCE,
        visit_date=days(-1),
        answers=FULL_ANSWERS,
        notes="Dort mal depuis le retour.",
    )
    attach(
        owner=case,
        kind="identity",
        upload=SimpleUploadedFile("cni-kossi-mensah.png", PNG),
        by=caseworker,
        source=SOURCE,
    )
    if plan:
        assert generate_reintegration_plan(case, supervisor) is not None
    case = advance(Case.objects.get(pk=case.pk), status, caseworker, supervisor)
    return case


def closed_days_ago(case: Case, n: int) -> Case:
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=n))
    case.refresh_from_db()
    return case

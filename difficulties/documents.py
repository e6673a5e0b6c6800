"""The register's document: the quarterly report (rapport trimestriel des difficultés),
made by an officer for a past or current quarter.

Rendered after the commit through `documents.services.request_document`, PDF/A-3b with
its figures attached as JSON (`difficulties.quarterly.quarterly_figures`, exactly), and
verifiable at /verify/. It names no one: its counts are masked, its examples anonymised.
`DifficultiesConfig.ready()` registers the producer and the access rules with `documents`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from audit.models import Source
from difficulties import access
from difficulties.models import Difficulty, QuarterlyReport
from difficulties.quarterly import quarterly_figures
from documents.formatting import format_date_fr
from documents.models import Attachment, DocumentKind
from documents.registry import DocumentSpec
from documents.rendering import MINISTRY
from documents.services import request_document
from processes.masking import MASK
from processes.transitions import Decision

QUARTERLY = DocumentKind.DIFFICULTY_QUARTERLY
QUARTERLY_TEMPLATE = "documents/difficulty_quarterly.html"
# Change it whenever the document's wording, layout or content changes.
QUARTERLY_VERSION = "difficulty-quarterly-2026.1"
SERVICE = "Registre des difficultés consulaires et administratives"
SCHEMA = "rapport-trimestriel-difficultes/1"


def request_quarterly_report(report: QuarterlyReport, *, by: AnyUser, source: Source | str) -> None:
    """Inside the making's transaction: the document is due, rendered once it commits."""
    request_document(owner=report, kind=QUARTERLY, by=by, source=source)


def reference_of(report: QuarterlyReport) -> str:
    return f"RTD-{report.year}-T{report.quarter}"


def quarterly_report_spec(report: QuarterlyReport) -> DocumentSpec:
    figures = quarterly_figures(report.year, report.quarter)
    context = {
        **figures,
        "ministry": MINISTRY,
        "service": SERVICE,
        "mask": MASK,
        "reference": reference_of(report),
        "quarter_label": f"{report.get_quarter_display()} {report.year}",
        "starts_on": format_date_fr(report.starts_on),
        "ends_on": format_date_fr(report.ends_on),
    }
    return DocumentSpec(
        template_name=QUARTERLY_TEMPLATE,
        template_version=QUARTERLY_VERSION,
        reference=reference_of(report),
        context=context,
        payload={"schema": SCHEMA, **figures},
    )


def reports_due() -> QuerySet[QuarterlyReport]:
    return QuarterlyReport.objects.all()


def can_regenerate_quarterly(user: AnyUser, report: QuarterlyReport) -> Decision:
    """Making a quarter's report again (its figures as they are now): the officers."""
    return access.can_make_report(user)


# --- The reports' pieces, as `documents` asks them ------------------------------------


def can_attach_to_difficulty(
    user: AnyUser, difficulty: Difficulty, kind: str | None = None
) -> Decision:
    if kind is not None and kind not in access.ATTACHMENT_KINDS:
        return Decision.deny(_("Ce type de pièce ne se joint pas à un signalement."))
    return access.can_attach(user, difficulty)


def difficulty_attachment_open(difficulty: Difficulty) -> Decision:
    if access.attachment_open(difficulty):
        return Decision.allow()
    return Decision.deny(_("Ce signalement est clos : il ne reçoit plus de pièce."))


def difficulty_attachment_api_path(piece: Attachment) -> str:
    """The API address of a report's piece ("" while the API has no such route)."""
    try:
        return reverse("api:difficulty-attachment-download", args=[piece.object_id, piece.pk])
    except NoReverseMatch:
        return ""

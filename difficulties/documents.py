"""The register's document: the quarterly report (rapport trimestriel des difficultés),
made by an officer for a past or current quarter.

Rendered after the commit through `documents.services.request_document`, PDF/A-3b with
its figures attached as JSON (`difficulties.quarterly.quarterly_figures`, exactly), and
verifiable at /verify/. It names no one: its counts are masked, its examples anonymised.
`DifficultiesConfig.ready()` registers the producer and the access rules with `documents`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.types import AnyUser
from audit.models import Source
from difficulties import access
from difficulties.models import QuarterlyReport
from difficulties.quarterly import quarterly_figures
from documents.formatting import format_date_fr
from documents.models import DocumentKind
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

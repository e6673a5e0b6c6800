"""The quarterly reports: their list (and, for officers, making one), one report's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from audit.models import Source
from audit.security import record_if_hidden
from difficulties import access
from difficulties.choices import Category
from difficulties.documents import QUARTERLY
from difficulties.forms.reports import QuarterlyReportForm
from difficulties.models import QuarterlyReport
from difficulties.quarterly import quarter_of, quarterly_figures
from difficulties.services.reports import quarterly_report_make
from documents.models import StoredDocument
from documents.rendering import plain_json
from processes.forms import add_refusal, style
from processes.masking import MASK
from processes.transitions import ActionRefused, NotAllowed


def _readers_only(request: HttpRequest) -> None:
    if not access.reads_everything(request.user):
        raise PermissionDenied(
            _("Seuls les chargés de programme et les auditeurs lisent les rapports trimestriels.")
        )


def _latest_documents(reports: list[QuarterlyReport]) -> dict[int, StoredDocument]:
    """Each report's current document (its newest version), in one query."""
    content_type = ContentType.objects.get_for_model(QuarterlyReport)
    latest: dict[int, StoredDocument] = {}
    documents = StoredDocument.objects.filter(
        content_type=content_type, object_id__in=[r.pk for r in reports], kind=QUARTERLY
    ).order_by("object_id", "-version")
    for document in documents:
        latest.setdefault(document.object_id, document)
    return latest


def _make(request: HttpRequest, form: QuarterlyReportForm) -> QuarterlyReport | None:
    """The report made from a valid form, or None with the refusal on the form."""
    try:
        report, created = quarterly_report_make(
            year=form.cleaned_data["year"],
            quarter=form.cleaned_data["quarter"],
            by=request.user,
            source=Source.WEB,
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except ActionRefused as refusal:
        add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        return None
    if created:
        messages.success(
            request,
            _("Le rapport %(report)s est établi : son document est en préparation.")
            % {"report": report},
        )
    else:
        messages.success(
            request,
            _(
                "Le rapport %(report)s existait : une nouvelle version de son document "
                "est en préparation."
            )
            % {"report": report},
        )
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    can_make = bool(access.can_make_report(request.user))
    if request.method == "POST" and not can_make:
        raise PermissionDenied(access.can_make_report(request.user).reason)
    year, quarter = quarter_of(timezone.localdate())
    form = QuarterlyReportForm(
        request.POST if request.method == "POST" else None,
        initial={"year": year, "quarter": quarter},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = _make(request, form)
            if report is not None:
                return redirect(report)
        status = 400
    style(form)
    reports = list(access.reports_visible_to(request.user).select_related("created_by"))
    documents = _latest_documents(reports)
    rows = [{"report": report, "document": documents.get(report.pk)} for report in reports]
    context = {"rows": rows, "form": form if can_make else None}
    return render(request, "difficulties/reports/report_list.html", context, status=status)


def _localised(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures with the categories' and countries' names in the page's language (the
    document prints them in French)."""
    categories = dict(Category.choices)

    def named(rows: list[dict[str, Any]], names: Any) -> list[dict[str, Any]]:
        return [{**row, "label": str(names(row["key"]) or row["label"])} for row in rows]

    return {
        **figures,
        "by_category": named(figures["by_category"], categories.get),
        "by_country": named(figures["by_country"], countries.name),
        "delays": {
            **figures["delays"],
            "by_category": named(figures["delays"]["by_category"], categories.get),
        },
        "unresolved": [
            {**row, "category_label": str(categories.get(row["category"], row["category_label"]))}
            for row in figures["unresolved"]
        ],
    }


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.reports_visible_to(request.user).filter(pk=pk).first()
    if report is None:
        record_if_hidden(QuarterlyReport, pk=pk)
        raise Http404
    document = _latest_documents([report]).get(report.pk)
    # The figures the current document carries (the same numbers as the PDF); until it
    # is made, the quarter's figures as they are now.
    if document is not None:
        figures = document.payload
    else:
        figures = plain_json(quarterly_figures(report.year, report.quarter))
    context = {
        "report": report,
        "document": document,
        "figures": _localised(figures),
        "mask": MASK,
    }
    return render(request, "difficulties/reports/report_detail.html", context)

"""The export of a list from its page (« Exporter (CSV) », « Exporter (XLSX) »):
`/observatoire/exports/<list>/?format=csv|xlsx&<the page's filters>`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from audit.models import Source
from observatory.exports import services
from observatory.models import ExportStatus
from processes.transitions import ConditionsUnmet, NotAllowed, NotVisible


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    try:
        exported = services.export_asked(request.user, kind, request.GET, Source.WEB)
    except NotVisible as refused:
        raise Http404(refused.detail) from None
    except NotAllowed as refused:
        raise PermissionDenied(refused.detail) from None
    except ConditionsUnmet as refused:
        return render(
            request,
            "observatory/export_refused.html",
            {"messages_": refused.messages, "back": request.META.get("HTTP_REFERER", "")},
            status=400,
        )
    if exported.status != ExportStatus.DONE:
        return redirect("observatory:export_detail", exported.pk)
    return services.download(exported)

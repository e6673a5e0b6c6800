"""What every case page checks first: who may come, and which case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.security import record_if_hidden
from cases import access, selectors
from cases.home import in_cell
from cases.models import (
    Case,
    CaseStatus,
)
from processes.page_actions import deny_unless

C = CaseStatus


def cell_only(user: AnyUser) -> None:
    if not in_cell(user):
        raise PermissionDenied(
            _(
                "Les dossiers de réintégration sont réservés à la cellule d'information "
                "et de coordination."
            )
        )


def supervisor_only(user: AnyUser) -> None:
    deny_unless(access.can_supervise(user))


def visible_case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.visible_case(request.user, pk)
    if case is None:
        record_if_hidden(Case, pk=pk)
        raise Http404
    return case


def page_case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_for_page(request.user, pk)
    if case is None:
        record_if_hidden(Case, pk=pk)
        raise Http404
    return case


def not_now(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(case)

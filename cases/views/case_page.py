"""The case's page and the actions fired from it (transitions, referral answers,
attached pieces)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Source
from cases import access, selectors, services
from cases.models import Case, Referral
from cases.presenters import REFERRAL_ANSWERS, case_page
from cases.transitions import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    ReferralTransition,
)
from cases.views.common import page_case_or_404
from documents.attaching import UploadForm, attach_from_form
from processes.forms import TransitionForm, style
from processes.page_actions import Failed, fire_from_page, offered_row, refused_state
from processes.table import TransitionTable


def detail_page(
    request: HttpRequest, case: Case, *, failed: Failed | None = None, status: int = 200
) -> HttpResponse:
    """The case's page; `failed` is the form whose action was refused, shown again."""
    services.record_read(case=case, user=request.user, source=Source.WEB)
    if failed is not None and failed.form is not None:
        style(failed.form)
    context = case_page(request.user, case, failed)
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, page_case_or_404(request, pk))


def _fire(
    request: HttpRequest,
    case: Case,
    table: TransitionTable[Any],
    obj: Case | Referral,
    failed: Failed,
    done: Callable[[Any], str],
) -> HttpResponse:
    """Fire the transition of `failed`'s form on `obj`, from the case's page; a refused one
    shows the page again with `failed`."""
    return fire_from_page(
        request,
        case,
        table,
        obj,
        failed,
        done=done,
        again=lambda failed: detail_page(request, case, failed=failed, status=400),
        stale=lambda refusal: refused_state(request, refusal, case),
    )


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = page_case_or_404(request, pk)
    label = str(offered_row(CASE_TRANSITIONS, name).label)
    form = TransitionForm.for_object(CASE_TRANSITIONS, name, case, request.POST)
    return _fire(
        request,
        case,
        CASE_TRANSITIONS,
        case,
        Failed("case", name, case.pk, form=form),
        lambda moved: (
            _("« %(action)s » : c'est fait. Le dossier est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
    )


@login_required
@require_POST
def referral_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case_id = selectors.referral_case_id(request.user, pk)
    if case_id is None:
        raise Http404
    offered_row(REFERRAL_TRANSITIONS, name)
    case = page_case_or_404(request, case_id)
    referral = next(r for r in case.referrals.all() if r.pk == pk)
    referral.case = case
    form = TransitionForm.for_object(
        REFERRAL_TRANSITIONS, name, referral, request.POST, prefix=f"r{referral.pk}_"
    )
    label = str(REFERRAL_ANSWERS[ReferralTransition(name)])
    return _fire(
        request,
        case,
        REFERRAL_TRANSITIONS,
        referral,
        Failed("referral", name, referral.pk, form=form),
        lambda moved: (
            _("L'orientation « %(referral)s » est notée : %(status)s.")
            % {"referral": moved, "status": label.lower()}
        ),
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = page_case_or_404(request, pk)
    form = UploadForm(access.ATTACHMENT_KINDS, request.POST, request.FILES, auto_id="id_upload_%s")
    attachment = attach_from_form(request, case, form)
    if attachment is not None:
        messages.success(
            request,
            _("La pièce « %(name)s » est jointe au dossier.") % {"name": attachment.original_name},
        )
        return redirect(case.get_absolute_url() + "#attachments")
    failed = Failed(
        "attachment",
        form=form,
        problems=[_("La pièce n'a pas été jointe : voyez le formulaire des pièces.")],
    )
    return detail_page(request, case, failed=failed, status=400)

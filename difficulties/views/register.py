"""The register's pages for those who handle or read the reports: the list with its
filters and median delays, a report recorded on someone's behalf, one report's page,
and the actions fired from it (transitions, attached pieces)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.types import AnyUser
from audit.models import Source
from audit.security import record_if_hidden
from difficulties import access, services
from difficulties.forms.register import DifficultyFilterForm, RecordForm
from difficulties.models import Difficulty
from difficulties.selectors import register as selectors
from difficulties.selectors.delays import median_delays
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from documents.attaching import attach_from_page, upload_form
from documents.attachments import attach_refusal
from documents.uploads import attachments_of
from processes.forms import style
from processes.page_actions import (
    Failed,
    transition_actions,
    transition_from_page,
    write_from_page,
)
from processes.pages import linked

ROUTE = "difficulties:transition"


def uses_register(user: AnyUser) -> bool:
    """Focal points, officers and auditors."""
    return access.reads_everything(user) or access.is_focal_point(user)


def _register_only(user: AnyUser) -> None:
    if not uses_register(user):
        raise PermissionDenied(
            _(
                "Le registre des difficultés est réservé aux points focaux des ambassades, "
                "aux chargés de programme et aux auditeurs."
            )
        )


@login_required
@require_GET
def difficulty_list(request: HttpRequest) -> HttpResponse:
    """The register: the reports `user` sees, filtered, newest first, and the median
    delays of the filtered reports."""
    user = request.user
    _register_only(user)
    form = DifficultyFilterForm(request.GET)
    filters = form.filters()
    page = selectors.register_page(
        user, filters, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    return render(
        request,
        "difficulties/register/list.html",
        {
            "form": form,
            "difficulties": linked(page.rows, "difficulties:detail"),
            "delays": median_delays(selectors.filtered(user, filters)),
            "filtered": any(k in request.GET for k in form.fields),
            "can_record": access.can_record(user).allowed,
            "officer": access.is_officer(user),
            "reads_everything": access.reads_everything(user),
            **page.links(request.GET),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_create(request: HttpRequest) -> HttpResponse:
    """A report recorded on someone's behalf: registered at once."""
    user = request.user
    decision = access.can_record(user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = RecordForm(request.POST or None, user=user)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            written = write_from_page(
                request,
                None,
                form,
                lambda: services.difficulty_record(
                    fields=form.service_fields(), by=user, source=Source.WEB
                ),
                unnamed_on="description",
            )
            if written.answer is not None:
                return written.answer
            if written.done:
                messages.success(
                    request,
                    _(
                        "Le signalement est enregistré sous le code %(code)s : donnez ce code "
                        "à la personne, elle suit son signalement avec lui."
                    )
                    % {"code": written.value.tracking_code},
                )
                return redirect(written.value)
            problems = list(written.problems)
        status = 400
    style(form)
    return render(
        request,
        "difficulties/register/create.html",
        {"form": form, "problems": problems},
        status=status,
    )


def difficulty_or_404(request: HttpRequest, pk: int) -> Difficulty:
    difficulty = selectors.difficulty_for_page(request.user, pk)
    if difficulty is None:
        record_if_hidden(Difficulty, pk=pk)
        raise Http404
    return difficulty


def difficulty_context(
    user: AnyUser, difficulty: Difficulty, failed: Failed | None
) -> dict[str, Any]:
    """What the report's page shows to `user`; `failed` is the form refused, shown again."""
    actions = transition_actions(DIFFICULTY_TRANSITIONS, user, difficulty, ROUTE, failed=failed)
    return {
        "difficulty": difficulty,
        "sees_contact": access.sees_contact(user, difficulty),
        "answers": list(difficulty.answers.all()),
        "duplicates": list(difficulty.duplicates.all()),
        "actions": actions,
        "nothing_to_do": not actions,
        "attachments": list(attachments_of(difficulty)),
        "upload_form": upload_form(access.ATTACHMENT_KINDS, failed),
        "can_attach": attach_refusal(difficulty, user) is None,
        "timeline": selectors.difficulty_history(difficulty),
        "problems": failed.problems if failed is not None else [],
    }


def detail_page(
    request: HttpRequest,
    difficulty: Difficulty,
    *,
    failed: Failed | None = None,
    status: int = 200,
) -> HttpResponse:
    if failed is not None and failed.form is not None:
        style(failed.form)
    context = difficulty_context(request.user, difficulty, failed)
    return render(request, "difficulties/register/detail.html", context, status=status)


@login_required
@require_GET
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, difficulty_or_404(request, pk))


@login_required
@require_POST
def difficulty_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    difficulty = difficulty_or_404(request, pk)
    return transition_from_page(
        request,
        DIFFICULTY_TRANSITIONS,
        difficulty,
        name,
        done=lambda label, moved: (
            _("« %(action)s » : c'est fait. Le signalement est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
        again=lambda failed: detail_page(request, difficulty, failed=failed, status=400),
    )


@login_required
@require_POST
def difficulty_attach(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = difficulty_or_404(request, pk)
    return attach_from_page(
        request,
        difficulty,
        access.ATTACHMENT_KINDS,
        done=_("La pièce « %(name)s » est jointe au signalement."),
        again=lambda failed: detail_page(request, difficulty, failed=failed, status=400),
    )

"""The expert's space (its availability, its professional licences), the officers' check
of the licences, and the focal points' verification of the experts' accounts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import Role, has_role
from audit.models import Source
from audit.security import record_if_hidden
from documents.attachments import attach
from documents.uploads import attachments_of, check_upload
from missions import access, services
from missions.forms.experts import AvailabilityForm, LicenceForm
from missions.models import Availability, ProfessionalLicence
from missions.selectors import missions as selectors
from missions.transitions import LICENCE_TRANSITIONS
from processes.forms import add_refusal, style
from processes.page_actions import (
    Failed,
    deny_unless,
    transition_actions,
    transition_from_page,
    write_from_page,
)
from processes.pages import linked
from processes.transitions import ActionRefused, NotAllowed
from registry.access import is_superuser
from registry.models import Expert


def _expert_only(request: HttpRequest) -> Expert:
    expert = access.expert_of(request.user)
    if expert is None:
        raise PermissionDenied(
            _("Cet espace est celui d'un expert dont le compte est vérifié par son ambassade.")
        )
    return expert


# --- Availability -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    """The expert's availability windows, and the form that adds one."""
    expert = _expert_only(request)
    form = AvailabilityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            written = write_from_page(
                request,
                expert,
                form,
                lambda: services.availability_add(
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                    by=request.user,
                    source=Source.WEB,
                ),
                unnamed_on="starts_on",
            )
            if written.done:
                messages.success(request, _("Votre disponibilité est enregistrée."))
                return redirect("missions:availability")
            if written.answer is not None:
                return written.answer
        status = 400
        style(form)
    return render(
        request,
        "missions/availability.html",
        {"form": form, "windows": selectors.availability_of(expert), "expert": expert},
        status=status,
    )


@login_required
@require_POST
def availability_delete(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert_only(request)
    window = Availability.objects.filter(pk=pk, expert=expert).first()
    if window is None:
        raise Http404
    services.availability_remove(availability=window, by=request.user, source=Source.WEB)
    messages.success(request, _("La disponibilité est retirée."))
    return redirect("missions:availability")


# --- Licences -----------------------------------------------------------------------


def _licences_only(request: HttpRequest) -> None:
    user = request.user
    if not (access.reads_everything(user) or access.expert_of(user) is not None):
        raise PermissionDenied(
            _(
                "Les autorisations d'exercer se consultent par les chargés de programme, "
                "les auditeurs et les experts eux-mêmes."
            )
        )


@login_required
@require_GET
def licence_list(request: HttpRequest) -> HttpResponse:
    """An officer's licences to check, then the others; an expert's own."""
    _licences_only(request)
    user = request.user
    checks = access.reads_everything(user)
    page = selectors.licence_page(
        user,
        pending=not checks,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    to_check = selectors.licences_to_check(user) if checks else []
    return render(
        request,
        "missions/licence_list.html",
        {
            "to_check": linked(to_check, "missions:licence_detail"),
            "licences": linked(page.rows, "missions:licence_detail"),
            "checks": checks,
            "can_add": access.can_add_licence(user).allowed,
            **page.links(request.GET),
        },
    )


def _file_licence(request: HttpRequest, form: LicenceForm) -> ProfessionalLicence:
    """The licence and its scan, both or neither."""
    data = form.cleaned_data
    check_upload(data["file"])
    with transaction.atomic():
        licence = services.licence_add(
            country=data["country"],
            number=data["number"],
            profession=data["profession"],
            by=request.user,
            source=Source.WEB,
        )
        attach(
            owner=licence,
            kind="licence",
            upload=data["file"],
            by=request.user,
            source=Source.WEB,
        )
    return licence


@login_required
@require_http_methods(["GET", "POST"])
def licence_create(request: HttpRequest) -> HttpResponse:
    expert = _expert_only(request)
    deny_unless(access.can_add_licence(request.user))
    form = LicenceForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                licence = _file_licence(request, form)
            except NotAllowed as refusal:
                raise PermissionDenied(refusal.detail) from refusal
            except ActionRefused as refusal:
                add_refusal(form, {k: v for k, v in refusal.fields.items() if k in form.fields})
                problems = refusal.messages
            else:
                messages.success(
                    request,
                    _(
                        "Votre autorisation d'exercer est déposée : un chargé de programme "
                        "la vérifiera."
                    ),
                )
                return redirect(licence)
        status = 400
        style(form)
    return render(
        request,
        "missions/licence_form.html",
        {"form": form, "expert": expert, "problems": problems},
        status=status,
    )


def licence_or_404(request: HttpRequest, pk: int) -> ProfessionalLicence:
    licence = selectors.licence_for_page(request.user, pk)
    if licence is None:
        record_if_hidden(ProfessionalLicence, pk=pk)
        raise Http404
    return licence


def licence_page(
    request: HttpRequest,
    licence: ProfessionalLicence,
    *,
    failed: Failed | None = None,
    status: int = 200,
) -> HttpResponse:
    if failed is not None and failed.form is not None:
        style(failed.form)
    actions = transition_actions(
        LICENCE_TRANSITIONS, request.user, licence, "missions:licence_transition", failed=failed
    )
    context: dict[str, Any] = {
        "licence": licence,
        "expert": licence.expert,
        "actions": actions,
        "nothing_to_do": not actions,
        "scans": list(attachments_of(licence)),
        "timeline": selectors.licence_history(licence),
        "problems": failed.problems if failed is not None else [],
    }
    return render(request, "missions/licence_detail.html", context, status=status)


@login_required
@require_GET
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return licence_page(request, licence_or_404(request, pk))


@login_required
@require_POST
def licence_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    licence = licence_or_404(request, pk)
    return transition_from_page(
        request,
        LICENCE_TRANSITIONS,
        licence,
        name,
        done=lambda label, moved: (
            _("« %(action)s » : c'est fait. L'autorisation est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
        again=lambda failed: licence_page(request, licence, failed=failed, status=400),
    )


# --- Experts' accounts --------------------------------------------------------------


def _verifiers_only(request: HttpRequest) -> None:
    user = request.user
    if not (is_superuser(user) or has_role(user, Role.EMBASSY_FOCAL_POINT)):
        raise PermissionDenied(
            _("Seuls les points focaux d'ambassade vérifient les comptes des experts.")
        )


@login_required
@require_GET
def expert_accounts(request: HttpRequest) -> HttpResponse:
    """The experts of the focal point's jurisdiction whose linked account waits on it."""
    _verifiers_only(request)
    experts = list(selectors.accounts_to_verify(request.user).order_by("last_name", "id")[:200])
    return render(
        request,
        "missions/expert_accounts.html",
        {"experts": linked(experts, "registry:expert_detail")},
    )


@login_required
@require_POST
def expert_account_verify(request: HttpRequest, pk: int) -> HttpResponse:
    _verifiers_only(request)
    # Only an account waiting on the caller: another jurisdiction's is not found.
    expert = selectors.account_to_verify(request.user, pk)
    if expert is None:
        raise Http404
    try:
        services.expert_account_verify(expert=expert, by=request.user, source=Source.WEB)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    messages.success(
        request,
        _("Le compte « %(username)s » agit désormais comme l'expert %(expert)s.")
        % {"username": expert.user.get_username() if expert.user else "", "expert": expert},
    )
    return redirect(reverse("missions:expert_accounts"))

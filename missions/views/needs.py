"""The needs' pages: each role's list, the host's form, the need's page with its
actions, history, pieces and missions, and the actions fired from it.

A need the user may not see answers 404; an action the user may not take, 403 with
the reason; an action whose conditions do not hold, the page again (400) with every
reason and what was typed; an action on a need that moved meanwhile, the need's page
with a message saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.models import Source
from audit.security import record_if_hidden
from documents.attaching import attach_from_page, upload_form
from documents.attachments import attach_refusal
from documents.uploads import attachments_of
from missions import access, services
from missions.choices import NeedStatus
from missions.forms.needs import NeedFilterForm, NeedForm, follow_region
from missions.models import HostInstitution, MissionNeed
from missions.selectors import needs as selectors
from missions.transitions import NEED_TRANSITIONS
from processes.forms import STALE_MESSAGE, style
from processes.page_actions import (
    Failed,
    deny_unless,
    transition_actions,
    transition_from_page,
    write_from_page,
)
from processes.pages import linked

NO_ACCESS = _(
    "Les missions de volontariat sont réservées aux chargés de programme, aux auditeurs, "
    "aux établissements d'accueil, aux experts de la diaspora et aux points focaux."
)


def visible_need(request: HttpRequest, pk: int, *, for_page: bool = True) -> MissionNeed:
    """The need `pk` if the user sees it (its page's reads, or only its host for a
    write); 404 otherwise, its existence kept hidden."""
    find = selectors.need_for_page if for_page else selectors.need_to_act_on
    need = find(request.user, pk)
    if need is None:
        record_if_hidden(MissionNeed, pk=pk)
        raise Http404
    return need


# --- The list -------------------------------------------------------------------------


@login_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.uses_needs(user):
        raise PermissionDenied(NO_ACCESS)
    form = NeedFilterForm(request.GET)
    filters = form.filters()
    after, before = request.GET.get("after", ""), request.GET.get("before", "")
    expert = access.expert_of(user)
    hosts = access.host_ids(user)
    if access.reads_everything(user) or not (expert or hosts):
        page = selectors.need_page(user, filters, after=after, before=before)
        view = "all" if access.reads_everything(user) else "focal"
    elif hosts:
        page = selectors.need_page(user, filters, after=after, before=before)
        view = "host"
    else:
        assert expert is not None
        page = selectors.published_page(expert, filters, after=after, before=before)
        view = "expert"
    style(form)
    return render(
        request,
        "missions/need_list.html",
        {
            "form": form,
            "view": view,
            "needs": linked(page.rows, "missions:need_detail"),
            "can_create": access.can_create_need(user).allowed,
            "waiting": _waiting_note(user, view),
            **page.links(request.GET),
        },
    )


def _waiting_note(user: AnyUser, view: str) -> str:
    """Why a host or an expert whose account is not yet of use sees nothing."""
    if view == "focal" and has_role(user, Role.HOST_INSTITUTION):
        return _(
            "Votre compte n'est encore rattaché à aucun établissement d'accueil vérifié : "
            "le chargé de programme l'y ajoute."
        )
    if view == "focal" and has_role(user, Role.DIASPORA_EXPERT):
        return _(
            "Votre compte d'expert attend la vérification du point focal de votre ambassade : "
            "vous verrez ensuite les missions proposées."
        )
    return ""


# --- The form -------------------------------------------------------------------------


def _institutions(user: AnyUser) -> list[HostInstitution]:
    return list(HostInstitution.objects.filter(pk__in=access.host_ids(user)).order_by("name"))


def place_form_page(
    request: HttpRequest, template: str, form: Any, context: dict[str, Any], *, status: int
) -> HttpResponse:
    """A form with a region and a prefecture (which follows the region), styled."""
    follow_region(form)
    style(form, textarea_rows=6)
    return render(request, template, {"form": form, **context}, status=status)


def _form_page(
    request: HttpRequest, form: NeedForm, need: MissionNeed | None, *, status: int = 200
) -> HttpResponse:
    title = (
        _("Modifier la demande « %(title)s »") % {"title": need.title}
        if need is not None
        else _("Nouvelle demande de mission")
    )
    context = {"need": need, "title": title}
    return place_form_page(request, "missions/need_form.html", form, context, status=status)


def save_from_form(
    request: HttpRequest,
    form: Any,
    obj: Any,
    write: Callable[[], Any],
    *,
    done: Callable[[Any], str],
    again: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Save a form's values through `write` (a service): the saved object's page with
    `done(saved)` as its message, or `again(form)` with the refusal on its fields."""
    if form.is_valid():
        written = write_from_page(request, obj, form, write)
        if written.answer is not None:
            return written.answer
        if written.done:
            messages.success(request, done(written.value))
            return redirect(written.value)
    return again(form)


def _save(request: HttpRequest, form: NeedForm, need: MissionNeed | None) -> HttpResponse:
    """Save the form's need through its service: its page, or the form again (400)
    with the reasons on their fields."""
    user = request.user

    def write() -> MissionNeed:
        fields, domains = form.service_fields(), form.cleaned_data["domains"]
        if need is not None:
            return services.need_update(
                need=need, fields=fields, domains=domains, by=user, source=Source.WEB
            )
        host = form.chosen_host()
        assert host is not None  # can_create_need: the user acts for a host
        return services.need_create(
            host=host, fields=fields, domains=domains, by=user, source=Source.WEB
        )

    return save_from_form(
        request,
        form,
        need,
        write,
        done=lambda saved: (
            _(
                "La demande « %(title)s » est enregistrée comme brouillon. Soumettez-la "
                "quand elle est complète : le chargé de programme la publiera."
            )
            % {"title": saved.title}
        ),
        again=lambda form: _form_page(request, form, need, status=400),
    )


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(access.can_create_need(user))
    institutions = _institutions(user)
    if request.method != "POST":
        return _form_page(request, NeedForm(institutions=institutions), None)
    return _save(request, NeedForm(request.POST, institutions=institutions), None)


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    need = visible_need(request, pk)
    decision = access.can_edit_need(user, need)
    if not decision and request.method == "POST" and access.is_host_of(user, need):
        # The form was loaded while the need was a draft and it moved on since.
        messages.error(request, STALE_MESSAGE)
        return redirect(need)
    deny_unless(decision)
    if request.method != "POST":
        return _form_page(request, NeedForm(instance=need), need)
    return _save(request, NeedForm(request.POST, instance=need), need)


# --- The need's page ------------------------------------------------------------------


def detail_page(
    request: HttpRequest,
    need: MissionNeed,
    *,
    failed: Failed | None = None,
    status: int = 200,
) -> HttpResponse:
    """The need's page; `failed` is the form whose action was refused, shown again."""
    user = request.user
    if failed is not None and failed.form is not None:
        style(failed.form)
    actions = transition_actions(
        NEED_TRANSITIONS, user, need, "missions:need_transition", failed=failed
    )
    can_edit = access.can_edit_need(user, need).allowed
    missions = selectors.missions_of_need(user, need)
    expert = access.expert_of(user)
    own = next((m for m in missions if expert is not None and m.expert_id == expert.pk), None)
    can_apply = (
        need.status == NeedStatus.PUBLISHED and own is None and access.can_apply(user, need).allowed
    )
    can_attach = attach_refusal(need, user) is None
    sees_candidates = access.can_see_candidates(user, need).allowed
    return render(
        request,
        "missions/need_detail.html",
        {
            "need": need,
            "domains": list(need.domains.all()),
            "actions": actions,
            "can_edit": can_edit,
            "can_apply": can_apply,
            "own_mission": own,
            "missions": [] if own is not None else missions,
            "sees_candidates": sees_candidates and need.status == NeedStatus.PUBLISHED,
            "attachments": list(attachments_of(need)),
            "can_attach": can_attach,
            "upload_form": upload_form(access.NEED_ATTACHMENT_KINDS, failed),
            "timeline": selectors.need_timeline(request.user, need),
            "problems": failed.problems if failed is not None else [],
            "nothing_to_do": not (actions or can_edit or can_apply),
        },
        status=status,
    )


@login_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, visible_need(request, pk))


@login_required
@require_POST
def need_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    need = visible_need(request, pk, for_page=False)
    return transition_from_page(
        request,
        NEED_TRANSITIONS,
        need,
        name,
        done=lambda label, moved: (
            _("« %(action)s » : c'est fait. La demande est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
        again=lambda failed: detail_page(
            request, visible_need(request, pk), failed=failed, status=400
        ),
    )


@login_required
@require_POST
def need_attach(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_need(request, pk)
    return attach_from_page(
        request,
        need,
        access.NEED_ATTACHMENT_KINDS,
        done=_("La pièce « %(name)s » est jointe à la demande."),
        again=lambda failed: detail_page(request, need, failed=failed, status=400),
    )

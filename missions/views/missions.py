"""The missions' pages: « Mes missions » and the lists of the other roles, one mission's
page, and the actions fired from it (transitions, attached pieces)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.security import record_if_hidden
from documents.attaching import UploadForm, attach_from_page
from documents.attachments import attach_refusal
from documents.uploads import attachments_of
from missions import access
from missions.choices import MissionStatus, ReportAuthor
from missions.documents import documents_of_mission
from missions.forms.missions import MissionFilterForm
from missions.models import Mission
from missions.selectors import missions as selectors
from missions.transitions import MISSION_TRANSITIONS
from processes.forms import style
from processes.page_actions import Failed, transition_actions, transition_from_page
from processes.pages import linked

ROUTE = "missions:mission_transition"


def uses_missions(user: AnyUser) -> bool:
    """Whether `user` has missions to list: officers, auditors, a host's users, a verified
    expert, a focal point."""
    return bool(
        access.reads_everything(user)
        or access.host_ids(user)
        or access.expert_of(user) is not None
        or has_role(user, Role.EMBASSY_FOCAL_POINT)
    )


def _missions_only(user: AnyUser) -> None:
    if not uses_missions(user):
        raise PermissionDenied(
            _(
                "Les missions de volontariat sont réservées aux chargés de programme, aux "
                "auditeurs, aux établissements d'accueil, aux experts vérifiés et aux "
                "points focaux."
            )
        )


@login_required
@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    """« Mes missions » for an expert; the missions on its needs for a host; every one
    (with filters) for an officer or an auditor; its experts' for a focal point."""
    user = request.user
    _missions_only(user)
    everything = access.reads_everything(user)
    form = MissionFilterForm(request.GET, hosts=everything)
    page = selectors.mission_page(
        user,
        form.filters(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    rows = linked(page.rows, "missions:mission_detail")
    expert = access.expert_of(user)
    return render(
        request,
        "missions/mission_list.html",
        {
            "form": form,
            "missions": rows,
            "groups": selectors.expert_groups(rows) if expert is not None else [],
            "expert": expert,
            "host": bool(access.host_ids(user)),
            "everything": everything,
            "filtered": any(k in request.GET for k in form.fields),
            **page.links(request.GET),
        },
    )


def mission_or_404(request: HttpRequest, pk: int) -> Mission:
    mission = selectors.mission_for_page(request.user, pk)
    if mission is None:
        record_if_hidden(Mission, pk=pk)
        raise Http404
    return mission


def mission_context(user: AnyUser, mission: Mission, failed: Failed | None) -> dict[str, Any]:
    """What the mission's page shows to `user`; `failed` is the form refused, shown again."""
    reports = {report.author: report for report in mission.reports.all()}
    if failed is not None and failed.kind == "attachment":
        upload_form = failed.form
    else:
        upload_form = UploadForm(access.MISSION_ATTACHMENT_KINDS, auto_id="id_upload_%s")
    actions = transition_actions(MISSION_TRANSITIONS, user, mission, ROUTE, failed=failed)
    awaiting_approval = selectors.is_medical(mission) and mission.status == MissionStatus.SELECTED
    return {
        "mission": mission,
        "need": mission.need,
        "expert": mission.expert,
        "sees_contact": access.sees_contact(user, mission.expert),
        "actions": actions,
        "nothing_to_do": not actions,
        "expert_report": reports.get(ReportAuthor.EXPERT),
        "host_report": reports.get(ReportAuthor.HOST),
        "licences": selectors.licence_status_of(mission.expert) if awaiting_approval else None,
        "officer": access.is_officer(user),
        "documents": list(documents_of_mission(mission)),
        "attachments": list(attachments_of(mission)),
        "upload_form": upload_form,
        "can_attach": attach_refusal(mission, user) is None,
        "timeline": selectors.mission_history(mission),
        "problems": failed.problems if failed is not None else [],
    }


def detail_page(
    request: HttpRequest, mission: Mission, *, failed: Failed | None = None, status: int = 200
) -> HttpResponse:
    if failed is not None and failed.form is not None:
        style(failed.form)
    context = mission_context(request.user, mission, failed)
    return render(request, "missions/mission_detail.html", context, status=status)


@login_required
@require_GET
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, mission_or_404(request, pk))


@login_required
@require_POST
def mission_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    mission = mission_or_404(request, pk)
    return transition_from_page(
        request,
        MISSION_TRANSITIONS,
        mission,
        name,
        done=lambda label, moved: (
            _("« %(action)s » : c'est fait. La mission est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
        again=lambda failed: detail_page(request, mission, failed=failed, status=400),
    )


@login_required
@require_POST
def mission_attach(request: HttpRequest, pk: int) -> HttpResponse:
    mission = mission_or_404(request, pk)
    return attach_from_page(
        request,
        mission,
        access.MISSION_ATTACHMENT_KINDS,
        done=_("La pièce « %(name)s » est jointe à la mission."),
        again=lambda failed: detail_page(request, mission, failed=failed, status=400),
    )

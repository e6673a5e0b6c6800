"""The missions' work waiting on people, as the inbox shows it (`config.work`): read
from the states (`status`, `status_since`, indexed), one query per table whatever the
rows, with no task rows kept beside them (docs/missions.md « Work waiting on people »)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor
from missions import access
from missions.choices import LicenceStatus, MissionStatus, NeedStatus, ReportAuthor
from missions.models import Mission, MissionNeed, MissionReport, ProfessionalLicence
from missions.selectors.missions import accounts_to_verify
from missions.transitions import LicenceTransition, MissionTransition, NeedTransition
from processes.pages import url_for_each
from registry.access import is_superuser

User = AnyUser
M = MissionStatus
UNDER_WAY = (M.IN_PROGRESS, M.REPORTED)


def _reported_by(side: ReportAuthor) -> Exists:
    return Exists(MissionReport.objects.filter(mission=OuterRef("pk"), author=side))


def missions_waiting_on(user: User) -> QuerySet[Mission]:
    """The missions whose next step is `user`'s: the officer approves the selected ones and
    certifies the reported ones with both reports; the host chooses among the candidates,
    starts the approved missions and files its report; the expert answers its invitations
    and files its report. Each row is annotated with the reports filed."""
    scope = Q(pk__in=[])
    if access.is_officer(user):
        scope |= Q(status=M.SELECTED) | Q(status=M.REPORTED, expert_filed=True, host_filed=True)
    hosts = access.host_ids(user)
    if hosts:
        scope |= Q(need__host_id__in=hosts) & (
            Q(status__in=[M.APPLIED, M.SHORTLISTED, M.APPROVED])
            | Q(status__in=UNDER_WAY, host_filed=False)
        )
    expert = access.expert_of(user)
    if expert is not None:
        scope |= Q(expert=expert) & (
            Q(status=M.INVITED) | Q(status__in=UNDER_WAY, expert_filed=False)
        )
    return (
        Mission.objects.annotate(
            expert_filed=_reported_by(ReportAuthor.EXPERT),
            host_filed=_reported_by(ReportAuthor.HOST),
        )
        .filter(scope)
        .select_related("need", "expert")
    )


def _mission_task(user: User, mission: Mission) -> tuple[str, str]:
    """What `user` does next on `mission` (one of `missions_waiting_on`): the task's name
    (a transition's, the anchor of its form) and its label."""
    status = mission.status
    if status == M.INVITED:
        return MissionTransition.ACCEPT, _("Répondre à l'invitation")
    if status in (M.APPLIED, M.SHORTLISTED):
        return MissionTransition.SELECT, _("Examiner la candidature")
    if status == M.SELECTED:
        return MissionTransition.APPROVE, _("Approuver la mission")
    if status == M.APPROVED:
        return MissionTransition.START, _("Démarrer la mission à l'arrivée de l'expert")
    host_missing = not getattr(mission, "host_filed", True) and access.is_host_of(
        user, mission.need
    )
    expert_missing = not getattr(mission, "expert_filed", True) and access.is_expert_of(
        user, mission
    )
    if host_missing or expert_missing:
        return MissionTransition.REPORT, _("Déposer le rapport de mission")
    return MissionTransition.CERTIFY, _("Attester la mission")


def _mission_items(user: User, window: Window) -> list[WorkItem]:
    detail = url_for_each("missions:mission_detail")
    items = []
    for mission in window.rows(missions_waiting_on(user), "status_since", "mission"):
        task, label = _mission_task(user, mission)
        since = mission.status_since
        assert since is not None  # set at creation; the annotation hides the field's type
        items.append(
            WorkItem(
                process="mission",
                object_id=mission.pk,
                task=str(task),
                label=label,
                since=since,
                url=f"{detail(mission.pk)}#{action_anchor(task)}",
                reference=mission.expert.full_name,
                title=mission.need.title,
                source="mission",
                source_id=mission.pk,
            )
        )
    return items


def _need_items(user: User, window: Window) -> list[WorkItem]:
    if not access.is_officer(user):
        return []
    detail = url_for_each("missions:need_detail")
    needs = MissionNeed.objects.filter(status=NeedStatus.SUBMITTED).select_related("host")
    return [
        WorkItem(
            process="need",
            object_id=need.pk,
            task=NeedTransition.PUBLISH,
            label=_("Publier ou renvoyer la demande"),
            since=need.status_since,
            url=f"{detail(need.pk)}#{action_anchor(NeedTransition.PUBLISH)}",
            reference=need.host.name,
            title=need.title,
            source="need",
            source_id=need.pk,
        )
        for need in window.rows(needs, "status_since", "need")
    ]


def _licence_items(user: User, window: Window) -> list[WorkItem]:
    if not access.is_officer(user):
        return []
    detail = url_for_each("missions:licence_detail")
    licences = ProfessionalLicence.objects.filter(status=LicenceStatus.PENDING).select_related(
        "expert"
    )
    return [
        WorkItem(
            process="licence",
            object_id=licence.pk,
            task=LicenceTransition.CHECK,
            label=_("Vérifier l'autorisation d'exercer"),
            since=licence.status_since,
            url=f"{detail(licence.pk)}#{action_anchor(LicenceTransition.CHECK)}",
            reference=licence.expert.full_name,
            title=str(licence),
            source="licence",
            source_id=licence.pk,
        )
        for licence in window.rows(licences, "status_since", "licence")
    ]


def _account_items(user: User, window: Window) -> list[WorkItem]:
    if not (has_role(user, Role.EMBASSY_FOCAL_POINT) or is_superuser(user)):
        return []
    page = reverse("missions:expert_accounts")
    return [
        WorkItem(
            process="expert",
            object_id=expert.pk,
            task="verify_account",
            label=_("Vérifier le compte de l'expert"),
            since=expert.created_at,
            url=f"{page}#expert-{expert.pk}",
            reference=expert.full_name,
            title=expert.user.username if expert.user else "",
            source="expert",
            source_id=expert.pk,
        )
        for expert in window.rows(accounts_to_verify(user), "created_at", "expert")
    ]


def work_items(user: User, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """`user`'s waiting work on the missions in `window` of the inbox's order: one query
    per table (needs, missions, licences, experts' accounts) at most."""
    if not user.is_authenticated:
        return []
    return window.cut(
        [
            *_need_items(user, window),
            *_mission_items(user, window),
            *_licence_items(user, window),
            *_account_items(user, window),
        ]
    )

"""The missions' work waiting on people, as the inbox shows it (`config.work`): read
from the states (`status`, `status_since`, indexed), one query per table whatever the
rows, with no task rows kept beside them (docs/missions.md « Work waiting on people »)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor
from missions import access
from missions.choices import LicenceStatus, MissionKind, MissionStatus, NeedStatus, ReportAuthor
from missions.models import Mission, MissionNeed, MissionReport, ProfessionalLicence
from missions.selectors.missions import accounts_to_verify
from missions.transitions import LicenceTransition, MissionTransition, NeedTransition
from processes.pages import url_for_each
from registry.access import is_superuser

User = AnyUser
M = MissionStatus
UNDER_WAY = (M.IN_PROGRESS, M.REPORTED)
# The expert of a selected medical mission files its licence (not a transition's form).
LICENCE_TASK = "licence"


def _reported_by(side: ReportAuthor) -> Exists:
    return Exists(MissionReport.objects.filter(mission=OuterRef("pk"), author=side))


def missions_waiting_on(user: User) -> QuerySet[Mission]:
    """The missions whose next step is `user`'s: the officer approves the selected ones and
    certifies the reported ones with both reports; the host chooses among the candidates
    (while the need takes them), starts the approved missions and files its report; the
    expert answers its invitations (while the need is published) and files its report.
    Each row is annotated with the reports filed."""
    scope = Q(pk__in=[])
    if access.is_officer(user):
        scope |= Q(status=M.SELECTED, need__status=NeedStatus.PUBLISHED) | Q(
            status=M.REPORTED, expert_filed=True, host_filed=True
        )
    hosts = access.host_ids(user)
    if hosts:
        scope |= Q(need__host_id__in=hosts) & (
            Q(status__in=[M.APPLIED, M.SHORTLISTED], need__status=NeedStatus.PUBLISHED)
            | Q(status=M.APPROVED)
            | Q(status__in=UNDER_WAY, host_filed=False)
        )
    expert = access.expert_of(user)
    if expert is not None:
        scope |= Q(expert=expert) & (
            Q(status=M.INVITED, need__status=NeedStatus.PUBLISHED)
            | Q(status__in=UNDER_WAY, expert_filed=False)
            | Q(status=M.SELECTED, need__kind=MissionKind.MEDICAL, licence_filed=False)
        )
    return (
        Mission.objects.annotate(
            expert_filed=_reported_by(ReportAuthor.EXPERT),
            host_filed=_reported_by(ReportAuthor.HOST),
            licence_filed=Exists(
                ProfessionalLicence.objects.filter(
                    expert=OuterRef("expert_id"),
                    status__in=[LicenceStatus.PENDING, LicenceStatus.CHECKED],
                )
            ),
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
    if status == M.SELECTED and access.is_expert_of(user, mission):
        return LICENCE_TASK, _("Déposer votre autorisation d'exercer")
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
        url = (
            reverse("missions:licence_create")
            if task == LICENCE_TASK
            else f"{detail(mission.pk)}#{action_anchor(task)}"
        )
        since = mission.status_since
        assert since is not None  # set at creation; the annotation hides the field's type
        items.append(
            WorkItem(
                process="mission",
                object_id=mission.pk,
                task=str(task),
                label=label,
                since=since,
                url=url,
                reference=mission.expert.full_name,
                title=mission.need.title,
                source="mission",
                source_id=mission.pk,
            )
        )
    return items


def _waiting_in_state(
    rows: QuerySet[Any],
    window: Window,
    *,
    source: str,
    route: str,
    task_of: Callable[[Any], tuple[str, str]],
) -> list[WorkItem]:
    """An item per row of `rows` (needs or licences, of table `source`) in `window`:
    waiting since its state's start, on the form of the transition `task_of` names
    (with its label) on its page."""
    detail = url_for_each(route)
    return [
        WorkItem(
            process=source,
            object_id=row.pk,
            task=(task := task_of(row))[0],
            label=task[1],
            since=row.status_since,
            url=f"{detail(row.pk)}#{action_anchor(task[0])}",
            reference=row.host.name if source == "need" else row.expert.full_name,
            title=row.title if source == "need" else str(row),
            source=source,
            source_id=row.pk,
        )
        for row in window.rows(rows, "status_since", source)
    ]


def _need_task(need: MissionNeed) -> tuple[str, str]:
    if need.status == NeedStatus.SUBMITTED:
        return NeedTransition.PUBLISH, _("Publier ou renvoyer la demande")
    return NeedTransition.CLOSE, _("Clôturer la demande")


def _officer_items(user: User, window: Window) -> list[WorkItem]:
    """The submitted needs to publish (or send back), the needs past their end with no
    mission under way to close, and the licences to check."""
    if not access.is_officer(user):
        return []
    under_way = Mission.objects.filter(
        need=OuterRef("pk"), status__in=[M.APPROVED, M.IN_PROGRESS, M.REPORTED]
    )
    needs = MissionNeed.objects.filter(
        Q(status=NeedStatus.SUBMITTED)
        | Q(
            ~Exists(under_way),
            status__in=[NeedStatus.PUBLISHED, NeedStatus.STAFFED],
            ends_on__lt=timezone.localdate(),
        )
    ).select_related("host")
    licences = ProfessionalLicence.objects.filter(status=LicenceStatus.PENDING)
    return [
        *_waiting_in_state(
            needs,
            window,
            source="need",
            route="missions:need_detail",
            task_of=_need_task,
        ),
        *_waiting_in_state(
            licences.select_related("expert"),
            window,
            source="licence",
            route="missions:licence_detail",
            task_of=lambda licence: (
                LicenceTransition.CHECK,
                _("Vérifier l'autorisation d'exercer"),
            ),
        ),
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
            *_officer_items(user, window),
            *_mission_items(user, window),
            *_account_items(user, window),
        ]
    )

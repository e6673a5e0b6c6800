"""Who sees the observatory, and over which objects its figures are counted.

Every figure of the observatory (pages, API, exports) is counted over the querysets
of one `Scope`: the objects its user may see, narrowed for a focal point to its
embassies' jurisdiction. Nothing else in the app decides who sees what.

- Programme officers, committee members, finance officers, cell supervisors and
  auditors see the whole programme (a committee member or a finance officer counts
  only the proposals it may see); focal points see their jurisdiction.
- Case statistics are aggregates only, masked (`processes.masking`). Focal points
  and auditors see them at region level only: no breakdown finer than the region.
- Drafts are never counted: a draft is its association's own work (a mission need's
  draft, its host's).
- Volunteering missions: officers, committee members, finance officers and auditors
  see them all; a focal point the missions of its jurisdiction's experts; a cell
  supervisor none. Missions are people (an expert is identifiable): their counts are
  masked like the cases'.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.models import HistoryEntry, Outcome
from cases.models import Case
from missions.choices import NeedStatus
from missions.models import Mission, MissionNeed
from registry import access as registry_access
from registry.models import Association, Expert, Jurisdiction
from workflows import access as workflows_access
from workflows.models import Proposal

OBSERVERS = (
    Role.PROGRAMME_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.FINANCE_OFFICER,
    Role.CELL_SUPERVISOR,
    Role.AUDITOR,
    Role.EMBASSY_FOCAL_POINT,
)
# The roles that see the whole programme (the others see a jurisdiction).
WHOLE_PROGRAMME = tuple(role for role in OBSERVERS if role != Role.EMBASSY_FOCAL_POINT)
# The roles that see co-realisation figures (a cell supervisor sees no proposal).
PROGRAMME_VIEWERS = (
    Role.PROGRAMME_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
    Role.EMBASSY_FOCAL_POINT,
)
# The roles that see the volunteering missions' figures (a focal point: its experts').
MISSION_VIEWERS = PROGRAMME_VIEWERS
# Case statistics, at the finest level the observatory shows.
CASES_IN_DETAIL = (
    Role.CELL_SUPERVISOR,
    Role.PROGRAMME_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.FINANCE_OFFICER,
)


@dataclass(frozen=True)
class Scope:
    """What one user's observatory counts."""

    user: AnyUser
    # None: every embassy; else the embassies whose jurisdiction the user sees.
    embassy_ids: frozenset[int] | None
    # False: case statistics at region level only (focal points, auditors).
    cases_in_detail: bool
    # False: no co-realisation figures (a cell supervisor, who sees no proposal).
    sees_programme: bool = True
    # False: no volunteering missions' figures (a cell supervisor).
    sees_missions: bool = True

    @property
    def whole_programme(self) -> bool:
        return self.embassy_ids is None


def refusal() -> str:
    """What a signed-in user the observatory is not for is told (page and API)."""
    return _(
        "L'observatoire est réservé aux chargés de programme, aux membres du comité, aux "
        "agents financiers, aux superviseurs de la cellule, aux auditeurs et aux "
        "points focaux des ambassades."
    )


def can_observe(user: AnyUser) -> bool:
    return user.is_authenticated and (
        registry_access.is_superuser(user) or has_role(user, *OBSERVERS)
    )


def scope_of(user: AnyUser) -> Scope | None:
    """The user's scope, or None when the observatory is not theirs."""
    if not can_observe(user):
        return None
    whole = registry_access.is_superuser(user) or has_role(user, *WHOLE_PROGRAMME)
    embassy_ids = (
        None
        if whole
        else frozenset(registry_access.focal_embassies(user).values_list("pk", flat=True))
    )
    in_detail = registry_access.is_superuser(user) or (
        has_role(user, *CASES_IN_DETAIL) and not has_role(user, Role.AUDITOR)
    )
    sees_programme = registry_access.is_superuser(user) or has_role(user, *PROGRAMME_VIEWERS)
    sees_missions = registry_access.is_superuser(user) or has_role(user, *MISSION_VIEWERS)
    return Scope(
        user=user,
        embassy_ids=embassy_ids,
        cases_in_detail=in_detail,
        sees_programme=sees_programme,
        sees_missions=sees_missions,
    )


def proposals_in(scope: Scope) -> QuerySet[Proposal]:
    """The proposals counted: those the user may see (a focal point: those of its
    jurisdiction's associations), once submitted: never a draft, nor a draft withdrawn
    before it was submitted."""
    if scope.embassy_ids is None:
        proposals = workflows_access.proposals_visible_to(scope.user)
    else:
        proposals = Proposal.objects.filter(association__embassy_id__in=scope.embassy_ids)
    return proposals.filter(submitted_at__isnull=False)


def cases_in(scope: Scope) -> QuerySet[Case]:
    """The cases counted: every case, or for a focal point those returned from a
    country of its jurisdiction. Only ever aggregated, never listed."""
    cases = Case.objects.all()
    if scope.embassy_ids is None:
        return cases
    countries = Jurisdiction.objects.filter(embassy_id__in=scope.embassy_ids).values("country")
    return cases.filter(returned_from__in=countries)


def associations_in(scope: Scope) -> QuerySet[Association]:
    associations = Association.objects.all()
    if scope.embassy_ids is None:
        return associations
    return associations.filter(embassy_id__in=scope.embassy_ids)


def experts_in(scope: Scope) -> QuerySet[Expert]:
    """Experts who consented to be listed (the others are never counted by name,
    and the map counts only those)."""
    experts = Expert.objects.filter(consent_listed=True)
    if scope.embassy_ids is None:
        return experts
    return experts.filter(Q(embassy_id__in=scope.embassy_ids))


def missions_in(scope: Scope) -> QuerySet[Mission]:
    """The volunteering missions counted: every one, a focal point's those of its
    jurisdiction's experts (the expert's embassy), none for a cell supervisor. Only
    ever aggregated and masked, never listed."""
    missions = Mission.objects.all()
    if not scope.sees_missions:
        return missions.none()
    if scope.embassy_ids is None:
        return missions
    return missions.filter(expert__embassy_id__in=scope.embassy_ids)


def needs_in(scope: Scope) -> QuerySet[MissionNeed]:
    """The mission needs counted, once submitted: never a draft (its host's own work),
    nor a need cancelled before it was ever submitted. A focal point counts those its
    jurisdiction's experts applied to or were invited to."""
    if not scope.sees_missions:
        return MissionNeed.objects.none()
    submitted = HistoryEntry.objects.filter(
        content_type__app_label="missions",
        content_type__model="missionneed",
        object_id=OuterRef("pk"),
        target_state=NeedStatus.SUBMITTED,
        outcome=Outcome.DONE,
    )
    needs = MissionNeed.objects.exclude(status=NeedStatus.DRAFT).exclude(
        Q(status=NeedStatus.CANCELLED) & ~Exists(submitted)
    )
    if scope.embassy_ids is None:
        return needs
    return needs.filter(pk__in=missions_in(scope).values("need_id"))

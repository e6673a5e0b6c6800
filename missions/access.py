"""Who sees and does what with the volunteering missions. The only place that decides it.

- programme officers see everything, publish needs, invite, approve and certify;
- auditors read everything and change nothing;
- a host institution's users see and act on their institution's needs and the
  missions on them;
- a diaspora expert whose account the focal point verified sees the published needs,
  applies, and sees and acts on its own missions;
- a focal point sees the missions of its jurisdiction's experts (and their needs);
- an expert's contact details are shown to the officers, the focal point of the
  expert's embassy, the expert, and a host's users once the expert applied to (or
  accepted an invitation to) one of their needs, unless the host declined it or the
  invitation was cancelled: `sees_contact`.
Each decision below is the `actor` of a row of `missions.transitions`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from documents.models import AttachmentKind
from missions.choices import (
    OPEN_MISSION_STATES,
    OPEN_NEED_STATES,
    LicenceStatus,
    MissionStatus,
    NeedStatus,
)
from missions.models import (
    Availability,
    HostInstitution,
    Mission,
    MissionNeed,
    ProfessionalLicence,
)
from processes.transitions import Decision
from registry.access import focal_embassies, is_focal_point_of, is_superuser
from registry.models import Expert

User = AnyUser
M = MissionStatus
N = NeedStatus


def is_officer(user: User) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER)


def is_auditor(user: User) -> bool:
    return has_role(user, Role.AUDITOR)


def reads_everything(user: User) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER, Role.AUDITOR)


def host_ids(user: User) -> frozenset[int]:
    """The host institutions `user` acts for (read once per request)."""
    cached = getattr(user, "_host_institution_ids", None)
    if cached is None:
        cached = (
            frozenset(
                HostInstitution.objects.filter(members=user, verified_at__isnull=False).values_list(
                    "pk", flat=True
                )
            )
            if user.is_authenticated and has_role(user, Role.HOST_INSTITUTION)
            else frozenset()
        )
        if user.is_authenticated:
            setattr(user, "_host_institution_ids", cached)  # noqa: B010
    return cached


def expert_of(user: User) -> Expert | None:
    """The expert profile `user` acts as: linked to its account and verified by the
    focal point; None otherwise (read once per request)."""
    if not user.is_authenticated or not has_role(user, Role.DIASPORA_EXPERT):
        return None
    if not hasattr(user, "_mission_expert"):
        expert = Expert.objects.filter(user=user, account_verified_at__isnull=False).first()
        setattr(user, "_mission_expert", expert)  # noqa: B010
    return getattr(user, "_mission_expert")  # noqa: B009


def is_host_of(user: User, need: MissionNeed) -> bool:
    return need.host_id in host_ids(user)


def is_expert_of(user: User, mission: Mission) -> bool:
    expert = expert_of(user)
    return expert is not None and mission.expert_id == expert.pk


# --- Visibility ------------------------------------------------------------------------


def institutions_visible_to(user: User) -> QuerySet[HostInstitution]:
    institutions = HostInstitution.objects.all()
    if reads_everything(user):
        return institutions
    return institutions.filter(pk__in=host_ids(user))


def needs_visible_to(user: User) -> QuerySet[MissionNeed]:
    needs = MissionNeed.objects.all()
    if not user.is_authenticated:
        return needs.none()
    if reads_everything(user):
        return needs
    scope = Q(pk__in=[])
    if host_ids(user):
        scope |= Q(host_id__in=host_ids(user))
    expert = expert_of(user)
    if expert is not None:
        scope |= Q(status=N.PUBLISHED) | Q(missions__expert=expert)
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        scope |= Q(missions__expert__embassy__in=focal_embassies(user))
    return needs.filter(pk__in=MissionNeed.objects.filter(scope).values("pk"))


def missions_visible_to(user: User) -> QuerySet[Mission]:
    missions = Mission.objects.all()
    if not user.is_authenticated:
        return missions.none()
    if reads_everything(user):
        return missions
    scope = Q(pk__in=[])
    if host_ids(user):
        scope |= Q(need__host_id__in=host_ids(user))
    expert = expert_of(user)
    if expert is not None:
        scope |= Q(expert=expert)
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        scope |= Q(expert__embassy__in=focal_embassies(user))
    return missions.filter(scope)


def licences_visible_to(user: User) -> QuerySet[ProfessionalLicence]:
    """The officers and auditors see every licence, an expert its own; no one else
    (a focal point sees its experts' missions, not their licences and scans)."""
    licences = ProfessionalLicence.objects.all()
    if reads_everything(user):
        return licences
    expert = expert_of(user)
    if expert is None:
        return licences.none()
    return licences.filter(expert=expert)


def contacts_seen(user: User, experts: Iterable[Expert]) -> frozenset[int]:
    """The ids of those of `experts` whose e-mail and phone `user` may read (one query
    at most, for a host's users)."""
    experts = list(experts)
    if is_officer(user):
        return frozenset(expert.pk for expert in experts)
    own = expert_of(user)
    seen = {
        expert.pk
        for expert in experts
        if is_focal_point_of(user, expert.embassy_id) or (own is not None and own.pk == expert.pk)
    }
    hosts = host_ids(user)
    rest = [expert.pk for expert in experts if expert.pk not in seen]
    if hosts and rest:
        seen.update(
            Mission.objects.filter(expert_id__in=rest, need__host_id__in=hosts)
            .exclude(status__in=[M.INVITED, M.DECLINED])
            # An invitation cancelled before or after its answer was never the
            # expert's own candidacy to be seen by.
            .exclude(invited_by__isnull=False, status=M.CANCELLED)
            .values_list("expert_id", flat=True)
        )
    return frozenset(seen)


def sees_refused_attempts(user: User, need: MissionNeed) -> bool:
    """Whether the refused attempts on `need` (another expert's refused application, and
    its reason) show in its history to `user`: the officers, the auditors and its host."""
    return reads_everything(user) or is_host_of(user, need)


def sees_contact(user: User, expert: Expert) -> bool:
    """Whether `user` may read the expert's e-mail and phone."""
    return expert.pk in contacts_seen(user, [expert])


# --- Decisions: creating ---------------------------------------------------------------


def can_register_institution(user: User) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme inscrit un établissement d'accueil."))


def can_create_need(user: User) -> Decision:
    if host_ids(user):
        return Decision.allow()
    return Decision.deny(_("Seul un établissement d'accueil vérifié dépose une demande."))


def can_apply(user: User, need: MissionNeed) -> Decision:
    """The expert's own candidacy (the rules on consent and domains are the service's)."""
    if expert_of(user) is None:
        return Decision.deny(
            _("Seul un expert dont le compte est vérifié par son ambassade peut candidater.")
        )
    return Decision.allow()


def can_invite(user: User, need: MissionNeed) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme invite un expert."))


def can_see_candidates(user: User, need: MissionNeed) -> Decision:
    if is_officer(user) or is_host_of(user, need):
        return Decision.allow()
    return Decision.deny(
        _("Seuls le chargé de programme et l'établissement demandeur voient les candidats.")
    )


def can_check_licence(user: User, licence: ProfessionalLicence) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme vérifie une autorisation d'exercer."))


def can_add_licence(user: User) -> Decision:
    if expert_of(user) is not None:
        return Decision.allow()
    return Decision.deny(_("Seul l'expert dépose son autorisation d'exercer."))


def can_keep_availability(user: User) -> Decision:
    if expert_of(user) is not None:
        return Decision.allow()
    return Decision.deny(
        _("Seul un expert dont le compte est vérifié par son ambassade déclare ses disponibilités.")
    )


def can_remove_availability(user: User, availability: Availability) -> Decision:
    expert = expert_of(user)
    if expert is not None and availability.expert_id == expert.pk:
        return Decision.allow()
    return Decision.deny(_("Seul l'expert supprime ses disponibilités."))


def can_verify_expert_account(user: User, expert: Expert) -> Decision:
    if expert.user_id is None:
        return Decision.deny(_("Aucun compte n'est lié à ce profil."))
    if expert.account_verified_at is not None:
        return Decision.deny(_("Ce compte est déjà vérifié."))
    if is_focal_point_of(user, expert.embassy_id) or is_superuser(user):
        return Decision.allow()
    return Decision.deny(_("Seul le point focal de l'ambassade de l'expert vérifie son compte."))


# --- Decisions: a need's transitions ---------------------------------------------------


def can_edit_need(user: User, need: MissionNeed) -> Decision:
    if not is_host_of(user, need):
        return Decision.deny(_("Seul l'établissement demandeur modifie sa demande."))
    if need.status != N.DRAFT:
        return Decision.deny(_("Une demande ne se modifie qu'à l'état de brouillon."))
    return Decision.allow()


def can_submit_need(user: User, need: MissionNeed) -> Decision:
    if is_host_of(user, need):
        return Decision.allow()
    return Decision.deny(_("Seul l'établissement demandeur soumet sa demande."))


def can_review_need(user: User, need: MissionNeed) -> Decision:
    """Publishing, sending back, staffing and closing: the programme officer."""
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme peut faire cela."))


def can_cancel_need(user: User, need: MissionNeed) -> Decision:
    if is_officer(user):
        return Decision.allow()
    if is_host_of(user, need) and need.status in (N.DRAFT, N.SUBMITTED, N.PUBLISHED):
        return Decision.allow()
    return Decision.deny(
        _(
            "Seul le chargé de programme annule une demande pourvue ; "
            "l'établissement annule les autres."
        )
    )


# --- Decisions: a mission's transitions ------------------------------------------------


def can_answer_invitation(user: User, mission: Mission) -> Decision:
    if is_expert_of(user, mission):
        return Decision.allow()
    return Decision.deny(_("Seul l'expert invité répond à l'invitation."))


def can_choose(user: User, mission: Mission) -> Decision:
    """Shortlisting and selecting among the candidates: the need's host (the officer
    may shortlist on its behalf)."""
    if is_host_of(user, mission.need) or is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul l'établissement demandeur choisit parmi les candidats."))


def can_select(user: User, mission: Mission) -> Decision:
    if is_host_of(user, mission.need):
        return Decision.allow()
    return Decision.deny(_("Seul l'établissement demandeur retient un candidat."))


def can_decline(user: User, mission: Mission) -> Decision:
    """An invitation is declined by its expert; an application by the host or the officer."""
    if mission.status == M.INVITED:
        return can_answer_invitation(user, mission)
    return can_choose(user, mission)


def can_decide(user: User, mission: Mission) -> Decision:
    """Approving, certifying and cancelling a mission: the programme officer."""
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme peut faire cela."))


def can_start(user: User, mission: Mission) -> Decision:
    if is_host_of(user, mission.need) or is_officer(user):
        return Decision.allow()
    return Decision.deny(
        _("L'établissement d'accueil ou le chargé de programme démarre la mission.")
    )


def can_report(user: User, mission: Mission) -> Decision:
    if is_expert_of(user, mission) or is_host_of(user, mission.need):
        return Decision.allow()
    return Decision.deny(_("Seuls l'expert et l'établissement d'accueil rendent un rapport."))


def can_withdraw(user: User, mission: Mission) -> Decision:
    if is_expert_of(user, mission):
        return Decision.allow()
    return Decision.deny(_("Seul l'expert retire sa candidature."))


# --- Seeing one object, attaching pieces (registered with `documents` by MissionsConfig) --


def can_see_need(user: User, need: MissionNeed) -> bool:
    return needs_visible_to(user).filter(pk=need.pk).exists()


def can_see_mission(user: User, mission: Mission) -> bool:
    """Who sees the mission sees its documents (mission order, attestation) and pieces."""
    return missions_visible_to(user).filter(pk=mission.pk).exists()


def can_see_licence(user: User, licence: ProfessionalLicence) -> bool:
    return licences_visible_to(user).filter(pk=licence.pk).exists()


# A need's host adds pieces until the need is staffed; the officer while it is open.
NEED_HOST_ATTACHING_STATES = (N.DRAFT, N.SUBMITTED, N.PUBLISHED)


def can_attach_to_need(user: User, need: MissionNeed, kind: str | None = None) -> Decision:
    if is_officer(user):
        return Decision.allow()
    if is_host_of(user, need):
        if need.status in NEED_HOST_ATTACHING_STATES:
            return Decision.allow()
        return Decision.deny(
            _("L'établissement joint des pièces à sa demande tant qu'elle n'est pas pourvue.")
        )
    return Decision.deny(
        _("Seuls l'établissement demandeur et le chargé de programme joignent des pièces.")
    )


def need_attachment_open(need: MissionNeed) -> Decision:
    if need.status in OPEN_NEED_STATES:
        return Decision.allow()
    return Decision.deny(_("Cette demande est close : on n'y joint plus de pièce."))


def can_attach_to_mission(user: User, mission: Mission, kind: str | None = None) -> Decision:
    if is_expert_of(user, mission) or is_host_of(user, mission.need):
        return Decision.allow()
    return Decision.deny(_("Seuls l'expert et l'établissement d'accueil joignent des pièces."))


def mission_attachment_open(mission: Mission) -> Decision:
    """A mission takes pieces until it is certified, declined, withdrawn or cancelled."""
    if mission.status in OPEN_MISSION_STATES:
        return Decision.allow()
    return Decision.deny(_("Cette mission est close : on n'y joint plus de pièce."))


def can_attach_to_licence(
    user: User, licence: ProfessionalLicence, kind: str | None = None
) -> Decision:
    expert = expert_of(user)
    if expert is not None and licence.expert_id == expert.pk:
        return Decision.allow()
    return Decision.deny(_("Seul l'expert joint le scan de son autorisation d'exercer."))


def licence_attachment_open(licence: ProfessionalLicence) -> Decision:
    if licence.status == LicenceStatus.PENDING:
        return Decision.allow()
    return Decision.deny(_("Cette autorisation a déjà été examinée : on n'y joint plus de pièce."))


# Kinds of pieces a need holds; its host attaches them while it is open.
NEED_ATTACHMENT_KINDS = (
    AttachmentKind.SYLLABUS,
    AttachmentKind.EQUIPMENT_LIST,
    AttachmentKind.OTHER,
)
# Kinds of pieces a mission holds (the expert's and the host's, e.g. photos, lists).
MISSION_ATTACHMENT_KINDS = (AttachmentKind.OTHER,)
# The scan of a professional licence, attached to its row by the expert.
LICENCE_ATTACHMENT_KINDS = (AttachmentKind.LICENCE,)

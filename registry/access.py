"""Who sees and does what in the registry. The only place that decides it.

Visibility (404 outside it):
- programme officers and auditors see every association; cell staff see none;
- evaluators, committee members and finance officers see the associations of the
  proposals they see (an evaluator: those of the proposals assigned to it), no
  other: the process that owns the proposals tells which (`see_associations_through`);
- an embassy focal point sees the associations and experts of its embassy's
  jurisdiction (guardian object permission `act_as_focal_point` on the embassy);
- an association member sees the associations it belongs to;
- experts who consented to be listed are visible to the ministry's staff and
  the cell (the directory); programme officers also see those who did not;
  an expert with an account sees its own profile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser, signed_in
from processes.transitions import Decision
from registry.models import (
    Association,
    Embassy,
    EmbassyGroupObjectPermission,
    EmbassyUserObjectPermission,
    Expert,
    ImportBatch,
    Jurisdiction,
    Membership,
)

User = AnyUser

FOCAL_POINT_PERMISSION = "act_as_focal_point"

MINISTRY_ROLES = (
    Role.PROGRAMME_OFFICER,
    Role.EVALUATOR,
    Role.COMMITTEE_MEMBER,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
)
DIRECTORY_ROLES = (*MINISTRY_ROLES, Role.CELL_CASEWORKER, Role.CELL_SUPERVISOR)


def is_superuser(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


def focal_embassies(user: User) -> QuerySet[Embassy]:
    """Embassies for which `user` is a focal point (a lazy subquery, no query run)."""
    if not user.is_authenticated or not has_role(user, Role.EMBASSY_FOCAL_POINT):
        return Embassy.objects.none()
    direct = EmbassyUserObjectPermission.objects.filter(
        user=user, permission__codename=FOCAL_POINT_PERMISSION
    ).values("content_object_id")
    via_group = EmbassyGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=FOCAL_POINT_PERMISSION
    ).values("content_object_id")
    return Embassy.objects.filter(Q(pk__in=direct) | Q(pk__in=via_group))


def embassies_without_focal_point() -> QuerySet[Embassy]:
    """Embassies no active user is a focal point of: their registrations wait on the
    superuser, the only other one who may verify them (a lazy subquery)."""
    direct = EmbassyUserObjectPermission.objects.filter(
        user__is_active=True, permission__codename=FOCAL_POINT_PERMISSION
    ).values("content_object_id")
    via_group = EmbassyGroupObjectPermission.objects.filter(
        group__user__is_active=True, permission__codename=FOCAL_POINT_PERMISSION
    ).values("content_object_id")
    return Embassy.objects.exclude(Q(pk__in=direct) | Q(pk__in=via_group))


def _focal_embassy_ids(user: User) -> frozenset[int]:
    cached = getattr(user, "_focal_embassy_ids", None)
    if cached is None:
        cached = frozenset(focal_embassies(user).values_list("pk", flat=True))
        if user.is_authenticated:
            setattr(user, "_focal_embassy_ids", cached)  # noqa: B010
    return cached


def is_focal_point_of(user: User, embassy_id: int | None) -> bool:
    return embassy_id is not None and embassy_id in _focal_embassy_ids(user)


def member_association_ids(user: User) -> frozenset[int]:
    cached = getattr(user, "_member_association_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user_id=signed_in(user).pk).values_list(
                "association_id", flat=True
            )
        )
        user._member_association_ids = cached  # type: ignore[union-attr]
    return cached


def is_member_of(user: User, association: Association) -> bool:
    if not user.is_authenticated or not has_role(user, Role.ASSOCIATION_MEMBER):
        return False
    return association.pk in member_association_ids(user)


# --- Associations -------------------------------------------------------------


def can_list_associations(user: User) -> bool:
    """Whether the association list can show this user anything (for navigation)."""
    return is_superuser(user) or has_role(
        user, *MINISTRY_ROLES, Role.EMBASSY_FOCAL_POINT, Role.ASSOCIATION_MEMBER
    )


# Roles that see an association only through the proposals they see.
THROUGH_PROPOSALS_ROLES = (Role.EVALUATOR, Role.COMMITTEE_MEMBER, Role.FINANCE_OFFICER)
_through_proposals: list[Callable[[User], QuerySet[Any]]] = []


def see_associations_through(associations_of: Callable[[User], QuerySet[Any]]) -> None:
    """Register how the proposals' process finds the associations of the proposals a user
    sees (a queryset of association ids), called from that process's `ready()`."""
    if associations_of not in _through_proposals:
        _through_proposals.append(associations_of)


def associations_visible_to(user: User) -> QuerySet[Association]:
    associations = Association.objects.all()
    if not user.is_authenticated:
        return associations.none()
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER, Role.AUDITOR):
        return associations
    scope = Q()
    if has_role(user, *THROUGH_PROPOSALS_ROLES):
        for associations_of in _through_proposals:
            scope |= Q(pk__in=associations_of(user))
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        scope |= Q(embassy__in=focal_embassies(user))
    if has_role(user, Role.ASSOCIATION_MEMBER):
        scope |= Q(pk__in=Membership.objects.filter(user_id=user.pk).values("association_id"))
    if not scope:
        return associations.none()
    return associations.filter(scope)


def can_create_association(user: User) -> Decision:
    if not user.is_authenticated:
        return Decision.deny(_("Connectez-vous d'abord."))
    if is_superuser(user) or has_role(
        user, Role.PROGRAMME_OFFICER, Role.EMBASSY_FOCAL_POINT, Role.ASSOCIATION_MEMBER
    ):
        return Decision.allow()
    return Decision.deny(_("Votre rôle ne permet pas d'inscrire une association."))


def can_register_for_embassy(user: User, embassy: Embassy) -> Decision:
    """A focal point registers associations and experts of its own jurisdiction only."""
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER, Role.ASSOCIATION_MEMBER):
        return Decision.allow()
    if is_focal_point_of(user, embassy.pk):
        return Decision.allow()
    return Decision.deny(
        _("L'ambassade %(embassy)s n'est pas dans votre juridiction.") % {"embassy": embassy}
    )


def can_edit_association(user: User, association: Association) -> Decision:
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    if is_focal_point_of(user, association.embassy_id):
        return Decision.allow()
    if is_member_of(user, association):
        return Decision.allow()
    return Decision.deny(_("Vous ne pouvez pas modifier cette association."))


def keeps_verification(user: User, association: Association) -> bool:
    """Whether `user`'s edits leave a verified association verified: those who answer
    for its verification (the focal point of its embassy, the superuser) and programme
    officers. A member's change of its identity or jurisdiction sends it back."""
    return (
        is_superuser(user)
        or has_role(user, Role.PROGRAMME_OFFICER)
        or is_focal_point_of(user, association.embassy_id)
    )


def can_reopen_verification(user: User, association: Association) -> Decision:
    """A member's edit of the identity or jurisdiction of its verified association
    sends it back to verification (fired by the edit, never offered as a button)."""
    if is_member_of(user, association) and not keeps_verification(user, association):
        return Decision.allow()
    return Decision.deny(_("Seul un membre de l'association la renvoie en vérification."))


def can_move_association(
    user: User, association: Association, embassy: Embassy, country: str
) -> Decision:
    """Whether `user` may give `association` this embassy and country. A focal point
    keeps an association in its own jurisdiction (programme officers and the superuser
    transfer it; a member's move sends it back to verification by its new embassy)."""
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    if is_member_of(user, association) and not is_focal_point_of(user, association.embassy_id):
        return Decision.allow()
    covering = set(Jurisdiction.objects.filter(country=country).values_list("embassy", flat=True))
    mine = _focal_embassy_ids(user)
    if is_focal_point_of(user, embassy.pk) and (not covering or covering & mine):
        return Decision.allow()
    return Decision.deny(
        _(
            "Cette modification ferait passer l'association hors de la juridiction de "
            "votre ambassade : seul un chargé de programme peut la transférer."
        )
    )


def can_verify_association(user: User, association: Association) -> Decision:
    """Only the focal point of the association's own embassy verifies or rejects it."""
    if is_superuser(user):
        return Decision.allow()
    if is_focal_point_of(user, association.embassy_id):
        return Decision.allow()
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        return Decision.deny(
            _("Seul le point focal de l'ambassade %(embassy)s peut vérifier cette association.")
            % {"embassy": association.embassy}
        )
    return Decision.deny(_("Seul un point focal d'ambassade peut vérifier une association."))


# --- Experts ------------------------------------------------------------------


def experts_visible_to(user: User) -> QuerySet[Expert]:
    experts = Expert.objects.all()
    if not user.is_authenticated:
        return experts.none()
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return experts
    scope = Q(user=user)
    if has_role(user, *DIRECTORY_ROLES):
        scope |= Q(consent_listed=True)
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        scope |= Q(embassy__in=focal_embassies(user))
    return experts.filter(scope)


def can_search_experts(user: User) -> bool:
    """Whether the expert directory is open to this user (for navigation)."""
    return is_superuser(user) or has_role(
        user, *DIRECTORY_ROLES, Role.PROGRAMME_OFFICER, Role.EMBASSY_FOCAL_POINT
    )


def can_create_expert(user: User) -> Decision:
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER, Role.EMBASSY_FOCAL_POINT):
        return Decision.allow()
    return Decision.deny(_("Votre rôle ne permet pas d'inscrire un membre de la diaspora."))


def can_edit_expert(user: User, expert: Expert) -> Decision:
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    if is_focal_point_of(user, expert.embassy_id):
        return Decision.allow()
    if user.is_authenticated and expert.user_id == user.pk:
        return Decision.allow()
    return Decision.deny(_("Vous ne pouvez pas modifier ce profil."))


# --- Bulk import --------------------------------------------------------------


def can_import(user: User) -> Decision:
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.allow()
    if has_role(user, Role.EMBASSY_FOCAL_POINT) and _focal_embassy_ids(user):
        return Decision.allow()
    return Decision.deny(
        _("Seuls les chargés de programme et les points focaux d'ambassade importent des fichiers.")
    )


def import_embassy_scope(user: User) -> frozenset[int] | None:
    """Embassies whose rows `user` may import; None means every embassy."""
    if is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        return None
    return _focal_embassy_ids(user)


def import_batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    """The batches `user` may see: the ones it uploaded, no one else's."""
    if not user.is_authenticated:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(uploaded_by_id=user.pk)

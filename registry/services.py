"""Every write to the registry goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Unpack

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser, signed_in
from audit.changes import changed_fields, diff, snapshot
from audit.labels import Label, Person, summary
from audit.models import Source
from audit.services import record_history, record_update, with_changes
from processes.comments import run_commented
from processes.firing import Firing
from processes.mail import mail_later
from processes.transitions import (
    NotAllowed,
    refuse_unless,
)
from registry import access
from registry.models import (
    IDENTITY_FIELDS,
    Association,
    AssociationStatus,
    CompetenceDomain,
    Embassy,
    Expert,
    Jurisdiction,
    Membership,
    MembershipRole,
    SectorChoice,
)
from registry.transitions import ASSOCIATION_TABLE, AssociationAction

User = AnyUser


def embassy_for_country(country: str) -> Embassy | None:
    jurisdiction = Jurisdiction.objects.select_related("embassy").filter(country=country).first()
    return jurisdiction.embassy if jurisdiction else None


def check_allowed(decision: access.Decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _refuse_other_embassy(
    obj: Expert, fields: dict[str, Any], *, by: User, source: Source | str
) -> None:
    """Refuse (and record) moving `obj` to an embassy `by` may not register for."""
    new_embassy = fields.get("embassy")
    if new_embassy is not None and new_embassy.pk != obj.embassy_id:
        refuse_unless(
            access.can_register_for_embassy(by, new_embassy),
            obj=obj,
            action="update",
            by=by,
            source=source,
        )


def _save_fields(obj: Association | Expert, fields: dict[str, Any], *, exclude: list[str]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=exclude)
    obj.save()


# --- Associations -------------------------------------------------------------


@transaction.atomic
def association_create(
    *,
    by: User,
    source: Source | str,
    sectors: Iterable[SectorChoice] = (),
    **fields: Any,
) -> Association:
    check_allowed(access.can_create_association(by))
    embassy: Embassy = fields["embassy"]
    check_allowed(access.can_register_for_embassy(by, embassy))
    association = Association(**fields, created_by=by if by.is_authenticated else None)
    association.full_clean(exclude=["status"])
    association.save()
    association.sectors.set(sectors)
    if has_role(by, Role.ASSOCIATION_MEMBER):
        Membership.objects.create(
            user_id=signed_in(by).pk,
            association=association,
            role=MembershipRole.REPRESENTATIVE,
        )
    record_history(
        obj=association, action="create", by=by, source=source, target_state=association.status
    )
    return association


def association_update(
    *,
    association: Association,
    by: User,
    source: Source | str,
    sectors: Iterable[SectorChoice] | None = None,
    **fields: Any,
) -> Association:
    """Edit an association. A member's change of a verified association's identity or
    jurisdiction (`IDENTITY_FIELDS`) sends it back to its embassy's verification
    (`association_reopen_verification`); other edits, and everyone else's, keep its status.
    An edit that changes nothing writes no history."""
    refuse_unless(
        access.can_edit_association(by, association),
        obj=association,
        action="update",
        by=by,
        source=source,
    )
    _refuse_move(association, fields, by=by, source=source)
    edited = [*fields, *(["sectors"] if sectors is not None else [])]
    with transaction.atomic():
        before = snapshot(association, edited)
        _save_fields(association, fields, exclude=["status"])
        if sectors is not None:
            association.sectors.set(sectors)
        changes = diff(before, snapshot(association, edited))
        if (
            association.status == AssociationStatus.VERIFIED
            and changed_fields(changes) & set(IDENTITY_FIELDS)
            and not access.keeps_verification(by, association)
        ):
            return association_reopen_verification(
                association=association, changes=changes, by=by, source=source
            )
        if changes:
            record_update(obj=association, by=by, source=source, changes=changes)
    return association


def _refuse_move(
    association: Association, fields: dict[str, Any], *, by: User, source: Source | str
) -> None:
    """Refuse (and record) giving `association` an embassy or a country `by` may not."""
    embassy = fields.get("embassy") or association.embassy
    country = str(fields.get("country") or association.country)
    if embassy.pk == association.embassy_id and country == str(association.country):
        return
    refuse_unless(
        access.can_move_association(by, association, embassy, country),
        obj=association,
        action="update",
        by=by,
        source=source,
    )


def association_reopen_verification(
    *, association: Association, changes: list[dict[str, Any]], **firing: Unpack[Firing]
) -> Association:
    """Send a verified association back to verification by the focal point of its
    (new) embassy, recording what its member changed; its proposals keep going."""
    return ASSOCIATION_TABLE.run(
        association,
        AssociationAction.REOPEN_VERIFICATION,
        **firing,
        data=with_changes(None, changes),
    )


def _notify_association(association: Association, subject: str, body: str) -> None:
    recipients = {association.contact_email}
    recipients.update(
        email for email in association.members.exclude(email="").values_list("email", flat=True)
    )
    mail_later([(subject, body, sorted(r for r in recipients if r))])


def association_verify(
    *, association: Association, comment: str = "", **firing: Unpack[Firing]
) -> Association:
    return ASSOCIATION_TABLE.run(
        association,
        AssociationAction.VERIFY,
        **firing,
        comment=comment,
        on_commit=[
            lambda: _notify_association(
                association,
                _("Votre association est vérifiée"),
                _(
                    "L'association « %(name)s » est vérifiée dans le répertoire RECOATEX. "
                    "Elle peut désormais déposer des projets de coréalisation."
                )
                % {"name": association.name},
            )
        ],
    )


def association_reject(
    *, association: Association, comment: str, **firing: Unpack[Firing]
) -> Association:
    return run_commented(
        ASSOCIATION_TABLE,
        association,
        AssociationAction.REJECT,
        **firing,
        comment=comment,
        kwargs={"comment": comment.strip()},
        on_commit=[
            lambda: _notify_association(
                association,
                _("Votre association n'a pas été vérifiée"),
                _("L'inscription de « %(name)s » a été rejetée. Motif : %(reason)s")
                % {"name": association.name, "reason": comment},
            )
        ],
    )


@transaction.atomic
def membership_add(
    *, association: Association, user: AuthUser, role: str, by: User, source: Source | str
) -> Membership:
    check_allowed(access.can_edit_association(by, association))
    membership, _created = Membership.objects.get_or_create(
        user=user, association=association, defaults={"role": role}
    )
    data = summary(
        gettext_noop("%(person)s (%(role)s)"),
        person=Person(user),
        role=Label(MembershipRole(role).label if role in MembershipRole.values else role),
    )
    record_history(obj=association, action="add_member", by=by, source=source, data=data)
    return membership


# --- Experts ------------------------------------------------------------------


@transaction.atomic
def expert_create(
    *,
    by: User,
    source: Source | str,
    competences: Iterable[CompetenceDomain] = (),
    **fields: Any,
) -> Expert:
    check_allowed(access.can_create_expert(by))
    if fields.get("embassy") is None:
        fields["embassy"] = embassy_for_country(fields["country"])
    if fields["embassy"] is not None:
        check_allowed(access.can_register_for_embassy(by, fields["embassy"]))
    elif access.import_embassy_scope(by) is not None:
        raise NotAllowed(_("Ce pays n'est dans la juridiction d'aucune de vos ambassades."))
    expert = Expert(**fields, created_by=by if by.is_authenticated else None)
    expert.full_clean(exclude=["competences"])
    expert.save()
    expert.competences.set(competences)
    record_history(obj=expert, action="create", by=by, source=source)
    return expert


def expert_update(
    *,
    expert: Expert,
    by: User,
    source: Source | str,
    competences: Iterable[CompetenceDomain] | None = None,
    **fields: Any,
) -> Expert:
    refuse_unless(
        access.can_edit_expert(by, expert), obj=expert, action="update", by=by, source=source
    )
    if "country" in fields and fields.get("embassy") is None:
        fields["embassy"] = embassy_for_country(fields["country"])
    _refuse_other_embassy(expert, fields, by=by, source=source)
    edited = [*fields, *(["competences"] if competences is not None else [])]
    with transaction.atomic():
        before = snapshot(expert, edited)
        _save_fields(expert, fields, exclude=["competences"])
        if competences is not None:
            expert.competences.set(competences)
        changes = diff(before, snapshot(expert, edited))
        if changes:
            record_update(obj=expert, by=by, source=source, changes=changes)
    return expert


# --- Focal points -------------------------------------------------------------


def focal_point_grant(
    *, user: AuthUser, embassy: Embassy, by: User | None, source: Source | str
) -> None:
    assign_perm(f"registry.{access.FOCAL_POINT_PERMISSION}", user, embassy)
    _record_focal_point("grant_focal_point", user, embassy, by=by, source=source)


def focal_point_revoke(
    *, user: AuthUser, embassy: Embassy, by: User | None, source: Source | str
) -> None:
    remove_perm(f"registry.{access.FOCAL_POINT_PERMISSION}", user, embassy)
    _record_focal_point("revoke_focal_point", user, embassy, by=by, source=source)


def _record_focal_point(
    action: str, user: AuthUser, embassy: Embassy, *, by: User | None, source: Source | str
) -> None:
    record_history(
        obj=embassy,
        action=action,
        by=by,
        source=source,
        data=summary(gettext_noop("%(person)s"), person=Person(user)),
    )

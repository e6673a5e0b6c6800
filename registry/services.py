"""Every write to the registry goes through these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser, signed_in
from audit.changes import changed_fields, diff, snapshot
from audit.labels import Label, Person, summary
from audit.models import HistoryEntry, Source
from audit.services import history_entry, record_history, record_update, with_changes
from processes.comments import run_commented
from processes.firing import Firing
from processes.mail import mail_later
from processes.transitions import (
    ActionRefused,
    NotAllowed,
    refuse_unless,
)
from registry import access
from registry.bulk import BATCH_SIZE, RowsRefused, clean_new
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
M = TypeVar("M", bound=models.Model)
# A row to create: its fields, and the objects of its many-to-many field.
NewRow = tuple[dict[str, Any], Iterable[Any]]


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


def _new_association(by: User, fields: dict[str, Any]) -> Association:
    """An association `by` may create, not yet checked nor saved."""
    check_allowed(access.can_create_association(by))
    check_allowed(access.can_register_for_embassy(by, fields["embassy"]))
    return Association(**fields, created_by=by if by.is_authenticated else None)


@transaction.atomic
def association_create(
    *,
    by: User,
    source: Source | str,
    sectors: Iterable[SectorChoice] = (),
    **fields: Any,
) -> Association:
    association = _new_association(by, fields)
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


@transaction.atomic
def association_create_many(
    *, rows: Sequence[NewRow], by: User, source: Source | str
) -> list[Association]:
    """`association_create` of each row (its fields, its sectors): the same checks and
    the same rows written, one history row each, in a few queries per `BATCH_SIZE`
    rows. All or none: `RowsRefused` names every row refused and why."""
    associations = _build_many(rows, lambda fields: _new_association(by, fields), ["status"])
    Association.objects.bulk_create(associations, batch_size=BATCH_SIZE)
    _link_many(associations, "sectors", [related for _fields, related in rows])
    if has_role(by, Role.ASSOCIATION_MEMBER):
        Membership.objects.bulk_create(
            Membership(user_id=signed_in(by).pk, association=a, role=MembershipRole.REPRESENTATIVE)
            for a in associations
        )
    HistoryEntry.objects.bulk_create(
        (
            history_entry(obj=a, action="create", by=by, source=source, target_state=a.status)
            for a in associations
        ),
        batch_size=BATCH_SIZE,
    )
    return associations


def _build_many(
    rows: Sequence[NewRow], build: Callable[[dict[str, Any]], M], exclude: list[str]
) -> list[M]:
    """The objects `build` makes of `rows`, checked as `full_clean(exclude=exclude)`
    checks one; `RowsRefused` if `build` or the checks refuse any."""
    built: list[tuple[int, M]] = []
    refusals: dict[int, ValidationError | ActionRefused] = {}
    for index, (fields, _related) in enumerate(rows):
        try:
            built.append((index, build(dict(fields))))
        except ActionRefused as exc:
            refusals[index] = exc
    for position, error in clean_new([obj for _index, obj in built], exclude=exclude).items():
        refusals[built[position][0]] = error
    if refusals:
        raise RowsRefused(dict(sorted(refusals.items())))
    return [obj for _index, obj in built]


def _link_many(objs: Sequence[models.Model], name: str, related: Sequence[Iterable[Any]]) -> None:
    """Give each of `objs` (just created) the objects of its many-to-many field `name`."""
    field = type(objs[0])._meta.get_field(name) if objs else None
    if field is None:
        return
    through = field.remote_field.through  # type: ignore[union-attr]
    own, other = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"  # type: ignore[union-attr]
    through.objects.bulk_create(
        (
            through(**{own: obj.pk, other: pk})
            for obj, items in zip(objs, related, strict=True)
            for pk in dict.fromkeys(item.pk for item in items)
        ),
        batch_size=BATCH_SIZE,
    )


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


def _new_expert(
    by: User, fields: dict[str, Any], embassy_for: Callable[[str], Embassy | None]
) -> Expert:
    """An expert `by` may create, not yet checked nor saved; with no embassy given,
    the embassy covering its country (`embassy_for`)."""
    check_allowed(access.can_create_expert(by))
    if fields.get("embassy") is None:
        fields["embassy"] = embassy_for(str(fields["country"]))
    if fields["embassy"] is not None:
        check_allowed(access.can_register_for_embassy(by, fields["embassy"]))
    elif access.import_embassy_scope(by) is not None:
        raise NotAllowed(_("Ce pays n'est dans la juridiction d'aucune de vos ambassades."))
    return Expert(**fields, created_by=by if by.is_authenticated else None)


@transaction.atomic
def expert_create(
    *,
    by: User,
    source: Source | str,
    competences: Iterable[CompetenceDomain] = (),
    **fields: Any,
) -> Expert:
    expert = _new_expert(by, fields, embassy_for_country)
    expert.full_clean(exclude=["competences"])
    expert.save()
    expert.competences.set(competences)
    record_history(obj=expert, action="create", by=by, source=source)
    return expert


@transaction.atomic
def expert_create_many(*, rows: Sequence[NewRow], by: User, source: Source | str) -> list[Expert]:
    """`expert_create` of each row (its fields, its competences), as
    `association_create_many` does for associations."""
    countries = {str(fields["country"]) for fields, _related in rows if not fields.get("embassy")}
    covering = {
        str(j.country): j.embassy
        for j in Jurisdiction.objects.filter(country__in=countries).select_related("embassy")
    }
    experts = _build_many(rows, lambda fields: _new_expert(by, fields, covering.get), [])
    Expert.objects.bulk_create(experts, batch_size=BATCH_SIZE)
    _link_many(experts, "competences", [related for _fields, related in rows])
    HistoryEntry.objects.bulk_create(
        (history_entry(obj=e, action="create", by=by, source=source) for e in experts),
        batch_size=BATCH_SIZE,
    )
    return experts


def _account_or_embassy_changes(expert: Expert, fields: dict[str, Any]) -> bool:
    """Whether `fields` link `expert` to another account or another embassy."""
    return any(
        name in fields
        and getattr(fields[name], "pk", fields[name]) != getattr(expert, f"{name}_id")
        for name in ("user", "embassy")
    )


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
    if _account_or_embassy_changes(expert, fields):
        # The new account, or the new embassy's focal point, verifies the link again.
        fields |= {"account_verified_at": None, "account_verified_by": None}
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

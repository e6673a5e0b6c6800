"""Host institutions, registered (and so verified) by a programme officer, and the
users who act for them; experts' accounts, verified by their embassy's focal point."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser, signed_in
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from missions import access
from missions.models import HostInstitution
from missions.services.common import refuse_unless_allowed, validation_error
from processes.transitions import ConditionsUnmet, refuse_unless
from registry.models import Expert


def _members_problem(members: Iterable[User]) -> None:
    wrong = [m.username for m in members if not has_role(m, Role.HOST_INSTITUTION)]
    if wrong:
        message = _("Ces comptes n'ont pas le rôle « établissement d'accueil » : %(names)s.") % {
            "names": ", ".join(sorted(wrong))
        }
        raise ConditionsUnmet([message], fields={"members": [message]})


def institution_register(
    *,
    fields: dict[str, Any],
    members: Iterable[User] = (),
    by: AnyUser,
    source: Source | str,
) -> HostInstitution:
    """A host institution registered by a programme officer, who thereby verifies it."""
    refuse_unless_allowed(
        access.can_register_institution(by),
        obj=None,
        action="create",
        by=by,
        source=source,
    )
    members = list(members)
    institution = HostInstitution(**fields, verified_at=timezone.now(), verified_by=signed_in(by))
    try:
        institution.full_clean()
    except ValidationError as exc:
        raise validation_error(exc) from exc
    _members_problem(members)
    with transaction.atomic():
        institution.save()
        institution.members.set(members)
        record_history(obj=institution, action="create", by=by, source=source)
    return institution


def institution_update(
    *,
    institution: HostInstitution,
    fields: dict[str, Any],
    members: Iterable[User] | None = None,
    by: AnyUser,
    source: Source | str,
) -> HostInstitution:
    refuse_unless(
        access.can_register_institution(by), obj=institution, action="update", by=by, source=source
    )
    members = list(members) if members is not None else None
    if members is not None:
        _members_problem(members)
    edited = [*fields, *(["members"] if members is not None else [])]
    with transaction.atomic():
        before = snapshot(institution, edited)
        for name, value in fields.items():
            setattr(institution, name, value)
        try:
            institution.full_clean()
        except ValidationError as exc:
            raise validation_error(exc) from exc
        institution.save()
        if members is not None:
            institution.members.set(members)
        changes = diff(before, snapshot(institution, edited))
        if changes:
            record_update(obj=institution, by=by, source=source, changes=changes)
    return institution


def expert_account_verify(*, expert: Expert, by: AnyUser, source: Source | str) -> Expert:
    """The focal point of the expert's embassy confirms that the account linked to the
    profile is the expert's: from then on it acts as the expert (applies, reports)."""
    refuse_unless(
        access.can_verify_expert_account(by, expert),
        obj=expert,
        action="verify_account",
        by=by,
        source=source,
    )
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.account_verified_at is not None:
            return locked
        locked.account_verified_at = timezone.now()
        locked.account_verified_by = signed_in(by)
        locked.save(update_fields=["account_verified_at", "account_verified_by"])
        record_history(
            obj=locked,
            action="verify_account",
            by=by,
            source=source,
            data={"user": locked.user.username if locked.user else ""},
        )
    return locked

"""A changed password closes every API token of its user, whoever changed it and how
(the password page, the admin, `changepassword`), and leaves a security event; a
successful login forgets the failed attempts at that account, and only those."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.tokens import revoke_all_tokens
from audit.models import SecurityEventKind
from audit.security import current_request, record_event

CHANGED = "_password_changed"


@receiver(pre_save, sender=User, dispatch_uid="password_change_seen")
def _note_password_change(
    sender: Any, instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    # A user's first password (none before) is no change.
    setattr(instance, CHANGED, bool(before) and before != instance.password)


@receiver(post_save, sender=User, dispatch_uid="password_change_done")
def _after_password_change(sender: Any, instance: User, **kwargs: Any) -> None:
    if not getattr(instance, CHANGED, False):
        return
    setattr(instance, CHANGED, False)
    revoked = revoke_all_tokens(instance)
    # Who changed it: the signed-in user of the request (the admin, or the user itself),
    # or the user itself when no one is signed in (a command).
    actor = getattr(current_request(), "user", None)
    record_event(
        SecurityEventKind.PASSWORD_CHANGED,
        user=actor if actor is not None and actor.is_authenticated else instance,
        obj=instance,
        detail=f"{instance.get_username()}: {revoked} API token(s) revoked",
    )


@receiver(user_logged_in, dispatch_uid="lockout_forget_own_failures")
def _forget_own_failures(sender: Any, user: User, **kwargs: Any) -> None:
    AccessAttempt.objects.filter(username=user.get_username()).delete()

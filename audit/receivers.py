"""Security events raised by Django, django-axes and the admin, connected at start-up."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.models import SecurityEventKind
from audit.security import record_event


@receiver(user_logged_in, dispatch_uid="security_login")
def _logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_event(SecurityEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="security_logout")
def _logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_event(SecurityEventKind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # refused because locked out: axes' own signal records it
    record_event(
        SecurityEventKind.LOGIN_FAILED, request=request, username=credentials.get("username", "")
    )


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def _locked_out(sender: Any, request: Any = None, username: Any = None, **kwargs: Any) -> None:
    record_event(SecurityEventKind.LOCKED_OUT, request=request, username=username or "")


@receiver(post_save, sender=LogEntry, dispatch_uid="security_admin_change")
def _admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    model = instance.content_type.model_class() if instance.content_type else None
    changed = None
    if model is not None and str(instance.object_id).isdigit():
        changed = model._default_manager.filter(pk=instance.object_id).first()
    detail = f"{instance.get_action_flag_display()} — {instance.object_repr}"
    message = instance.get_change_message()
    record_event(
        SecurityEventKind.ADMIN_CHANGE,
        user=instance.user,
        obj=changed,
        detail=f"{detail}: {message}" if message else detail,
    )

"""Accounts' security rows in the admin: listed, and removed where removing is the
remedy (a lost phone's second factor, a leaked API token, a locked-out account's failed
attempts); never added or changed here, and never shown with a secret."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.admin import AuthTokenAdmin
from knox.models import AuthToken

for model in (TOTPDevice, AuthToken, AccessAttempt, AccessLog, AccessFailureLog):
    admin.site.unregister(model)


class RemoveOnly(admin.ModelAdmin):
    """Rows listed and removed, never added or changed from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnly(RemoveOnly):
    """Rows listed, never written: the login log is evidence."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(RemoveOnly):
    """Removed for an account that lost its phone; its owner then enrols again."""

    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = readonly_fields = ("user", "name", "confirmed", "last_used_at", "created_at")


@admin.register(AuthToken)
class ApiTokenAdmin(RemoveOnly, AuthTokenAdmin):
    """An API token is revoked by removing it; only its hash is kept, never the key."""


@admin.register(AccessAttempt)
class LockoutAdmin(RemoveOnly, AccessAttemptAdmin):
    """Removing an account's failed attempts lifts its lockout before it expires."""


@admin.register(AccessLog)
class LoginLogAdmin(ReadOnly, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(ReadOnly, AccessFailureLogAdmin):
    pass

"""The security events, for the auditors and the superuser: a page and `GET /api/v1/audit/`,
both filtered by kind, user, address and days, newest first."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request

from accounts.types import AnyUser
from audit.access import can_read_security_events
from audit.models import SecurityEvent, SecurityEventKind
from audit.selectors import security_events
from processes.api.fields import given_filters
from processes.api.schema import error_responses
from processes.forms import FilterForm, one_of
from processes.pages import Page, newest_first_page
from registry.views.editing import list_page


def _refused() -> str:
    return _("Les événements de sécurité sont réservés aux auditeurs et à l'administrateur.")


# --- The page ------------------------------------------------------------------


class SecurityEventFilterForm(FilterForm):
    kind = one_of(gettext_lazy("Événement"), SecurityEventKind.choices, gettext_lazy("Tous"))
    user = forms.CharField(label=gettext_lazy("Utilisateur"), required=False, max_length=150)
    address = forms.GenericIPAddressField(label=gettext_lazy("Adresse"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _page(
    user: AnyUser, filters: dict[str, Any], *, after: str = "", before: str = ""
) -> Page[SecurityEvent]:
    return newest_first_page(security_events(user, filters), after=after, before=before)


@login_required
@require_GET
def security_event_list(request: HttpRequest) -> HttpResponse:
    if not can_read_security_events(request.user):
        raise PermissionDenied(_refused())
    form = SecurityEventFilterForm(request.GET)
    form.fields.pop("q")
    return list_page(request, "security/event_list.html", form, _page, "events")


# --- The API -------------------------------------------------------------------


class SecurityEventFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SecurityEventKind.choices, required=False)
    user = serializers.CharField(
        required=False, max_length=150, help_text="The account, or the name typed at a login."
    )
    address = serializers.IPAddressField(required=False)
    since = serializers.DateField(required=False, help_text="From this day (included).")
    until = serializers.DateField(required=False, help_text="To this day (included).")


class SecurityEventSerializer(serializers.ModelSerializer):
    user: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = SecurityEvent
        fields = [
            "id",
            "kind",
            "at",
            "user",
            "username",
            "address",
            "method",
            "route",
            "object_type",
            "object_id",
            "detail",
        ]

    def get_object_type(self, event: SecurityEvent) -> str | None:
        """`app_label.model` of the object concerned, if any."""
        kind = event.content_type
        return f"{kind.app_label}.{kind.model}" if kind is not None else None


class SecurityEventListView(generics.ListAPIView):
    serializer_class = SecurityEventSerializer

    @extend_schema(
        operation_id="audit_list",
        summary="Security events (auditors and the superuser)",
        description=(
            "Failed logins, lockouts, logins and logouts, API tokens issued and revoked, "
            "password changes, refused requests (403, 409, and 404 on an object that "
            "exists), exports and admin changes; newest first."
        ),
        parameters=[SecurityEventFilters],
        responses={200: SecurityEventSerializer(many=True), **error_responses(400, 401, 403)},
        tags=["audit"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return SecurityEvent.objects.none()
        if not can_read_security_events(self.request.user):
            raise ApiPermissionDenied(_refused())
        filters = SecurityEventFilters(data=given_filters(self.request))
        filters.is_valid(raise_exception=True)
        return security_events(self.request.user, filters.validated_data)

"""Django admin for the registry's reference data.

Associations and experts are saved through the services, like everywhere
else, so an admin change leaves the same history row as a page or the API.
An association's status is never edited here: the "verify" and "reject"
actions call the verification services with `source=admin`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.models import Source
from processes.admin import ReadOnlyAdmin, ReadOnlyInline, action_form_page, fire_on_each
from processes.table import text_limit
from processes.transitions import ActionRefused
from registry import services
from registry.models import (
    Association,
    CompetenceDomain,
    Embassy,
    Expert,
    ImportBatch,
    Jurisdiction,
    Membership,
    Prefecture,
    Region,
    SectorChoice,
)


class PrefectureInline(admin.TabularInline):
    model = Prefecture
    extra = 0
    fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [PrefectureInline]


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


@admin.register(SectorChoice)
class SectorChoiceAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]


@admin.register(CompetenceDomain)
class CompetenceDomainAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "label_en", "code"]
    search_fields = ["label_fr", "label_en", "code"]


class JurisdictionInline(admin.TabularInline):
    model = Jurisdiction
    extra = 1


@admin.register(Embassy)
class EmbassyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "code"]
    search_fields = ["name", "city", "code"]
    inlines = [JurisdictionInline]


class MembershipInline(ReadOnlyInline):
    # Members are added on the membership admin's page, through the service.
    model = Membership
    fields = readonly_fields = ("user", "role", "since")


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Motif du rejet"),
        max_length=text_limit(Association, "status_comment"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Le motif est communiqué à chaque association rejetée."),
    )


def _model_fields(
    form: ModelForm, exclude: tuple[str, ...], *, changed_only: bool = False
) -> dict[str, Any]:
    """The form's cleaned values for the services, without many-to-many fields."""
    names = form.changed_data if changed_only else form.cleaned_data
    return {name: form.cleaned_data[name] for name in names if name not in exclude}


class ServiceSavedAdmin(admin.ModelAdmin):
    """An admin whose saves go through the registry services, like the pages' and the API's.

    `related_field` names the many-to-many field the services take as their own argument.
    Nothing saved here is deleted here: its history refers to it.
    """

    related_field: str = ""

    def create(self, request: HttpRequest, related: Any, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, request: HttpRequest, current: Any, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        exclude = (self.related_field,)
        try:
            if change:
                # The service compares the change with the stored row, not the edited copy.
                current = self.model._default_manager.get(pk=obj.pk)
                self.update(request, current, _model_fields(form, exclude, changed_only=True))
                return
            created = self.create(
                request,
                form.cleaned_data.get(self.related_field, ()) if self.related_field else (),
                _model_fields(form, exclude),
            )
        except ActionRefused as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        # The admin goes on with `obj` (inlines, log entry): make it the saved row.
        for field in created._meta.concrete_fields:
            if not getattr(field, "protected", False):  # a status moves only by its transitions
                setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Association)
class AssociationAdmin(ServiceSavedAdmin):
    list_display = ["name", "acronym", "country", "city", "embassy", "status", "created_at"]
    list_filter = ["status", "embassy", "home_region", "sectors"]
    search_fields = ["name", "acronym", "city", "contact_name", "contact_email"]
    list_select_related = ["embassy"]
    readonly_fields = ["status", "status_comment", "created_at", "updated_at", "created_by"]
    autocomplete_fields = ["embassy"]
    filter_horizontal = ["sectors"]
    inlines = [MembershipInline]
    actions = ["verify_selected", "reject_selected"]
    related_field = "sectors"

    def create(self, request: HttpRequest, related: Any, fields: dict[str, Any]) -> Association:
        return services.association_create(
            by=request.user, source=Source.ADMIN, sectors=related, **fields
        )

    def update(
        self, request: HttpRequest, current: Association, fields: dict[str, Any]
    ) -> Association:
        return services.association_update(
            association=current, by=request.user, source=Source.ADMIN, **fields
        )

    @admin.action(description=gettext_lazy("Vérifier les associations sélectionnées"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Association]) -> None:
        done = fire_on_each(
            self,
            request,
            queryset.select_related("embassy"),
            lambda association: services.association_verify(
                association=association,
                by=request.user,
                source=Source.ADMIN,
                expected_state=association.status,
            ),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d association vérifiée.",
                    "%(count)d associations vérifiées.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Rejeter les associations sélectionnées"))
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Association]
    ) -> HttpResponse | None:
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_page(
                self,
                request,
                "admin/registry/association/reject_selected.html",
                title=_("Rejeter des associations"),
                form=form,
                associations=queryset,
            )
        done = fire_on_each(
            self,
            request,
            queryset.select_related("embassy"),
            lambda association: services.association_reject(
                association=association,
                by=request.user,
                source=Source.ADMIN,
                comment=form.cleaned_data["comment"],
                expected_state=association.status,
            ),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d association rejetée.",
                    "%(count)d associations rejetées.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        return None


@admin.register(Membership)
class MembershipAdmin(ServiceSavedAdmin):
    """A member is added through `services.membership_add` (a history row on the
    association); a membership is neither changed nor removed here."""

    list_display = ["user", "association", "role", "since"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "association__name"]
    list_select_related = ["user", "association"]
    raw_id_fields = ["user", "association"]
    fields = ["user", "association", "role"]  # what the service takes

    def create(self, request: HttpRequest, related: Any, fields: dict[str, Any]) -> Membership:
        return services.membership_add(by=request.user, source=Source.ADMIN, **fields)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Expert)
class ExpertAdmin(ServiceSavedAdmin):
    list_display = [
        "last_name",
        "first_name",
        "profession",
        "country",
        "city",
        "available_teaching",
        "available_medical",
        "consent_listed",
    ]
    list_filter = ["available_teaching", "available_medical", "consent_listed", "competences"]
    search_fields = ["first_name", "last_name", "profession", "education_field", "email"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    filter_horizontal = ["competences"]
    raw_id_fields = ["user"]

    related_field = "competences"

    def create(self, request: HttpRequest, related: Any, fields: dict[str, Any]) -> Expert:
        return services.expert_create(
            by=request.user, source=Source.ADMIN, competences=related, **fields
        )

    def update(self, request: HttpRequest, current: Expert, fields: dict[str, Any]) -> Expert:
        return services.expert_update(
            expert=current, by=request.user, source=Source.ADMIN, **fields
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "kind",
        "status",
        "row_count",
        "error_count",
        "imported_count",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["uploaded_by"]
    exclude = ["content"]

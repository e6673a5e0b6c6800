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
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.models import Source
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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Motif du rejet"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Le motif est communiqué à chaque association rejetée."),
    )


def _model_fields(
    form: ModelForm, exclude: tuple[str, ...], *, changed_only: bool = False
) -> dict[str, Any]:
    """The form's cleaned values for the services, without many-to-many fields."""
    names = form.changed_data if changed_only else form.cleaned_data
    return {name: form.cleaned_data[name] for name in names if name not in exclude}


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country", "city", "embassy", "status", "created_at"]
    list_filter = ["status", "embassy", "home_region", "sectors"]
    search_fields = ["name", "acronym", "city", "contact_name", "contact_email"]
    list_select_related = ["embassy"]
    readonly_fields = ["status", "status_comment", "created_at", "updated_at", "created_by"]
    autocomplete_fields = ["embassy"]
    filter_horizontal = ["sectors"]
    inlines = [MembershipInline]
    actions = ["verify_selected", "reject_selected"]

    def save_model(
        self, request: HttpRequest, obj: Association, form: ModelForm, change: bool
    ) -> None:
        try:
            if change:
                # The service compares the change with the stored row, not the edited copy.
                services.association_update(
                    association=Association.objects.get(pk=obj.pk),
                    by=request.user,
                    source=Source.ADMIN,
                    **_model_fields(form, ("sectors",), changed_only=True),
                )
                return
            created = services.association_create(
                by=request.user,
                source=Source.ADMIN,
                sectors=form.cleaned_data.get("sectors", ()),
                **_model_fields(form, ("sectors",)),
            )
        except ActionRefused as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        # The admin goes on with `obj` (inlines, log entry): make it the saved row.
        obj.pk = created.pk
        obj.created_at, obj.updated_at, obj.created_by = (
            created.created_at,
            created.updated_at,
            created.created_by,
        )
        obj._state.adding = False
        obj._state.db = created._state.db

    @admin.action(description=gettext_lazy("Vérifier les associations sélectionnées"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Association]) -> None:
        done = 0
        for association in queryset.select_related("embassy"):
            try:
                services.association_verify(
                    association=association,
                    by=request.user,
                    source=Source.ADMIN,
                    expected_state=association.status,
                )
            except ActionRefused as refusal:
                self.message_user(request, f"{association} : {refusal.detail}", messages.ERROR)
            else:
                done += 1
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
            return TemplateResponse(
                request,
                "admin/registry/association/reject_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Rejeter des associations"),
                    "opts": self.model._meta,
                    "form": form,
                    "associations": queryset,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        done = 0
        for association in queryset.select_related("embassy"):
            try:
                services.association_reject(
                    association=association,
                    by=request.user,
                    source=Source.ADMIN,
                    comment=form.cleaned_data["comment"],
                    expected_state=association.status,
                )
            except ActionRefused as refusal:
                self.message_user(request, f"{association} : {refusal.detail}", messages.ERROR)
            else:
                done += 1
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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "since"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "association__name"]
    list_select_related = ["user", "association"]
    raw_id_fields = ["user", "association"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
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

    def save_model(self, request: HttpRequest, obj: Expert, form: ModelForm, change: bool) -> None:
        try:
            if change:
                services.expert_update(
                    expert=Expert.objects.get(pk=obj.pk),
                    by=request.user,
                    source=Source.ADMIN,
                    **_model_fields(form, ("competences",), changed_only=True),
                )
                return
            created = services.expert_create(
                by=request.user,
                source=Source.ADMIN,
                competences=form.cleaned_data.get("competences", ()),
                **_model_fields(form, ("competences",)),
            )
        except ActionRefused as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        obj.pk = created.pk
        obj.embassy = created.embassy
        obj.created_at, obj.updated_at, obj.created_by = (
            created.created_at,
            created.updated_at,
            created.created_by,
        )
        obj._state.adding = False
        obj._state.db = created._state.db


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""The form of a host institution: who it is, where, and the users who act for it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from missions.choices import InstitutionKind
from missions.models import HostInstitution
from processes.forms import FilterForm, any_of, one_of
from registry.forms import ServiceForm, check_prefecture_in_region, prefecture_field, region_field
from registry.models import Region

INSTITUTION_FIELDS = ("name", "kind", "region", "prefecture", "city", "email", "phone")


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class InstitutionForm(ServiceForm):
    related_field = "members"
    region = region_field(_("Région"))
    prefecture = prefecture_field(_("Préfecture"))
    members = MemberChoice(
        queryset=User.objects.filter(
            groups__name=Role.HOST_INSTITUTION.value, is_active=True
        ).order_by("username"),
        required=False,
        label=_("Utilisateurs de l'établissement"),
        help_text=_(
            "Les comptes ayant le rôle « établissement d'accueil » qui agissent pour lui : "
            "ils déposent ses demandes et choisissent parmi les candidats."
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HostInstitution
        fields = [*INSTITUTION_FIELDS, "members"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        check_prefecture_in_region(self, data, "region", "prefecture")
        return data


class InstitutionFilterForm(FilterForm):
    kind = one_of(_("Type d'établissement"), InstitutionKind.choices, _("Tous les types"))
    region = any_of(_("Région"), Region.objects.all(), _("Toutes les régions"))

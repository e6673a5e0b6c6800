"""The experts API: the directory of the diaspora's competences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from processes.api.fields import (
    SEARCH_MAX_LENGTH,
    CountryCodeField,
    ServiceWrittenSerializer,
    code_of,
)
from processes.api.schema import error_responses
from processes.api.viewsets import EditableViewSet
from registry import access, selectors, services
from registry.api.geography import region_code
from registry.forms import EXPERT_IDENTITY, EXPERT_PROFILE
from registry.models import (
    CompetenceDomain,
    Embassy,
    Expert,
    SpokenLanguage,
)


class ExpertSerializer(ServiceWrittenSerializer):
    """A diaspora member's profile: profession, studies, competences, availability."""

    country = CountryCodeField()
    embassy: serializers.SlugRelatedField[Embassy] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Embassy code, derived from the country of residence; null where no "
        "embassy covers that country.",
    )
    competences = code_of(
        CompetenceDomain,
        _("Domaine de compétence inconnu : « {value} »."),
        many=True,
        allow_empty=False,
        help_text="Competence domain codes.",
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=SpokenLanguage.choices),
        required=False,
        help_text="Language codes.",
    )
    home_region = region_code(required=False, allow_null=True, help_text="Region code.")

    class Meta:
        model = Expert
        fields = ["id", *EXPERT_IDENTITY, "embassy", *EXPERT_PROFILE]

    def validate_languages(self, languages: list[str]) -> list[str]:
        return list(dict.fromkeys(languages))


class Availability(models.TextChoices):
    TEACHING = "teaching", _("Missions d'enseignement")
    MEDICAL = "medical", _("Missions médicales")


class ExpertFilters(serializers.Serializer):
    competence = serializers.CharField(required=False, help_text="Competence domain code.")
    country = CountryCodeField(required=False)
    available = serializers.ChoiceField(choices=Availability.choices, required=False)
    q = serializers.CharField(
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words searched in names and profession.",
    )


# What each availability keeps.
AVAILABLE = {
    Availability.TEACHING: {"available_teaching": True},
    Availability.MEDICAL: {"available_medical": True},
}


@extend_schema_view(
    list=extend_schema(
        summary="Diaspora members (competences) the caller may see",
        parameters=[ExpertFilters],
        responses={200: ExpertSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: ExpertSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        responses={201: ExpertSerializer, **error_responses(400, 401, 403)},
    ),
    partial_update=extend_schema(
        responses={200: ExpertSerializer, **error_responses(400, 401, 403, 404)}
    ),
)
class ExpertViewSet(EditableViewSet):
    serializer_class = ExpertSerializer
    queryset = Expert.objects.none()  # the model, for the schema; rows come from access
    list_filters = ExpertFilters
    filter_fields = ("country",)
    filter_lookups = {"competence": "competences__code"}
    search_fields = ("first_name", "last_name", "profession")

    def rows(self) -> QuerySet[Expert]:
        return selectors.expert_rows(self.request.user)

    def filter_rows(
        self, queryset: QuerySet[Expert], wanted: Mapping[str, Any]
    ) -> QuerySet[Expert]:
        queryset = super().filter_rows(queryset, wanted)
        if "available" in wanted:
            queryset = queryset.filter(**AVAILABLE[wanted["available"]])
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        services.check_allowed(access.can_create_expert(request.user))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        fields = dict(serializer.validated_data)
        competences = fields.pop("competences", [])
        serializer.instance = services.expert_create(
            by=self.request.user, source=Source.API, competences=competences, **fields
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        expert = self.get_object()
        services.check_allowed(access.can_edit_expert(request.user, expert))
        fields = self.edited_fields(expert)
        updated = services.expert_update(
            expert=expert, by=request.user, source=Source.API, **fields
        )
        return Response(self.get_serializer(updated).data, status=status.HTTP_200_OK)

"""The associations API: listing, registration, edits, verification and history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
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
from processes.api.transitions import transition_request_serializer
from processes.api.viewsets import EditableViewSet, HistoryAction, TransitionActions
from registry import access, selectors, services
from registry.api.geography import prefecture_code, region_code
from registry.forms import ASSOCIATION_FIELDS
from registry.models import (
    Association,
    AssociationStatus,
    Embassy,
    Sector,
    SectorChoice,
)
from registry.transitions import ASSOCIATION_TABLE


class AssociationSerializer(ServiceWrittenSerializer):
    """A diaspora association listed in the RECOATEX; `status` changes only by transitions."""

    country = CountryCodeField()
    embassy = code_of(
        Embassy,
        _("Ambassade inconnue : « {value} »."),
        required=False,
        allow_null=True,
        help_text="Embassy code; by default the embassy whose jurisdiction covers the country.",
    )
    sectors = code_of(
        SectorChoice,
        _("Secteur inconnu : « {value} »."),
        many=True,
        required=False,
        help_text="Sector codes.",
    )
    home_region = region_code()
    home_prefecture = prefecture_code()

    class Meta:
        model = Association
        fields = ["id", *ASSOCIATION_FIELDS, "status", "status_comment"]
        read_only_fields = ["status", "status_comment"]
        # The (name, country) rule is the model's; the service's full_clean reports it.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance: Association | None = self.instance
        if attrs.get("embassy") is None and (
            instance is None or "country" in attrs or "embassy" in attrs
        ):
            country = attrs.get("country") or (instance.country if instance else None)
            embassy = services.embassy_for_country(str(country)) if country else None
            if embassy is None:
                raise serializers.ValidationError(
                    {"embassy": _("Aucune ambassade ne couvre ce pays : choisissez l'ambassade.")}
                )
            attrs["embassy"] = embassy
        return attrs


class AssociationFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=AssociationStatus.choices, required=False)
    country = CountryCodeField(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    embassy = serializers.CharField(required=False, help_text="Embassy code.")
    home_region = serializers.CharField(required=False, help_text="Region code.")
    q = serializers.CharField(
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words searched in name and acronym.",
    )


AssociationTransitionRequest = transition_request_serializer(
    ASSOCIATION_TABLE,
    expected_state_help=(
        "The status the caller saw (`pending`, `verified` or `rejected`); "
        "if it changed since, the answer is 409 and nothing happens."
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary="Associations the caller may see",
        parameters=[AssociationFilters],
        responses={200: AssociationSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: AssociationSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        summary="Register an association (pending verification)",
        responses={201: AssociationSerializer, **error_responses(400, 401, 403)},
    ),
    partial_update=extend_schema(
        description=(
            "A member's change of a verified association's name, acronym, country, city "
            "or embassy sends it back to `pending`, for its embassy's focal point to verify "
            "again (the answer's `status` says so); other fields keep it verified. A focal "
            "point may not move an association out of its jurisdiction (403)."
        ),
        responses={200: AssociationSerializer, **error_responses(400, 401, 403, 404)},
    ),
)
class AssociationViewSet(TransitionActions, HistoryAction, EditableViewSet):
    serializer_class = AssociationSerializer
    queryset = Association.objects.none()  # the model, for the schema; rows come from access
    list_filters = AssociationFilters
    filter_fields = ("status", "country")
    filter_lookups = {
        "sector": "sectors",
        "embassy": "embassy__code",
        "home_region": "home_region__code",
    }
    search_fields = ("name", "acronym")

    transition_table = ASSOCIATION_TABLE
    transition_request = AssociationTransitionRequest
    transition_answer_serializer = AssociationSerializer
    transitions_summary = "Transitions the caller may fire now"
    fire_operation_id = "associations_transitions_fire"
    fire_description = (
        "`verify`: pending → verified; `reject`: pending → rejected (needs `comment`). "
        "Only the focal point of the association's embassy may fire them."
    )
    history_summary = "Every change and refused attempt, oldest first"

    def rows(self) -> QuerySet[Association]:
        return selectors.association_rows(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        services.check_allowed(access.can_create_association(request.user))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        fields = dict(serializer.validated_data)
        sectors = fields.pop("sectors", [])
        serializer.instance = services.association_create(
            by=self.request.user, source=Source.API, sectors=sectors, **fields
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        association = self.get_object()
        services.check_allowed(access.can_edit_association(request.user, association))
        fields = self.edited_fields(association)
        updated = services.association_update(
            association=association, by=request.user, source=Source.API, **fields
        )
        return Response(self.get_serializer(updated).data)

"""A proposal as the API shows and takes it: its fields, budget, figures and rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from processes.api.fields import (
    ChoiceLabelField,
    ServiceWrittenSerializer,
    edit_expected_state,
    id_filter,
)
from processes.table import MAX_AMOUNT
from registry import access as registry_access
from registry.api.geography import prefecture_code, region_code
from registry.models import Association, Sector
from workflows import access, services
from workflows.models import (
    Call,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalStatus,
)
from workflows.models.proposals import DESCRIPTION_FIELDS
from workflows.rules import Figures, budget_verdicts, grant_headroom


@extend_schema_field(
    {
        "type": "string",
        "example": "water",
        "description": "Sector code: " + ", ".join(f"`{code}`" for code in Sector.values) + ".",
    }
)
class SectorField(serializers.ChoiceField):
    """A sector code, documented as a plain string: the registry's `SectorsEnum` already
    names these choices, and one choice set must not get two names in the schema."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Sector.choices, **kwargs)


def _read(row: Any, name: str) -> Any:
    """A field of a saved row or of a validated one (a dictionary)."""
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


class BudgetLineSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="FCFA.")

    def to_representation(self, line: Any) -> dict[str, Any]:
        # What the fields would write, without a field's machinery per line of every row.
        return {"label": str(_read(line, "label")), "amount": int(_read(line, "amount"))}


class ContributionSerializer(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ContributionSource.choices,
        help_text="`state` is the matching grant requested.",
    )
    kind = serializers.ChoiceField(choices=ContributionKind.choices)
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="FCFA.")

    def to_representation(self, row: Any) -> dict[str, Any]:
        return {
            "source": str(_read(row, "source")),
            "kind": str(_read(row, "kind")),
            "amount": int(_read(row, "amount")),
        }


class FiguresSerializer(serializers.Serializer):
    budget_total = serializers.IntegerField()
    contributions_total = serializers.IntegerField()
    association_cash = serializers.IntegerField(
        help_text="The association's cash contribution (the matching ratio applies to it)."
    )
    community_total = serializers.IntegerField()
    state_requested = serializers.IntegerField(help_text="The grant requested.")


class VerdictSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    ok = serializers.BooleanField()
    message = serializers.CharField(help_text="The rule and the figures, in words.")


def _required_keys(items: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """A partial update skips missing keys of nested items too: name them here, by
    position, in the shape DRF gives the errors of a list."""
    message = gettext("Ce champ est obligatoire.")
    errors = {
        str(index): {key: [message] for key in keys if key not in item}
        for index, item in enumerate(items)
    }
    return {index: missing for index, missing in errors.items() if missing}


# What the platform sets as the proposal moves on: read only.
SET_BY_THE_PLATFORM = [
    "grant_amount",
    "released",
    "review_round",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
]


class ProposalSerializer(ServiceWrittenSerializer):
    """A co-realisation proposal with its budget, and the call's rules applied to it.

    `status` changes only by transitions; `call` and `association` are fixed at creation.
    """

    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.all(),
        error_messages={"does_not_exist": _("Appel à projets inconnu : « {pk_value} ».")},
    )
    association = serializers.PrimaryKeyRelatedField(
        queryset=Association.objects.all(),
        error_messages={"does_not_exist": _("Association inconnue : « {pk_value} ».")},
        help_text="An association the caller is a member of.",
    )
    association_name = serializers.CharField(source="association.name", read_only=True)
    status_label = ChoiceLabelField(ProposalStatus, source="status")
    region = region_code()
    prefecture = prefecture_code()
    sector = SectorField()
    budget_lines = BudgetLineSerializer(
        many=True, required=False, help_text="When given, replaces every line."
    )
    contributions = ContributionSerializer(
        many=True, required=False, help_text="When given, replaces every contribution."
    )
    figures = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    grant_headroom = serializers.SerializerMethodField()
    expected_state = edit_expected_state(ProposalStatus.choices)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "call",
            "association",
            "association_name",
            *DESCRIPTION_FIELDS,
            "budget_lines",
            "contributions",
            "figures",
            "rules",
            "grant_headroom",
            *SET_BY_THE_PLATFORM,
            "expected_state",
        ]
        read_only_fields = [
            "reference",
            "status",
            *SET_BY_THE_PLATFORM,
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            # Anything the caller cannot see is "unknown": its existence is not leaked.
            fields["call"].queryset = access.calls_visible_to(user)  # type: ignore[attr-defined]
            fields["association"].queryset = (  # type: ignore[attr-defined]
                registry_access.associations_visible_to(user)
            )
        return fields

    def _figures(self, proposal: Proposal) -> Figures:
        """The row's figures, computed once for the three fields that show them."""
        cached = self._row_figures
        if cached is None or cached[0] is not proposal:
            cached = self._row_figures = (proposal, Figures.of(proposal))
        return cached[1]

    _row_figures: tuple[Proposal, Figures] | None = None

    @extend_schema_field(FiguresSerializer)
    def get_figures(self, proposal: Proposal) -> dict[str, int]:
        return dict(vars(self._figures(proposal)))

    @extend_schema_field(VerdictSerializer(many=True))
    def get_rules(self, proposal: Proposal) -> list[dict[str, Any]]:
        return [dict(vars(v)) for v in budget_verdicts(self._figures(proposal), proposal.call)]

    @extend_schema_field(
        {
            "type": "integer",
            "description": (
                "The largest grant the call's rules, the request and the envelope left allow."
            ),
        }
    )
    def get_grant_headroom(self, proposal: Proposal) -> int:
        return grant_headroom(self._figures(proposal), proposal.call)

    def validate_budget_lines(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors = _required_keys(lines, ("label", "amount"))
        if errors:
            raise serializers.ValidationError(errors)
        return lines

    def validate_contributions(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors = _required_keys(rows, ("source", "kind", "amount"))
        if errors:
            raise serializers.ValidationError(errors)
        return rows

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        proposal: Proposal | None = self.instance
        if proposal is not None:
            fixed = {"call": proposal.call_id, "association": proposal.association_id}
            errors = {
                name: gettext("Ne se change pas après la création du projet.")
                for name, current in fixed.items()
                if name in attrs and attrs[name].pk != current
            }
            if errors:
                raise serializers.ValidationError(errors)
            for name in fixed:
                attrs.pop(name, None)
        return attrs


def service_fields(validated: dict[str, Any]) -> dict[str, Any]:
    """`validated_data` as the keyword arguments of proposal_create / proposal_update."""
    fields = dict(validated)
    if "budget_lines" in fields:
        fields["budget_lines"] = [
            services.BudgetInput(line["label"], line["amount"]) for line in fields["budget_lines"]
        ]
    if "contributions" in fields:
        fields["contributions"] = [
            services.ContributionInput(row["source"], row["kind"], row["amount"])
            for row in fields["contributions"]
        ]
    return fields


class ProposalFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
    call = id_filter("Call id.")
    region = serializers.CharField(required=False, help_text="Region code.")
    sector = SectorField(required=False)
    association = id_filter("Association id.")

"""A mission as the API shows it, the body that creates one, and its list's filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from missions import access
from missions.api.serializers import MissionExpertSerializer
from missions.choices import MissionStatus, ReportAuthor
from missions.models import Mission, MissionNeed, MissionReport
from processes.api.fields import ChoiceLabelField, StateField, id_filter
from processes.table import text_limit
from registry.models import Expert


class MissionReportSerializer(serializers.ModelSerializer):
    """One side's report, once filed."""

    author = serializers.ChoiceField(
        choices=ReportAuthor.choices, read_only=True, help_text="`expert` or `host`."
    )
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)
    report = serializers.CharField(
        source="summary", read_only=True, help_text="What was taught or treated."
    )

    class Meta:
        model = MissionReport
        fields = [
            "author",
            "filed_by",
            "filed_at",
            "report",
            "students",
            "patients",
            "difficulties",
            "rating",
        ]
        read_only_fields = fields


class MissionSerializer(serializers.ModelSerializer):
    """One expert on one need. `status` changes only by transitions."""

    need_title = serializers.CharField(source="need.title", read_only=True)
    expert = MissionExpertSerializer(read_only=True)
    status = StateField(choices=MissionStatus.choices, read_only=True)
    status_label = ChoiceLabelField(MissionStatus, source="status")
    reports = MissionReportSerializer(
        many=True, read_only=True, help_text="The expert's and the host's reports, once filed."
    )

    class Meta:
        model = Mission
        fields = [
            "id",
            "need",
            "need_title",
            "expert",
            "status",
            "status_label",
            "motivation",
            "created_at",
            "approved_at",
            "certified_at",
            "closing_reason",
            "reports",
        ]
        read_only_fields = fields


class MissionCreateRequest(serializers.Serializer):
    """An expert's application (`need`), or an officer's invitation (`need`, `expert`)."""

    need = serializers.PrimaryKeyRelatedField(
        queryset=MissionNeed.objects.all(),
        error_messages={"does_not_exist": _("Demande de mission inconnue : « {pk_value} ».")},
        help_text="Id of a published need.",
    )
    expert = serializers.PrimaryKeyRelatedField(
        queryset=Expert.objects.all(),
        required=False,
        error_messages={"does_not_exist": _("Expert inconnu : « {pk_value} ».")},
        help_text="Id of the expert to invite (an officer's invitation only).",
    )
    motivation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=text_limit(Mission, "motivation"),
        help_text="The expert's motivation, or the officer's word to the expert.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            # A need the caller does not see is "unknown".
            fields["need"].queryset = access.needs_visible_to(user)  # type: ignore[attr-defined]
        return fields


class MissionFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=MissionStatus.choices, required=False)
    need = id_filter("Need id.")

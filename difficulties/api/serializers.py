"""A report as the API takes it (the public form's fields, or a focal point's record on
someone's behalf), as staff read it, and its list's filters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from difficulties import access
from difficulties.choices import Category, DifficultyStatus
from difficulties.models import (
    DESCRIPTION_MIN_LENGTH,
    PHONE_MAX_LENGTH,
    Administration,
    Difficulty,
    DifficultyAnswer,
)
from difficulties.models.difficulties import validate_phone
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from documents.models import AttachmentKind, attachment_kind_choices
from processes.api.fields import ChoiceLabelField, CountryCodeField, StateField
from processes.api.transitions import (
    TransitionOptionWithInputsSerializer,
    transition_request_serializer,
)
from processes.table import text_limit
from registry.models import Embassy

CATEGORIES = ", ".join(f"`{code}`" for code in Category.values)


class CategoryField(serializers.ChoiceField):
    """A difficulty's category, by its code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"One of {CATEGORIES}.")
        super().__init__(choices=Category.choices, **kwargs)


class DifficultyReportRequest(serializers.Serializer):
    """A report: the public form's fields (anonymous), or those a focal point or an
    officer records on someone's behalf. Every field is bounded as the model bounds it;
    the service checks the rest (a contact, the consent, the administration)."""

    category = CategoryField()
    country = CountryCodeField(
        help_text="Country of residence (ISO 3166-1 alpha-2): names the competent embassy."
    )
    administration = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=text_limit(Administration, "code"),
        help_text="Code of the administration concerned, if known (e.g. `dgdn`).",
    )
    description = serializers.CharField(
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=text_limit(Difficulty, "description"),
        help_text=f"What went wrong ({DESCRIPTION_MIN_LENGTH} characters at least).",
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        max_length=text_limit(Difficulty, "email"),
        help_text="Where the answer goes (the confirmation link too). An e-mail or a phone.",
    )
    phone = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=PHONE_MAX_LENGTH,
        validators=[validate_phone],
        help_text="A phone number for the answer. An e-mail or a phone.",
    )
    consent = serializers.BooleanField(help_text="Consent to be contacted: `true` is required.")


class DifficultyRecordRequest(DifficultyReportRequest):
    """A report recorded on someone's behalf: the person's language too."""

    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        default="fr",
        help_text="The person's language (`fr` or `en`): the mails to them are written in it.",
    )


class DifficultyAnswerSerializer(serializers.ModelSerializer):
    """An answer written on a report."""

    administration: serializers.SlugRelatedField[Administration] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The administration it came from.",
    )
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = DifficultyAnswer
        fields = ["text", "administration", "at", "by"]
        read_only_fields = fields


CONTACT_NOTE = (
    "The reporter's contact: only for those who handle the report (the officers and the "
    "focal point of its embassy); left out for anyone else (the auditors)."
)


class DifficultySerializer(serializers.ModelSerializer):
    """A report as the register shows it. `status` changes only by transitions."""

    status = StateField(choices=DifficultyStatus.choices, read_only=True)
    status_label = ChoiceLabelField(DifficultyStatus, source="status")
    category_label = ChoiceLabelField(Category, source="category")
    country = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2.")
    embassy: serializers.SlugRelatedField[Embassy] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The competent embassy's code; null when none covers the country.",
    )
    administration: serializers.SlugRelatedField[Administration] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    referred_to: serializers.SlugRelatedField[Administration] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    recorded_by = serializers.CharField(
        source="recorded_by.username",
        read_only=True,
        allow_null=True,
        help_text="Who recorded it on someone's behalf; null: the public form.",
    )
    merged_into: serializers.SlugRelatedField[Difficulty] = serializers.SlugRelatedField(
        slug_field="tracking_code",
        read_only=True,
        allow_null=True,
        help_text="The tracking code of the report this one duplicates.",
    )
    overdue = serializers.BooleanField(
        read_only=True, help_text="Referred and past its due date (shown in red)."
    )
    answers = DifficultyAnswerSerializer(many=True, read_only=True)
    # Not read-only: a key the answer may leave out is not a required one in the schema.
    email = serializers.CharField(required=False, help_text=CONTACT_NOTE)
    phone = serializers.CharField(required=False, help_text=CONTACT_NOTE)

    class Meta:
        model = Difficulty
        fields = [
            "id",
            "tracking_code",
            "status",
            "status_label",
            "category",
            "category_label",
            "country",
            "embassy",
            "administration",
            "urgency",
            "description",
            "email",
            "phone",
            "consent",
            "recorded_by",
            "created_at",
            "reported_at",
            "referred_to",
            "referred_at",
            "due_date",
            "overdue",
            "escalated_at",
            "answered_at",
            "answers",
            "feedback_at",
            "feedback_resolved",
            "feedback_note",
            "closed_at",
            "merged_into",
            "rejection_reason",
        ]
        read_only_fields = fields

    def to_representation(self, difficulty: Difficulty) -> dict[str, Any]:
        shown: dict[str, Any] = super().to_representation(difficulty)
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not access.sees_contact(user, difficulty):
            del shown["email"], shown["phone"]
        return shown


class DifficultyFilters(serializers.Serializer):
    category = CategoryField(required=False)
    country = CountryCodeField(required=False, help_text="Country of residence.")
    embassy = serializers.SlugField(
        required=False, max_length=text_limit(Embassy, "code"), help_text="The embassy's code."
    )
    status = serializers.ChoiceField(choices=DifficultyStatus.choices, required=False)
    overdue = serializers.BooleanField(
        required=False,
        help_text="`true`: the referrals past their due date only; `false`: all others.",
    )


class DifficultyTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


DifficultyTransitionRequest = transition_request_serializer(DIFFICULTY_TRANSITIONS)


class DifficultyAttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.ATTACHMENT_KINDS),
        default=AttachmentKind.EVIDENCE,
        help_text="`evidence`.",
    )

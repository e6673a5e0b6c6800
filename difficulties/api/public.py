"""`/api/v1/public/difficulties/`: reporting a difficulty without an account, following
it by its tracking code, and saying whether the answer solved it.

No authentication at all (no session, so no CSRF check, as the token exchange): the
tracking code is the reporter's only credential. Every call is counted per address
(and a report per e-mail address) by `difficulties.limits`, with the page form: 429
beyond the rates. Nothing personal is ever shown: no description, country or contact.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.types import AnyUser
from audit.models import Source
from difficulties import access, limits, services
from difficulties.api.serializers import DifficultyReportRequest
from difficulties.choices import Category, DifficultyStatus
from difficulties.models import Difficulty
from difficulties.transitions import FEEDBACK_NOTE_MAX_LENGTH
from processes.api.fields import ChoiceLabelField, StateField
from processes.api.schema import error_responses


class PublicAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)


class PublicDifficultySerializer(serializers.Serializer):
    """A report as whoever holds its code reads it: nothing personal. A duplicate shows
    the status and answers of the report it was merged into (`merged_into`)."""

    tracking_code = serializers.CharField(read_only=True)
    status = StateField(choices=DifficultyStatus.choices, source="main.status", read_only=True)
    status_label = ChoiceLabelField(DifficultyStatus, source="main.status")
    category = serializers.ChoiceField(choices=Category.choices, read_only=True)
    category_label = ChoiceLabelField(Category, source="category")
    reported_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null until the report is confirmed."
    )
    answers = PublicAnswerSerializer(source="main.answers", many=True, read_only=True)
    merged_into = serializers.CharField(
        source="merged_into.tracking_code",
        read_only=True,
        allow_null=True,
        help_text="For a duplicate, the tracking code of the report that carries on for "
        "both (whose status and answers are shown); null otherwise.",
    )


class PublicReportCreated(serializers.Serializer):
    tracking_code = serializers.CharField(
        read_only=True, help_text="Keep it: it is the only way to follow the report."
    )
    status = StateField(
        choices=DifficultyStatus.choices,
        read_only=True,
        help_text="`unconfirmed` until the link mailed to `email` is followed (a phone-only "
        "report until the embassy calls); the same report sent again: its current status.",
    )


class PublicReportAnswer(serializers.Serializer):
    """What a report answers: a new one's code, or none for a report already sent."""

    tracking_code = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Keep it: it is the only way to follow the report. Null when the same "
        "report was already sent: its code is mailed to its address, never given back.",
    )
    status = serializers.CharField(
        read_only=True,
        help_text="`unconfirmed` until the link mailed to `email` is followed (a phone-only "
        "report until the embassy calls); `already_sent` for the same report sent again.",
    )
    detail = serializers.CharField(
        read_only=True,
        required=False,
        help_text="For `already_sent`: where the code went (or that the embassy will call).",
    )


class FeedbackRequest(serializers.Serializer):
    resolved = serializers.BooleanField(help_text="`true`: the answer solved the difficulty.")
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=FEEDBACK_NOTE_MAX_LENGTH,
        help_text="A word on the answer (satisfaction, what is still missing).",
    )


TRACKING_CODE = OpenApiParameter(
    "tracking_code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The report's tracking code (`K7M3Q-9XR4T`; case, spaces and hyphen ignored).",
)


class PublicView(APIView):
    # Anonymous: no credentials read (so no session and no CSRF check), open to all.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def reported(self, request: Request, tracking_code: str) -> Difficulty:
        """The report the code names, once this lookup is counted (404: no such code)."""
        limits.check_lookup_rate(request)
        difficulty = access.by_tracking_code(tracking_code)
        if difficulty is None:
            raise Http404
        return difficulty

    def shown(self, difficulty: Difficulty) -> Response:
        prefetch_related_objects([difficulty.main], "answers")
        return Response(PublicDifficultySerializer(difficulty).data)


class PublicReportView(PublicView):
    @extend_schema(
        operation_id="public_difficulties_create",
        summary="Report a difficulty, without an account",
        description=(
            "Registers nothing yet: the report waits, `unconfirmed`, for the link mailed "
            "to `email` (a phone-only report for the embassy's call). Give an e-mail or a "
            "phone and `consent: true`. The same report sent again within 30 days (same "
            "category, country, description and contact) answers 200 with "
            "`tracking_code: null`, `status: already_sent` and a `detail` sentence: its "
            "code (and its confirmation link while unconfirmed) is mailed to its own "
            "address, and the new pieces are not added. Every call is counted per "
            "address, and the reports that pass validation per address and per e-mail "
            "address: 429, with when to try again, beyond the rates."
        ),
        request=DifficultyReportRequest,
        responses={
            201: PublicReportCreated,
            200: PublicReportAnswer,
            **error_responses(400, 429),
        },
    )
    def post(self, request: Request) -> Response:
        limits.check_attempt_rate(request)
        body = DifficultyReportRequest(data=request.data)
        body.is_valid(raise_exception=True)
        email = str(body.validated_data.get("email") or "")
        difficulty, created = services.difficulty_report(
            fields=dict(body.validated_data),
            by=request.user,
            source=Source.API,
            admit=lambda: limits.check_report_rate(request, email),
        )
        if not created:
            already = {
                "tracking_code": None,
                "status": "already_sent",
                "detail": services.already_sent_sentence(difficulty),
            }
            return Response(PublicReportAnswer(already).data, status=status.HTTP_200_OK)
        return Response(PublicReportCreated(difficulty).data, status=status.HTTP_201_CREATED)


class PublicTrackingView(PublicView):
    @extend_schema(
        operation_id="public_difficulties_retrieve",
        summary="Follow a report by its tracking code",
        description=(
            "The status, the category and the answers: nothing personal. A duplicate "
            "shows the report it was merged into (`merged_into`). 404 for a code that "
            "names no report."
        ),
        parameters=[TRACKING_CODE],
        responses={200: PublicDifficultySerializer, **error_responses(404, 429)},
    )
    def get(self, request: Request, tracking_code: str) -> Response:
        return self.shown(self.reported(request, tracking_code))


def caller(request: Request) -> AnyUser:
    """Who sends the reporter's word, read from a session or a token but never required
    (a bad token counts as none): a signed-in member of the register's staff is refused."""
    user = get_user(request._request)  # the session's (the view reads no credentials)
    if user.is_authenticated:
        return user
    for authentication in APIView.authentication_classes:  # the project's defaults
        try:
            found = authentication().authenticate(request)
        except APIException:
            continue
        if found:
            return found[0]
    return AnonymousUser()


class PublicFeedbackView(PublicView):
    @extend_schema(
        operation_id="public_difficulties_feedback",
        summary="Say whether the answer solved the difficulty",
        description=(
            "Once the report is answered, and once only: `resolved` true or false, with "
            "a `note`. A duplicate's code gives no word (409: the main report's reporter "
            "gives it). 409 when the report is not answered (or the word was already "
            "given); 403 for a signed-in member of the register's staff (focal point, "
            "officer, auditor): only the reporter gives it."
        ),
        parameters=[TRACKING_CODE],
        request=FeedbackRequest,
        responses={200: PublicDifficultySerializer, **error_responses(400, 404, 409, 429)},
    )
    def post(self, request: Request, tracking_code: str) -> Response:
        difficulty = self.reported(request, tracking_code)
        body = FeedbackRequest(data=request.data)
        body.is_valid(raise_exception=True)
        services.give_feedback(
            difficulty=difficulty,
            resolved=body.validated_data["resolved"],
            note=body.validated_data["note"],
            source=Source.API,
            by=caller(request),
        )
        difficulty.refresh_from_db()
        return self.shown(difficulty)

"""The forms of the actions on a proposal's page: its transitions and its attachments."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model

from accounts.roles import Role
from documents.attaching import UploadForm
from processes.forms import TransitionForm
from processes.table import Transition
from workflows import access


def evaluator_choices() -> list[tuple[str, str]]:
    users = (
        get_user_model()
        .objects.filter(groups__name=Role.EVALUATOR, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )
    return [
        (user.get_username(), f"{user.get_full_name() or user.get_username()}") for user in users
    ]


class ProposalTransitionForm(TransitionForm):
    """A proposal transition's form: the evaluators to choose from (the active ones,
    unless the page listed them already), and the largest grant the rules allow as the
    amount's first value."""

    def __init__(
        self,
        row: Transition,
        *args: Any,
        evaluators: list[tuple[str, str]] | None = None,
        headroom: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(row, *args, **kwargs)
        if "evaluators" in self.fields:
            field = cast(forms.MultipleChoiceField, self.fields["evaluators"])
            field.choices = evaluators if evaluators is not None else evaluator_choices()
        if "grant_amount" in self.fields and headroom is not None:
            self.fields["grant_amount"].initial = headroom


class AttachmentForm(UploadForm):
    """The proposal's upload form: the kinds of piece a proposal takes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(access.ATTACHMENT_KINDS, *args, **kwargs)

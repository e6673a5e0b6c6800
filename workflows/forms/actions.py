"""The forms of the actions on a proposal's page: its transitions and its attachments."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from documents.models import attachment_kind_choices
from processes.forms import TransitionForm, blank_first, style
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


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"),
        choices=blank_first(attachment_kind_choices(access.ATTACHMENT_KINDS)),
    )
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choisissez le type de pièce.")
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        style(self, errors=False)

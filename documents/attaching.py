"""The two doors to `documents.attachments.attach`: a page's upload form and the API's
multipart body. Both check who may attach before reading what was sent, and answer
every process's uploads the same way. `UploadForm` is the page's form."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from documents.api import AttachmentSerializer
from documents.attachments import attach, check_may_attach
from documents.models import Attachment, attachment_kind_choices
from processes.forms import add_refusal, blank_first, style
from processes.page_actions import Failed
from processes.transitions import ActionRefused


class UploadForm(forms.Form):
    """A page's upload form: the kind of piece, among the owner's `kinds`, and the file."""

    kind = forms.ChoiceField(label=_("Type de pièce"))
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
        },
    )

    def __init__(self, kinds: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = blank_first(attachment_kind_choices(kinds))  # type: ignore[attr-defined]
        kind.error_messages["required"] = _("Choisissez le type de pièce.")
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        style(self, errors=False)


def attach_from_form(request: Any, owner: models.Model, form: forms.Form) -> Attachment | None:
    """Attach the file of a page's upload form (`kind`, `file`) to `owner`. 403 for whoever
    may attach nothing here; None, with the refusal on the form's fields, when the form
    must be shown again."""
    try:
        check_may_attach(owner=owner, by=request.user, source=Source.WEB)
    except ActionRefused as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    if not form.is_valid():
        return None
    try:
        return attach(
            owner=owner,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
            source=Source.WEB,
        )
    except ActionRefused as refusal:
        add_refusal(form, refusal.fields or {"kind": refusal.messages})
        return None


def attach_from_page(
    request: Any,
    owner: Any,
    kinds: Iterable[str],
    *,
    done: str,
    again: Callable[[Failed], HttpResponse],
) -> HttpResponse:
    """Attach the file of the upload form posted from `owner`'s page: back to its pieces
    with the message `done` (its `%(name)s`, the piece's name); refused, the page again
    through `again(failed)`, the form showing why."""
    form = UploadForm(kinds, request.POST, request.FILES, auto_id="id_upload_%s")
    attachment = attach_from_form(request, owner, form)
    if attachment is not None:
        messages.success(request, done % {"name": attachment.original_name})
        return redirect(owner.get_absolute_url() + "#attachments")
    problem = _("La pièce n'a pas été jointe : voyez le formulaire des pièces.")
    return again(Failed("attachment", form=form, problems=[str(problem)]))


def attach_from_request(
    request: Request, owner: models.Model, body: type[serializers.Serializer]
) -> Response:
    """Attach the file of an API request (`kind`, `file`, checked by `body`) to `owner`
    and answer 201 with the stored piece; who and when are checked before the body."""
    check_may_attach(owner=owner, by=request.user, source=Source.API)
    given = body(data=request.data)
    given.is_valid(raise_exception=True)
    attachment = attach(
        owner=owner,
        kind=given.validated_data["kind"],
        upload=given.validated_data["file"],
        by=request.user,
        source=Source.API,
    )
    data = AttachmentSerializer(attachment, context={"request": request}).data
    return Response(data, status=status.HTTP_201_CREATED)

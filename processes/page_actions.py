"""How every process's page answers an action fired from one of its forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from processes.forms import STALE_MESSAGE, add_refusal
from processes.pages import next_url
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed


class HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


def run_page_action(
    request: HttpRequest,
    obj: HasPage,
    *,
    form: forms.BaseForm,
    fire: Callable[[], Any],
    done: Callable[[Any], str],
    again: Callable[[Sequence[str]], HttpResponse],
    stale: Callable[[InvalidState], HttpResponse] | None = None,
) -> HttpResponse:
    """Fire an action typed in `form` on `obj`'s page, and answer: the next page with
    `done(result)` as its message; 403 with the reason; `obj`'s page with the stale-form
    message when it moved on meanwhile (or `stale(refusal)`); or the page again (400),
    through `again(problems)`, with the refusal put back on the form's fields."""
    if not form.is_valid():
        return again([_("Certaines valeurs saisies ne sont pas valides : voyez le formulaire.")])
    try:
        result = fire()
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        if stale is not None:
            return stale(refusal)
        messages.error(request, STALE_MESSAGE)
        return redirect(obj.get_absolute_url())
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields)
        return again(refusal.messages)
    messages.success(request, done(result))
    return redirect(next_url(request) or obj.get_absolute_url())

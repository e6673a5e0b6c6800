"""A page's write: done, refused by the user's role (403), by the object's state (its page
with the reason) or by its conditions (the form's fields say why)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import RequestFactory

from audit.models import SecurityEvent, SecurityEventKind
from processes.api.history import history_row_serializer
from processes.forms import STALE_MESSAGE
from processes.page_actions import write_from_page
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed, StaleObject


class Thing:
    def get_absolute_url(self) -> str:
        return "/things/1/"


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def _request() -> HttpRequest:
    request = RequestFactory().post("/things/1/notes/", {"note": "x"})
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _form() -> NoteForm:
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    return form


def _raise(error: Exception) -> Any:
    def write() -> Any:
        raise error

    return write


def test_a_write_that_is_done_gives_what_it_returned() -> None:
    written = write_from_page(_request(), Thing(), _form(), lambda: 42)
    assert (written.done, written.value, written.answer) == (True, 42, None)


def test_a_write_the_user_may_not_do_answers_403_with_the_reason() -> None:
    with pytest.raises(PermissionDenied, match="Réservé aux superviseurs"):
        write_from_page(
            _request(), Thing(), _form(), _raise(NotAllowed("Réservé aux superviseurs."))
        )


def test_a_write_its_state_refuses_goes_back_to_the_object_saying_why(db: None) -> None:
    request = _request()
    written = write_from_page(request, Thing(), _form(), _raise(InvalidState("Déjà clôturé.")))
    assert not written.done
    assert written.answer is not None and written.answer["Location"] == "/things/1/"
    assert [str(m) for m in get_messages(request)] == ["Déjà clôturé."]
    # The refusal is a 409 answered by a page: it leaves its security event.
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.CONFLICT)
    assert event.detail == "Déjà clôturé."


def test_a_write_on_an_object_moved_meanwhile_says_so(db: None) -> None:
    request = _request()
    write_from_page(request, Thing(), _form(), _raise(StaleObject()))
    assert [str(m) for m in get_messages(request)] == [str(STALE_MESSAGE)]
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.CONFLICT).count() == 1


def test_unmet_conditions_go_on_the_fields_they_name_and_the_others_on_top() -> None:
    form = _form()
    refusal = ConditionsUnmet(["Trop court.", "Autre chose."], fields={"note": ["Trop court."]})
    written = write_from_page(_request(), Thing(), form, _raise(refusal))
    assert (written.done, written.answer, written.problems) == (
        False,
        None,
        ["Trop court.", "Autre chose."],
    )
    assert form.errors == {"note": ["Trop court."]}

    form = _form()
    write_from_page(_request(), Thing(), form, _raise(ConditionsUnmet(["Autre chose."])))
    assert form.non_field_errors() == ["Autre chose."]


def test_a_listed_refusal_puts_only_the_forms_own_fields_on_the_form() -> None:
    form = _form()
    refusal = ConditionsUnmet(["A", "B"], fields={"note": ["A"], "elsewhere": ["B"]})
    written = write_from_page(_request(), Thing(), form, _raise(refusal), listed=True)
    assert written.problems == ["A", "B"]
    assert form.errors == {"note": ["A"]}


def test_a_two_model_history_row_names_its_object() -> None:
    serializer = history_row_serializer(
        "ThingHistoryRowSerializer", object_type="`thing` or `part`.", object_id="Its id."
    )
    assert serializer.__name__ == "ThingHistoryRowSerializer"
    assert serializer.Meta.fields[-2:] == ["object_type", "object_id"]
    assert serializer().fields["object_type"].help_text == "`thing` or `part`."

"""What every page shares: filters read as a table of lookups, the search box, the filter
form that drops a bad value only, the colours of status badges, the refused form shown
again on its own object, and the transitions a page may fire."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from processes.filters import filter_by, searched
from processes.forms import FilterForm, any_of, one_of, style
from processes.page_actions import Failed, offered_row
from processes.pages import status_classes, url_for_each
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

pytestmark = pytest.mark.django_db

User = get_user_model()


def _people() -> QuerySet[Any]:
    User.objects.create(username="ama", first_name="Ama", last_name="Mensah", is_staff=True)
    User.objects.create(username="kofi", first_name="Kofi", last_name="Mensah Adjei")
    User.objects.create(username="yao", first_name="Yao", last_name="Agbeko")
    return User.objects.filter(username__in=["ama", "kofi", "yao"])


def _names(rows: object) -> list[str]:
    return sorted(user.username for user in rows)  # type: ignore[attr-defined]


def test_a_filter_without_a_value_narrows_nothing() -> None:
    people = _people()
    lookups = {"staff": "is_staff", "name": "last_name"}
    assert _names(filter_by(people, {"staff": True}, lookups)) == ["ama"]
    assert _names(filter_by(people, {"staff": "", "name": None}, lookups)) == [
        "ama",
        "kofi",
        "yao",
    ]


def test_the_search_box_finds_its_text_or_each_of_its_words() -> None:
    users = _people()
    assert _names(searched(users, {"q": " mensah "}, "first_name", "last_name")) == ["ama", "kofi"]
    assert _names(searched(users, {"q": "kofi mensah"}, "first_name", "last_name")) == []
    assert _names(
        searched(users, {"q": "kofi mensah"}, "first_name", "last_name", every_word=True)
    ) == ["kofi"]
    assert _names(searched(users, {"q": ""}, "first_name")) == ["ama", "kofi", "yao"]


class _Filters(FilterForm):
    colour = one_of("Couleur", [("red", "Rouge"), ("blue", "Bleu")], "Toutes les couleurs")


def test_a_bad_filter_value_drops_that_filter_only() -> None:
    form = _Filters({"q": "ama", "colour": "green"})
    assert form.filters() == {"q": "ama"}
    assert next(iter(form.fields["colour"].choices)) == ("", "Toutes les couleurs")  # type: ignore[attr-defined]


class _People(FilterForm):
    person = any_of("Personne", User.objects.order_by("username"), "Tout le monde")
    colour = one_of("Couleur", [("red", "Rouge <vif>")], "Toutes les couleurs")


def test_a_filter_on_objects_takes_only_their_ids_and_keeps_the_chosen_one_selected() -> None:
    _people()
    ama = User.objects.get(username="ama")
    form = _People({"person": str(ama.pk), "colour": "red"})
    assert form.filters() == {"person": str(ama.pk), "colour": "red"}
    assert _People({"person": "999999"}).filters() == {}
    person = str(form["person"])
    assert f'<option value="{ama.pk}" selected>ama</option>' in person
    assert '<option value="">Tout le monde</option>' in person
    assert '<select class="form-select" id="id_person" name="person">' in str(
        style(_People())["person"]
    )
    # Labels are escaped like any text of a page.
    assert '<option value="red" selected>Rouge &lt;vif&gt;</option>' in str(form["colour"])


def test_a_filter_on_objects_shows_a_new_object_at_once() -> None:
    people = _People()
    assert "kofi" not in str(people["person"])
    _people()
    assert "kofi" in str(_People()["person"])
    User.objects.filter(username="kofi").get().delete()
    assert "kofi" not in str(_People()["person"])


def test_a_row_links_to_its_page_with_the_route_reversed_once() -> None:
    assert url_for_each("workflows:proposal_detail")(42) == reverse(
        "workflows:proposal_detail", args=[42]
    )


def test_an_unknown_status_gets_a_light_badge() -> None:
    css = status_classes({"paid": "text-bg-success"})
    assert css("paid") == "text-bg-success"
    assert css("lost") == "text-bg-light border"


def test_a_refused_form_is_shown_again_on_its_own_object_only() -> None:
    failed = Failed("tranche", "pay", 7, form="the typed form")
    assert failed.form_of("tranche", "pay", 7) == "the typed form"
    assert failed.form_of("tranche", "pay", 8) is None
    assert failed.form_of("tranche", "cancel", 7) is None
    assert failed.form_of("proposal", "pay", 7) is None


def test_a_page_fires_only_the_transitions_it_offers() -> None:
    assert offered_row(PROPOSAL_TABLE, P.SUBMIT).label == PROPOSAL_TABLE.label(P.SUBMIT)
    with pytest.raises(Http404):
        offered_row(PROPOSAL_TABLE, P.SEND_TO_COMMITTEE)
    with pytest.raises(Http404):
        offered_row(PROPOSAL_TABLE, "teleport")

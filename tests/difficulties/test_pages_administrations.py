"""The administrations' pages: the officers add and edit them, the auditors read them,
the others are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import HistoryEntry
from difficulties.models import Administration
from tests.cases.pages import persona_client
from tests.difficulties.builders import make_difficulty

LIST = reverse("difficulties:administration_list")


def _edit(administration: Administration) -> str:
    return reverse("difficulties:administration_edit", args=[administration.pk])


def test_the_officer_reads_adds_and_edits_administrations(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "officer")
    page = client.get(LIST)
    assert page.status_code == 200
    assert "Direction générale de la documentation nationale" in page.content.decode()
    assert 'id="id_new_name"' in page.content.decode()

    added = client.post(LIST, {"name": "Direction de la police aux frontières", "code": "paf"})

    administration = Administration.objects.get(code="paf")
    assert added.status_code == 302
    assert administration.active is False  # an unticked box: not proposed
    edited = client.post(
        _edit(administration),
        {"name": "Police aux frontières", "code": "paf", "active": "on"},
    )
    administration.refresh_from_db()
    assert edited.status_code == 302
    assert (administration.name, administration.active) == ("Police aux frontières", True)
    assert HistoryEntry.objects.for_object(administration).filter(action="update").exists()


def test_a_code_taken_or_malformed_is_refused_in_words(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "officer")

    taken = client.post(LIST, {"name": "Autre", "code": "dgdn", "active": "on"})
    malformed = client.post(LIST, {"name": "Autre", "code": "pas un code", "active": "on"})

    assert taken.status_code == 400
    assert taken.context["form"].errors["code"]
    assert malformed.status_code == 400
    assert malformed.context["form"].errors["code"]
    assert not Administration.objects.filter(name="Autre").exists()


def test_a_hidden_administration_is_no_longer_offered(cast: dict[str, Any]) -> None:
    customs = Administration.objects.get(code="douanes")
    persona_client(cast, "officer").post(
        _edit(customs), {"name": customs.name, "code": "douanes", "active": ""}
    )
    difficulty = make_difficulty("reported")

    page = persona_client(cast, "focal_paris").get(
        reverse("difficulties:detail", args=[difficulty.pk])
    )

    assert 'value="douanes"' not in page.content.decode()
    assert 'value="dgdn"' in page.content.decode()


def test_the_auditor_reads_but_does_not_edit(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "auditor")
    dgdn = Administration.objects.get(code="dgdn")

    page = client.get(LIST)

    assert page.status_code == 200
    assert 'id="id_new_name"' not in page.content.decode()
    assert _edit(dgdn) not in page.content.decode()
    assert client.post(LIST, {"name": "X", "code": "x", "active": "on"}).status_code == 403
    assert client.get(_edit(dgdn)).status_code == 403
    assert not Administration.objects.filter(code="x").exists()


@pytest.mark.parametrize("persona", ["focal_paris", "assoc_paris", "expert_paris"])
def test_the_others_are_refused(cast: dict[str, Any], persona: str) -> None:
    client = persona_client(cast, persona)
    dgdn = Administration.objects.get(code="dgdn")
    assert client.get(LIST).status_code == 403
    assert client.get(_edit(dgdn)).status_code == 403


def test_an_unknown_administration_is_not_found(cast: dict[str, Any]) -> None:
    assert (
        persona_client(cast, "officer")
        .get(reverse("difficulties:administration_edit", args=[987654]))
        .status_code
        == 404
    )

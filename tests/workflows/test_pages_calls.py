"""Calls for proposals, edited by the programme officers on their pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from audit.models import HistoryEntry, Source
from tests.workflows.page_helpers import text
from workflows.models import Call, Proposal


def _call_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Appel spécial Savanes",
        "year": "2026",
        "description": "Pour les projets des Savanes.",
        "opens_at": "2026-01-01T00:00",
        "closes_at": "2026-12-31T23:59",
        "envelope": "100 000 000",
        "max_grant": "10 000 000",
        "matching_ratio": "1",
        "max_grant_share": "0,5",
        "min_community_share": "0,1",
        "required_reviews": "2",
        "tranche_plan": "50, 30, 20",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-label": "Pertinence",
        "criteria-0-code": "",
        "criteria-0-weight": "2,5",
        "criteria-1-label": "Budget",
        "criteria-1-code": "budget",
        "criteria-1-weight": "1",
        "criteria-2-label": "",
        "criteria-2-code": "",
        "criteria-2-weight": "",
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_call_with_its_grid(client_for: Any, officer: Any) -> None:
    response = client_for(officer).post(reverse("workflows:call_create"), _call_data())
    call = Call.objects.get(title="Appel spécial Savanes")
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.envelope == 100_000_000 and call.tranche_plan == [50, 30, 20]
    assert str(call.max_grant_share) == "0.500"
    assert [(c.code, c.label, str(c.weight)) for c in call.criteria.all()] == [
        ("pertinence", "Pertinence", "2.50"),
        ("budget", "Budget", "1.00"),
    ]
    row = HistoryEntry.objects.for_object(call).get(action="create")
    assert (row.by, row.source) == (officer, Source.WEB)
    page = text(client_for(officer).get(call.get_absolute_url()))
    assert "100 000 000 FCFA" in page and "Pertinence" in page


def test_a_call_with_bad_rules_is_refused_in_french_and_nothing_is_saved(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).post(
        reverse("workflows:call_create"),
        _call_data(
            tranche_plan="40, 40, 40",
            closes_at="2025-12-31T00:00",
            max_grant="200 000 000",
            max_grant_share="1,5",
            **{"criteria-1-code": "Pas un code"},
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Le code ne prend que des lettres sans accent, chiffres, - et _." in page
    assert 'value="40, 40, 40"' in response.content.decode()
    assert not Call.objects.filter(title="Appel spécial Savanes").exists()
    # Once the grid is right, the model's own rules speak.
    response = client_for(officer).post(
        reverse("workflows:call_create"),
        _call_data(
            tranche_plan="40, 40, 40", closes_at="2025-12-31T00:00", max_grant="200 000 000"
        ),
    )
    page = text(response)
    assert "Les pourcentages des tranches totalisent 120 % au lieu de 100 %." in page
    assert "La clôture doit suivre l'ouverture." in page
    assert "Le plafond par projet dépasse l'enveloppe." in page
    assert not Call.objects.filter(title="Appel spécial Savanes").exists()


def test_a_call_needs_at_least_one_criterion_and_distinct_codes(
    client_for: Any, officer: Any
) -> None:
    client = client_for(officer)
    none = client.post(
        reverse("workflows:call_create"), _call_data(**{"criteria-TOTAL_FORMS": "0"})
    )
    assert "La grille doit compter au moins un critère." in text(none)
    twice = client.post(
        reverse("workflows:call_create"), _call_data(**{"criteria-0-code": "budget"})
    )
    assert "Deux critères ont le même code « budget »." in text(twice)
    assert not Call.objects.filter(title="Appel spécial Savanes").exists()


def test_the_envelope_cannot_go_below_what_is_committed(
    client_for: Any, officer: Any, approved: Proposal, call: Call
) -> None:
    client = client_for(officer)
    form = client.get(reverse("workflows:call_edit", args=[call.pk]))
    assert "Déjà engagé : 8 000 000 FCFA" in text(form)
    response = client.post(
        reverse("workflows:call_edit", args=[call.pk]),
        _call_data(title=call.title, envelope="5 000 000", max_grant="1 000 000"),
    )
    assert response.status_code == 200
    assert "Inférieure au montant déjà engagé." in text(response)
    call.refresh_from_db()
    assert call.envelope == 500_000_000 and call.criteria.count() == 6


def test_an_officer_edits_a_call_and_its_grid(client_for: Any, officer: Any, call: Call) -> None:
    response = client_for(officer).post(
        reverse("workflows:call_edit", args=[call.pk]),
        _call_data(title=call.title, envelope="600 000 000", max_grant="25 000 000"),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.envelope == 600_000_000
    assert [c.code for c in call.criteria.all()] == ["pertinence", "budget"]


def test_the_call_form_shows_the_current_grid(client_for: Any, officer: Any, call: Call) -> None:
    response = client_for(officer).get(reverse("workflows:call_edit", args=[call.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Pertinence au regard des besoins locaux"' in content
    assert 'value="40, 40, 20"' in content
    assert 'value="500 000 000"' in content


def test_others_read_the_calls_but_do_not_edit_them(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    client = client_for(assoc_paris)
    page = client.get(call.get_absolute_url())
    assert page.status_code == 200
    assert "Déposer un projet" in text(page) and "Modifier" not in text(page)
    refused = client.post(reverse("workflows:call_edit", args=[call.pk]), _call_data())
    assert refused.status_code == 403
    assert "Seuls les chargés de programme gèrent les appels à projets." in text(refused)


def test_the_grid_shows_criterion_codes_only_to_those_who_edit_the_call(
    client_for: Any, assoc_paris: Any, officer: Any, call: Call
) -> None:
    criterion = call.criteria.first()
    assert criterion is not None
    shown_to_member = text(client_for(assoc_paris).get(call.get_absolute_url()))
    assert criterion.label in shown_to_member
    assert f"({criterion.code})" not in shown_to_member
    assert f"({criterion.code})" in text(client_for(officer).get(call.get_absolute_url()))


def test_a_call_opening_in_year_one_or_closing_in_a_century_is_refused(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).post(
        reverse("workflows:call_create"),
        _call_data(opens_at="0001-01-01T00:00", closes_at="2126-12-31T23:59"),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Cette date ne peut pas être antérieure au 1 janvier 1900." in page
    assert "Cette date ne peut pas être postérieure au" in page
    assert not Call.objects.filter(title="Appel spécial Savanes").exists()

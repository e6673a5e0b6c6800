"""« Démarches en ligne »: the public reads the active services; officers add, edit
and hide them (through difficulties.services.reference)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import HistoryEntry
from difficulties.models import OnlineService

pytestmark = pytest.mark.django_db

PAGE = reverse("difficulties:online_services")
CREATE = reverse("difficulties:online_service_create")


def edit_url(service: OnlineService) -> str:
    return reverse("difficulties:online_service_edit", args=[service.pk])


def test_anyone_reads_the_active_services(cast: Any, client: Client):
    OnlineService.objects.filter(title="Carte consulaire").update(active=False)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Passeport biométrique" in html
    assert 'href="https://service-public.gouv.tg/" rel="noopener"' in html
    assert "Laissez-passer" in html  # its categories
    assert "Carte consulaire" not in html
    assert "Ajouter" not in html and "Modifier" not in html


@pytest.mark.parametrize("persona", ["focal_paris", "auditor", "assoc_paris"])
def test_only_officers_keep_the_list(cast: Any, client_for: Any, persona: str):
    user = cast["users"][persona]
    assert "Ajouter" not in client_for(user).get(PAGE).content.decode()
    assert client_for(user).get(CREATE).status_code == 403
    service = OnlineService.objects.earliest("pk")
    assert client_for(user).post(edit_url(service), {"title": "X"}).status_code == 403


def test_the_forms_ask_for_an_account(cast: Any, client: Client):
    response = client.get(CREATE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_officers_see_the_hidden_ones_and_add_a_service(cast: Any, client_for: Any, officer: Any):
    OnlineService.objects.filter(title="Carte consulaire").update(active=False)
    html = client_for(officer).get(PAGE).content.decode()
    assert "Carte consulaire" in html and "Masquée" in html
    assert CREATE in html
    assert client_for(officer).get(CREATE).status_code == 200
    response = client_for(officer).post(
        CREATE,
        {
            "title": "Légalisation en ligne",
            "url": "https://legalisation.gouv.tg/",
            "description": "Les actes légalisés sans déplacement.",
            "categories": ["civil_status", "legal"],
            "position": "5",
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    service = OnlineService.objects.get(title="Légalisation en ligne")
    assert service.categories == ["civil_status", "legal"]
    assert HistoryEntry.objects.filter(object_id=service.pk, action="create").exists()
    form = client_for(officer).get(reverse("difficulties:report")).content.decode()
    assert 'data-categories="civil_status legal"' in form


def test_an_officer_edits_and_hides_a_service(cast: Any, client_for: Any, officer: Any):
    service = OnlineService.objects.get(title="Carte consulaire")
    assert client_for(officer).get(edit_url(service)).status_code == 200
    response = client_for(officer).post(
        edit_url(service),
        {"title": "Carte consulaire biométrique", "url": service.url, "position": "1"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.title == "Carte consulaire biométrique" and not service.active
    assert service.categories == []
    assert "Carte consulaire biométrique" not in Client().get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://voyage.gouv.tg/", "https://"),
        ("javascript:alert(1)", "Saisissez une URL valide."),
    ],
)
def test_a_link_must_be_https(cast: Any, client_for: Any, officer: Any, url: str, message: str):
    response = client_for(officer).post(CREATE, {"title": "Lien", "url": url, "position": "0"})
    assert response.status_code == 400
    assert message in response.context["form"].errors["url"][0]
    assert not OnlineService.objects.filter(title="Lien").exists()


def test_an_unknown_category_is_refused(cast: Any, client_for: Any, officer: Any):
    response = client_for(officer).post(
        CREATE,
        {"title": "Lien", "url": "https://a.gouv.tg/", "position": "0", "categories": ["moon"]},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["categories"]


def test_an_unknown_service_is_a_404(cast: Any, client_for: Any, officer: Any):
    response = client_for(officer).get(reverse("difficulties:online_service_edit", args=[99999]))
    assert response.status_code == 404


def test_the_page_reads_in_english(cast: Any, client: Client):
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Online services" in html
    assert "For: Passport, Laissez-passer" in html

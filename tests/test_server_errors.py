import pytest
from django.test import Client
from django.urls import path

from config import urls as project_urls


def explode(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/explode/", explode),
    path("explode/", explode),
    *project_urls.urlpatterns,
]
handler500 = project_urls.handler500


@pytest.fixture
def crashing_client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_crash_in_the_api_answers_json_without_a_trace(db, crashing_client):
    response = crashing_client.get("/api/v1/explode/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Réessayez" in response.json()["detail"]
    assert b"RuntimeError" not in response.content


def test_a_crash_on_a_page_shows_the_plain_error_page(db, crashing_client):
    response = crashing_client.get("/explode/")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert b"boom" not in response.content

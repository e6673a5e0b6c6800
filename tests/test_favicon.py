"""Browsers ask for /favicon.ico whatever the page says: the site answers with its icon."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client


def test_favicon_ico_leads_to_the_site_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")
    # The static files are served by whitenoise (production) or runserver: the file ships.
    found = finders.find("favicon.svg")
    assert found is not None
    with open(found, "rb") as icon:
        assert icon.read().startswith(b"<svg")


def test_every_page_links_its_icon(db):
    page = Client().get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page

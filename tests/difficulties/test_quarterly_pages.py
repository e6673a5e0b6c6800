"""The quarterly reports' pages: officers list and make them, auditors read them, focal
points and others are refused, anonymous visitors go to the login page; a bad year or
quarter is answered 400 in words, a future quarter refused; the report's page shows the
same numbers as its PDF, with the document's download and verification links."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from difficulties.documents import QUARTERLY
from difficulties.models import Difficulty, QuarterlyReport
from documents.models import StoredDocument
from tests.difficulties.builders import make_difficulty
from tests.difficulties.quarterly_builders import QUARTER, START, YEAR, known_quarter

pytestmark = pytest.mark.django_db

LIST = reverse("difficulties:report_list")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def made(cast: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> QuarterlyReport:
    known_quarter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(LIST, {"year": YEAR, "quarter": QUARTER})
    report = QuarterlyReport.objects.get(year=YEAR, quarter=QUARTER)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    return report


def test_an_officer_makes_a_report_and_reads_it_with_its_document(made, officer):
    document = StoredDocument.objects.get(kind=QUARTERLY, object_id=made.pk)
    page = client_for(officer).get(made.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("documents:download", args=[document.pk]) in html
    assert reverse("documents:verify_hash", args=[document.sha256]) in html
    # The same numbers as the PDF: its attached figures.
    assert "&lt;5" in html
    assert ">15<" in html and ">8<" in html
    assert "Kofi" not in html and "kofi.mensah@example.org" not in html
    listing = client_for(officer).get(LIST).content.decode()
    assert made.get_absolute_url() in listing and 'name="year"' in listing


def test_the_page_shows_the_documents_figures_not_todays(made, officer):
    """A report registered in the quarter after the document was made changes nothing on
    the page until the document is made again."""
    Difficulty.objects.filter(pk=make_difficulty(category="visa").pk).update(reported_at=START)
    html = client_for(officer).get(made.get_absolute_url()).content.decode()
    assert ">15<" in html and ">16<" not in html


def test_the_auditor_reads_but_does_not_make(made, auditor):
    client = client_for(auditor)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert made.get_absolute_url() in listing.content.decode()
    assert 'name="year"' not in listing.content.decode()
    assert client.get(made.get_absolute_url()).status_code == 200
    assert client.post(LIST, {"year": YEAR, "quarter": QUARTER}).status_code == 403


def test_a_focal_point_is_refused(made, focal_paris):
    client = client_for(focal_paris)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"year": YEAR, "quarter": QUARTER}).status_code == 403
    assert client.get(made.get_absolute_url()).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(made):
    for url in (LIST, made.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"year": "deux mille", "quarter": "1"}, "L&#x27;année s&#x27;écrit en chiffres"),
        ({"year": "2025", "quarter": "5"}, "Choisissez un trimestre de 1 à 4."),
        ({"year": "", "quarter": "1"}, "Indiquez l&#x27;année du rapport."),
        ({"year": "1999", "quarter": "1"}, "Le registre commence en 2020"),
    ],
)
def test_a_bad_year_or_quarter_is_a_400_in_words(cast, officer, data, words):
    response = client_for(officer).post(LIST, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_a_future_quarter_is_refused(cast, officer):
    later = timezone.localdate() + datetime.timedelta(days=100)
    data = {"year": later.year, "quarter": (later.month - 1) // 3 + 1}
    response = client_for(officer).post(LIST, data)
    assert response.status_code == 400
    assert "Ce trimestre n&#x27;a pas commencé" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_the_list_reads_in_the_same_queries_whatever_its_length(
    made, officer, django_assert_num_queries
):
    """The session, the user, the reports with their makers, their documents: five
    queries, for one report as for three."""
    client = client_for(officer)
    with django_assert_num_queries(5):
        assert client.get(LIST).status_code == 200
    for quarter in (2, 3):
        QuarterlyReport.objects.create(year=YEAR, quarter=quarter, created_by=officer)
    with django_assert_num_queries(5):
        assert client.get(LIST).status_code == 200

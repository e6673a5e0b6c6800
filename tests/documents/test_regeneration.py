"""Regenerating makes a new version; earlier versions stay as they were, downloadable."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from audit.models import HistoryEntry, Outcome
from documents.models import ImmutableDocumentError, StoredDocument


def regenerate(client, kind, owner):
    return client.post(f"/documents/regenerate/{kind}/{owner.pk}/")


def test_an_officer_regenerates_the_agreement_as_version_2_and_version_1_stays(
    agreement, approved, officer, client_for
):
    client = client_for(officer)
    response = regenerate(client, "agreement", approved)
    assert response.status_code == 302
    assert response["Location"] == approved.get_absolute_url()
    versions = StoredDocument.objects.for_owner(approved).order_by("version")
    assert [d.version for d in versions] == [1, 2]
    first, second = versions
    assert first.sha256 == agreement.sha256
    assert second.sha256 != first.sha256
    assert second.verification_code != first.verification_code
    old = client.get(f"/documents/{first.pk}/download/")
    assert hashlib.sha256(b"".join(old.streaming_content)).hexdigest() == agreement.sha256
    rows = HistoryEntry.objects.for_object(approved).filter(action="document")
    assert [r.by for r in rows] == [agreement.created_by, officer]


def test_someone_who_sees_the_proposal_but_may_not_regenerate_gets_403(
    agreement, approved, cast, client_for
):
    for username in ("committee", "assoc_paris", "auditor"):
        assert (
            regenerate(client_for(cast["users"][username]), "agreement", approved).status_code
            == 403
        )
    assert StoredDocument.objects.for_owner(approved).count() == 1
    refusals = HistoryEntry.objects.for_object(approved).filter(
        action="regenerate_document", outcome=Outcome.REFUSED
    )
    assert refusals.count() == 3


def test_someone_who_does_not_see_the_proposal_gets_404(agreement, approved, cast, client_for):
    for username in ("assoc_brussels", "supervisor"):
        assert (
            regenerate(client_for(cast["users"][username]), "agreement", approved).status_code
            == 404
        )
    assert regenerate(client_for(cast["users"]["officer"]), "nonsense", approved).status_code == 404


def test_regeneration_is_a_post(agreement, approved, officer, client_for):
    response = client_for(officer).get(f"/documents/regenerate/agreement/{approved.pk}/")
    assert response.status_code == 405


def test_a_supervisor_regenerates_the_plan_but_a_caseworker_may_not(
    plan, plan_approved, supervisor, caseworker1, client_for
):
    assert (
        regenerate(client_for(caseworker1), "reintegration_plan", plan_approved).status_code == 403
    )
    assert (
        regenerate(client_for(supervisor), "reintegration_plan", plan_approved).status_code == 302
    )
    assert [d.version for d in StoredDocument.objects.for_owner(plan_approved)] == [2, 1]


def test_a_stored_document_is_never_changed_nor_deleted(agreement):
    agreement.reference = "COR-0000-00000"
    with pytest.raises(ImmutableDocumentError):
        agreement.save()
    with pytest.raises(ImmutableDocumentError):
        agreement.delete()
    with pytest.raises(ImmutableDocumentError):
        StoredDocument.objects.filter(pk=agreement.pk).update(reference="x")
    with pytest.raises(ImmutableDocumentError):
        StoredDocument.objects.filter(pk=agreement.pk).delete()


def render_panel(owner, user) -> str:
    request = RequestFactory().get("/projects/")
    request.user = user
    template = Template("{% load document_panels %}{% documents_panel owner %}")
    return template.render(Context({"owner": owner, "request": request}))


def test_the_panel_lists_versions_and_offers_regeneration_to_officers_only(
    agreement, approved, officer, assoc_paris, assoc_brussels
):
    panel = render_panel(approved, officer)
    assert f"/documents/{agreement.pk}/download/" in panel
    assert "Version 1" in panel
    assert f"/documents/regenerate/agreement/{approved.pk}/" in panel
    member_panel = render_panel(approved, assoc_paris)
    assert f"/documents/{agreement.pk}/download/" in member_panel
    assert "/documents/regenerate/" not in member_panel
    assert render_panel(approved, assoc_brussels).strip() == ""


def test_the_panels_button_regenerates_with_csrf_checks_on(agreement, approved, officer):
    """The button of the proposal page's panel, as a browser sends it: its form carries
    the CSRF token (it used to be refused with 403 « CSRF token missing »)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    page = browser.get(approved.get_absolute_url()).content.decode()
    form = re.search(
        r'<form[^>]*action="(/documents/regenerate/[^"]+)"[^>]*>(.*?)</form>', page, re.S
    )
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2))
    assert token is not None

    response = browser.post(form.group(1), {"csrfmiddlewaretoken": token.group(1)})

    assert response.status_code == 302
    assert StoredDocument.objects.filter(object_id=approved.pk, kind="agreement").count() == 2

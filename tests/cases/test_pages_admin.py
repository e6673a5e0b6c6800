"""The cell's admin: the survey's indicators are edited there; cases are only listed,
without their sensitive parts, and opening one is logged like any other read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from cases.models import Case, CaseRead, SurveyIndicator
from tests.cases.builders import case_in
from tests.cases.pages import persona_client, text


def _admin(cast: dict[str, Any]) -> Client:
    return persona_client(cast, "admin")


def test_the_admin_lists_cases_without_their_sensitive_parts(cast: dict[str, Any]) -> None:
    users = cast["users"]
    case = case_in(
        "plan_submitted", caseworker=users["caseworker1"], supervisor=users["supervisor"]
    )
    client = _admin(cast)

    listing = text(client.get(reverse("admin:cases_case_changelist")))
    page = text(client.get(reverse("admin:cases_case_change", args=[case.pk])))

    assert case.reference in listing
    assert case.reference in page
    for secret in ("Besoin médical", "medical", "Blessure à la main", "Cauchemars"):
        assert secret not in listing and secret not in page
    read = CaseRead.objects.get(case=case)
    assert (read.user, read.source) == (cast["users"]["admin"], "admin")


def test_the_admin_cannot_add_change_or_delete_a_case(cast: dict[str, Any]) -> None:
    case = Case.objects.first()
    assert case is not None
    client = _admin(cast)

    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    assert client.get(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("admin:cases_case_change", args=[case.pk]),
        {"status": "closed", "closure_reason": "other"},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status != "closed"


def test_the_admin_edits_an_indicators_weight_but_never_its_code(cast: dict[str, Any]) -> None:
    indicator = SurveyIndicator.objects.get(code="income")
    client = _admin(cast)
    url = reverse("admin:cases_surveyindicator_change", args=[indicator.pk])
    assert 'name="code"' not in text(client.get(url))

    response = client.post(
        url,
        {
            "code": "hacked",
            "dimension": "economic",
            "label_fr": "Revenu suffisant",
            "label_en": "Sufficient income",
            "weight": "3",
            "position": "1",
            "active": "on",
        },
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.weight == Decimal("3")
    assert indicator.code == "income"
    assert (
        client.get(reverse("admin:cases_surveyindicator_delete", args=[indicator.pk])).status_code
        == 403
    )

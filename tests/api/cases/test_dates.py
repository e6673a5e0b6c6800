"""Every day a case takes is plausible: not before 1900 nor the returnee's return,
not in the future when it has happened, not decades ahead when it is planned."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import Source
from cases import services
from cases.models import Case, FollowUp, PlanItem, Referral
from tests.cases.builders import FULL_ANSWERS, add_referral, days

FIRST_DAY = "0001-01-01"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"return_date": FIRST_DAY}, "Cette date ne peut pas être antérieure au 1 janvier 1900."),
        (
            {"birth_year": 1996, "return_date": "1995-06-01"},
            "La date de retour ne peut pas précéder l'année de naissance (1996).",
        ),
    ],
)
def test_an_implausible_return_is_refused_on_its_field(
    api_for: Any, supervisor: Any, intake_body: dict[str, Any], change: Any, message: str
) -> None:
    answer = api_for(supervisor).post("/api/v1/cases/", {**intake_body, **change}, format="json")
    assert (answer.status_code, answer.json()["errors"]["return_date"]) == (400, [message])
    assert not Case.objects.filter(last_name=intake_body["last_name"]).exists()


def test_a_correction_of_the_return_date_is_bounded_too(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    response = api_for(caseworker1).patch(
        f"/api/v1/cases/{case.pk}/", {"return_date": FIRST_DAY}, format="json"
    )
    assert response.status_code == 400
    assert "return_date" in response.json()["errors"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (FIRST_DAY, "Cette date ne peut pas être antérieure au 1 janvier 1900."),
        ("3000-01-01", "Cette date est trop lointaine"),
    ],
)
def test_a_plan_target_far_off_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any, day: str, message: str
) -> None:
    case = case_of("caseworker1", "assessment")
    body = {
        "dimension": "economic",
        "kind": "training",
        "provider": "CFP de Kpalimé",
        "budget": 120_000,
        "target_date": day,
    }
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/plan-items/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["target_date"][0].startswith(message)
    assert not PlanItem.objects.filter(case=case).exists()


def test_a_plan_target_before_the_return_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    body = {"dimension": "economic", "kind": "training", "provider": "CFP", "budget": 1}
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/plan-items/",
        {**body, "target_date": str(case.return_date.replace(year=2000))},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["target_date"][0].startswith(
        "Cette date ne peut pas précéder le retour"
    )


@pytest.mark.parametrize("day", [FIRST_DAY, "9999-12-31"])
def test_a_referral_due_on_an_implausible_day_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any, day: str
) -> None:
    case = case_of("caseworker1", "in_support")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/referrals/",
        {"service": "health", "provider": "CHR", "due_date": day},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"due_date"}
    assert not Referral.objects.filter(case=case).exists()


def test_a_referral_delivered_in_year_one_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    referral = add_referral(case_of("caseworker1", "in_support"), caseworker1)
    services.referral_accept(referral=referral, by=caseworker1, source=Source.WEB)
    response = api_for(caseworker1).post(
        f"/api/v1/referrals/{referral.pk}/transitions/complete/",
        {"outcome": "Soigné", "delivered_on": FIRST_DAY},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["delivered_on"][0].startswith(
        "Cette date ne peut pas précéder le retour"
    )
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (FIRST_DAY, "Cette date ne peut pas être antérieure au 1 janvier 1900."),
        (str(days(-400)), "Cette date ne peut pas précéder le retour"),
        (str(days(1)), "Cette date ne peut pas être dans le futur."),
    ],
)
def test_a_visit_before_the_return_or_in_the_future_is_refused(
    api_for: Any, caseworker1: Any, case_of: Any, day: str, message: str
) -> None:
    case = case_of("caseworker1", "in_support")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"visit_date": day, "answers": FULL_ANSWERS},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["visit_date"][0].startswith(message)
    assert not FollowUp.objects.filter(case=case).exists()

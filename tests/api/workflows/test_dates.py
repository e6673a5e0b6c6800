"""A payment's day is plausible: not in the future, not before the grant was approved
nor before the tranche's request was approved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from workflows.models import Tranche, TrancheStatus

T = TrancheStatus


def pay(client: Any, tranche: Tranche, paid_on: str) -> Any:
    return client.post(
        f"/api/v1/tranches/{tranche.pk}/transitions/pay/",
        {"payment_reference": "VIR-1", "paid_on": paid_on},
        format="json",
    )


@pytest.mark.parametrize("paid_on", ["0001-01-01", "1899-12-31", "2000-01-01"])
def test_a_payment_before_the_approval_is_refused_on_its_date(
    approved_tranche: Tranche, api_for: Any, finance: Any, paid_on: str
) -> None:
    response = pay(api_for(finance), approved_tranche, paid_on)
    assert response.status_code == 400
    [message] = response.json()["errors"]["paid_on"]
    assert message.startswith("Le paiement ne peut pas précéder l'approbation")
    approved_tranche.refresh_from_db()
    assert approved_tranche.status == T.APPROVED and approved_tranche.paid_on is None


def test_a_payment_on_the_day_of_the_approval_is_accepted(
    approved_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    response = pay(api_for(finance), approved_tranche, timezone.localdate().isoformat())
    assert response.status_code == 200, response.content


def test_a_payment_the_day_before_the_tranche_was_approved_is_refused(
    approved_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = pay(api_for(finance), approved_tranche, yesterday.isoformat())
    assert response.status_code == 400
    assert "paid_on" in response.json()["errors"]

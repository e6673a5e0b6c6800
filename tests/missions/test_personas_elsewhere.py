"""The missions' hosts and experts see nothing of the other processes: no proposal, no
case, no referral, no association, and of the expert directory their own profile only
(docs/roles.md, docs/missions.md « Roles »)."""

from __future__ import annotations

from typing import Any

import pytest

from registry.models import Expert

COLLECTIONS = ("proposals", "cases", "referrals", "associations")


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200
    return list(response.json()["results"])


@pytest.mark.parametrize("persona", ["univ_lome", "chr_kara", "expert_paris", "doctor_brussels"])
def test_a_host_or_an_expert_lists_nothing_of_the_other_processes(
    cast: dict[str, Any], api_for: Any, persona: str
) -> None:
    account = cast["users"][persona]
    api = api_for(account)
    for collection in COLLECTIONS:
        assert rows(api.get(f"/api/v1/{collection}/")) == [], collection
    own = list(Expert.objects.filter(user=account).values_list("pk", flat=True))
    assert [row["id"] for row in rows(api.get("/api/v1/experts/"))] == own
    for kind in ("proposals", "associations"):
        answer = api.get(f"/api/v1/exports/{kind}/")
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content).decode().strip().count("\n") == 0, kind
    assert api.get("/api/v1/exports/experts/").status_code == 403

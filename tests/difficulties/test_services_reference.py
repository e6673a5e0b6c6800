"""The administrations and the online services: kept by the officers, checked by the
model, each creation and edit in the history with the fields it changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import HistoryEntry
from difficulties.models import Administration, OnlineService
from difficulties.services.reference import administration_save, online_service_save
from processes.transitions import ConditionsUnmet, NotAllowed

pytestmark = pytest.mark.django_db
WEB = "web"


def history(obj: Any) -> list[HistoryEntry]:
    return list(
        HistoryEntry.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name
        ).order_by("pk")
    )


def test_an_officer_adds_and_edits_an_administration(officer: User) -> None:
    added = administration_save(
        fields={"code": "passeports", "name": "Service des passeports"}, by=officer, source=WEB
    )
    assert added.active
    edited = administration_save(
        added, fields={"name": "Direction des passeports", "active": False}, by=officer, source=WEB
    )
    assert Administration.objects.get(pk=added.pk).name == "Direction des passeports"
    assert not edited.active
    create, update = history(added)
    assert (create.action, update.action) == ("create", "update")
    changes = {c["field"]: (c["from"], c["to"]) for c in update.data["changes"]}
    assert changes == {
        "name": ("Service des passeports", "Direction des passeports"),
        "active": ({"bool": True}, {"bool": False}),
    }


def test_an_edit_changing_nothing_writes_no_history(officer: User) -> None:
    administration = Administration.objects.get(code="dgdn")
    administration_save(
        administration, fields={"name": administration.name}, by=officer, source=WEB
    )
    assert history(administration) == []


def test_an_administration_is_checked(officer: User) -> None:
    with pytest.raises(ConditionsUnmet) as refused:
        administration_save(fields={"code": "dgdn", "name": "Une autre"}, by=officer, source=WEB)
    assert list(refused.value.fields) == ["code"]


@pytest.mark.parametrize("persona", ["focal_paris", "auditor"])
def test_only_officers_keep_the_reference_data(cast: dict[str, Any], persona: str) -> None:
    with pytest.raises(NotAllowed) as refused:
        online_service_save(
            fields={"title": "E-visa", "url": "https://example.org"},
            by=cast["users"][persona],
            source=WEB,
        )
    assert refused.value.detail == "Seuls les chargés de programme tiennent cette liste."


def test_an_officer_adds_and_edits_an_online_service(officer: User) -> None:
    service = online_service_save(
        fields={
            "title": "Passeport en ligne",
            "url": "https://passeport.example.org/",
            "categories": ["passport"],
            "position": 9,
        },
        by=officer,
        source=WEB,
    )
    assert service.category_labels() == ["Passeport"]
    online_service_save(service, fields={"active": False}, by=officer, source=WEB)
    assert not OnlineService.objects.get(pk=service.pk).active
    assert [row.action for row in history(service)] == ["create", "update"]
    with pytest.raises(ConditionsUnmet) as refused:
        online_service_save(
            service,
            fields={"url": "pas un lien", "categories": ["inconnue"]},
            by=officer,
            source=WEB,
        )
    assert set(refused.value.fields) == {"url", "categories"}
    assert OnlineService.objects.get(pk=service.pk).url == "https://passeport.example.org/"

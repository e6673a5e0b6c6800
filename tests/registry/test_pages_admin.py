"""The Django admin of the registry: writes go through the services, status included."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from audit.models import HistoryEntry, Outcome, Source
from registry.models import Association, AssociationStatus, Embassy, Expert, Prefecture, Region

CHANGELIST = "admin:registry_association_changelist"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_admin_verify_action_goes_through_the_service(
    client_for: Any, admin_user: Any, pending_paris_association: Association
) -> None:
    response = client_for(admin_user).post(
        reverse(CHANGELIST),
        {"action": "verify_selected", "_selected_action": [pending_paris_association.pk]},
        follow=True,
    )
    assert "1 association vérifiée." in _text(response)
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.VERIFIED
    row = HistoryEntry.objects.for_object(pending_paris_association).get(action="verify")
    assert (row.by, row.source, row.outcome) == (admin_user, Source.ADMIN, Outcome.DONE)


def test_the_admin_verify_action_shows_why_an_association_was_not_verified(
    client_for: Any, admin_user: Any, paris_association: Association
) -> None:
    response = client_for(admin_user).post(
        reverse(CHANGELIST),
        {"action": "verify_selected", "_selected_action": [paris_association.pk]},
        follow=True,
    )
    assert "impossible dans l'état « Vérifiée »" in _text(response)
    refusal = (
        HistoryEntry.objects.for_object(paris_association)
        .exclude(source=Source.COMMAND)
        .get(action="verify")
    )
    assert (refusal.outcome, refusal.source) == (Outcome.REFUSED, Source.ADMIN)


def test_the_admin_reject_action_asks_for_a_reason_then_rejects(
    client_for: Any, admin_user: Any, pending_brussels_association: Association
) -> None:
    client = client_for(admin_user)
    selection = {"action": "reject_selected", "_selected_action": [pending_brussels_association.pk]}

    asked = client.post(reverse(CHANGELIST), selection)
    assert asked.status_code == 200
    assert "Motif du rejet" in _text(asked)

    without_reason = client.post(reverse(CHANGELIST), {**selection, "apply": "1", "comment": ""})
    assert without_reason.status_code == 200
    assert "Ce champ est obligatoire." in _text(without_reason)
    pending_brussels_association.refresh_from_db()
    assert pending_brussels_association.status == AssociationStatus.PENDING

    client.post(reverse(CHANGELIST), {**selection, "apply": "1", "comment": "Adresse inconnue."})
    pending_brussels_association.refresh_from_db()
    assert pending_brussels_association.status == AssociationStatus.REJECTED
    assert pending_brussels_association.status_comment == "Adresse inconnue."
    row = HistoryEntry.objects.for_object(pending_brussels_association).get(
        action="reject", outcome=Outcome.DONE
    )
    assert row.source == Source.ADMIN


def _admin_association_data(embassy: Embassy, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Cercle des Originaires de Sokodé à Porto",
        "acronym": "COSP",
        "country": "PT",
        "city": "Porto",
        "embassy": str(embassy.pk),
        "founded_year": "2012",
        "members_count": "60",
        "sectors": ["education"],
        "home_region": str(Region.objects.get(code="centrale").pk),
        "home_prefecture": str(Prefecture.objects.get(code="tchaoudjo").pk),
        "contact_name": "Fati Ouro",
        "contact_email": "cosp@example.org",
        "contact_phone": "",
        "description": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_an_association_added_in_the_admin_is_created_by_the_service(
    client_for: Any, admin_user: Any, paris_embassy: Embassy
) -> None:
    response = client_for(admin_user).post(
        reverse("admin:registry_association_add"), _admin_association_data(paris_embassy)
    )
    assert response.status_code == 302
    association = Association.objects.get(acronym="COSP")
    assert association.status == AssociationStatus.PENDING
    assert association.created_by == admin_user
    assert list(association.sectors.values_list("code", flat=True)) == ["education"]
    assert HistoryEntry.objects.for_object(association).get(action="create").source == Source.ADMIN


def test_an_association_changed_in_the_admin_keeps_its_status_and_leaves_a_history_row(
    client_for: Any, admin_user: Any, paris_embassy: Embassy, pending_paris_association: Association
) -> None:
    data = _admin_association_data(
        paris_embassy,
        name=pending_paris_association.name,
        acronym="AOKL",
        country="FR",
        city="Villeurbanne",
        status="verified",
    )
    response = client_for(admin_user).post(
        reverse("admin:registry_association_change", args=[pending_paris_association.pk]), data
    )
    assert response.status_code == 302
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.city == "Villeurbanne"
    assert pending_paris_association.status == AssociationStatus.PENDING
    row = HistoryEntry.objects.for_object(pending_paris_association).get(action="update")
    assert (row.by, row.source) == (admin_user, Source.ADMIN)


@pytest.mark.parametrize(
    "model",
    [
        "region",
        "prefecture",
        "sectorchoice",
        "competencedomain",
        "embassy",
        "association",
        "membership",
        "expert",
        "importbatch",
    ],
)
def test_every_registry_model_has_an_admin_page(
    client_for: Any, admin_user: Any, model: str
) -> None:
    client = client_for(admin_user)
    assert client.get(reverse(f"admin:registry_{model}_changelist")).status_code == 200


def test_the_embassy_admin_edits_its_jurisdictions_inline(
    client_for: Any, admin_user: Any, paris_embassy: Embassy
) -> None:
    page = _text(
        client_for(admin_user).get(
            reverse("admin:registry_embassy_change", args=[paris_embassy.pk])
        )
    )
    assert "jurisdictions-TOTAL_FORMS" in page


def test_import_batches_are_read_only_in_the_admin(client_for: Any, admin_user: Any) -> None:
    response = client_for(admin_user).get(reverse("admin:registry_importbatch_add"))
    assert response.status_code == 403


def test_an_expert_changed_in_the_admin_leaves_a_history_row(
    client_for: Any, admin_user: Any, paris_embassy: Embassy
) -> None:
    expert = Expert.objects.get(last_name="Amedome")
    data = {
        "first_name": expert.first_name,
        "last_name": expert.last_name,
        "email": expert.email,
        "phone": "",
        "country": "FR",
        "city": "Versailles",
        "embassy": str(paris_embassy.pk),
        "profession": expert.profession,
        "education_level": expert.education_level,
        "education_field": expert.education_field,
        "competences": [str(pk) for pk in expert.competences.values_list("pk", flat=True)],
        "languages": '["fr", "ee"]',
        "available_medical": "on",
        "home_region": "",
        "consent_listed": "on",
        "user": "",
    }
    response = client_for(admin_user).post(
        reverse("admin:registry_expert_change", args=[expert.pk]), data
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.city == "Versailles"
    row = HistoryEntry.objects.for_object(expert).get(action="update")
    assert (row.by, row.source) == (admin_user, Source.ADMIN)


def test_a_member_added_in_the_admin_is_added_by_the_service(
    client_for: Any, admin_user: Any, cast: dict[str, Any], pending_paris_association: Association
) -> None:
    member = cast["users"]["assoc_brussels"]
    response = client_for(admin_user).post(
        reverse("admin:registry_membership_add"),
        {
            "user": str(member.pk),
            "association": str(pending_paris_association.pk),
            "role": "representative",
        },
    )
    assert response.status_code == 302
    assert pending_paris_association.members.filter(pk=member.pk).exists()
    row = HistoryEntry.objects.for_object(pending_paris_association).get(action="add_member")
    assert (row.by, row.source) == (admin_user, Source.ADMIN)


def test_an_association_with_its_history_cannot_be_deleted_in_the_admin(
    client_for: Any, admin_user: Any, paris_association: Association
) -> None:
    url = reverse("admin:registry_association_delete", args=[paris_association.pk])
    assert client_for(admin_user).post(url, {"post": "yes"}).status_code == 403
    assert Association.objects.filter(pk=paris_association.pk).exists()

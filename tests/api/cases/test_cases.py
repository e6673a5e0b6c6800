"""The case endpoints: intake, lists and filters, corrections, transitions, transfer,
history, and the sensitive parts left out for whoever may not see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from audit.labels import describe
from audit.models import HistoryEntry, Outcome
from cases import access
from cases.models import Case, CaseRead
from registry.models import Prefecture, Region
from tests.cases.builders import add_referral, days


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# --- Intake -------------------------------------------------------------------


def test_a_caseworkers_intake_is_its_own_case_with_the_consent_recorded(
    api_for: Any, caseworker1: Any, intake_body: dict[str, Any]
) -> None:
    response = api_for(caseworker1).post("/api/v1/cases/", intake_body, format="json")
    assert response.status_code == 201
    data = response.json()
    case = Case.objects.get(pk=data["id"])
    assert data["reference"] == case.reference
    assert (data["status"], data["caseworker"]) == ("registered", "caseworker1")
    assert data["consent_recorded_by"] == "caseworker1"
    assert data["consent_recorded_at"] is not None
    assert (data["region"], data["prefecture"], data["returned_from"]) == ("maritime", "zio", "LY")
    assert data["vulnerabilities"] == ["gbv_survivor"]
    assert data["assessment"]["complete"] is False
    history = HistoryEntry.objects.for_object(case)
    assert set(history.values_list("source", flat=True)) == {"api"}


def test_a_supervisor_registers_a_case_for_a_caseworker_or_for_nobody_yet(
    api_for: Any, supervisor: Any, intake_body: dict[str, Any]
) -> None:
    client = api_for(supervisor)
    assigned = client.post(
        "/api/v1/cases/", {**intake_body, "caseworker": "caseworker2"}, format="json"
    )
    assert assigned.json()["caseworker"] == "caseworker2"
    waiting = client.post("/api/v1/cases/", intake_body, format="json")
    assert waiting.status_code == 201
    assert waiting.json()["caseworker"] is None


def test_a_caseworker_may_not_register_a_case_for_someone_else(
    api_for: Any, caseworker1: Any, intake_body: dict[str, Any]
) -> None:
    response = api_for(caseworker1).post(
        "/api/v1/cases/", {**intake_body, "caseworker": "caseworker2"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Seul un superviseur confie un dossier à un autre travailleur social."
    )
    assert not Case.objects.filter(last_name="Amouzou").exists()


def test_a_case_is_given_only_to_an_active_caseworker(
    api_for: Any, supervisor: Any, intake_body: dict[str, Any]
) -> None:
    response = api_for(supervisor).post(
        "/api/v1/cases/", {**intake_body, "caseworker": "officer"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["caseworker"] == [
        "« officer » n'est pas un travailleur social actif de la cellule."
    ]
    assert not Case.objects.filter(last_name="Amouzou").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("return_date", str(days(2)), "Cette date ne peut pas être dans le futur."),
        (
            "birth_year",
            1850,
            f"L'année de naissance doit être comprise entre 1900 et {timezone.localdate().year}.",
        ),
        ("vulnerabilities", ["minor", "werewolf"], "Vulnérabilité inconnue : werewolf."),
        ("region", "atlantide", "Région inconnue : « atlantide »."),
        ("prefecture", "golfe", "La préfecture Golfe n'est pas dans la région Maritime."),
        (
            "returned_from",
            "XX",
            "« XX » n'est pas un code de pays ISO 3166-1 (deux lettres, ex. FR).",
        ),
        # DRF's own French puts non-breaking spaces inside the quotes.
        ("sex", "X", "«\u00a0X\u00a0» n'est pas un choix valide."),
        ("return_type", "teleported", "«\u00a0teleported\u00a0» n'est pas un choix valide."),
    ],
)
def test_impossible_intake_values_are_named_on_their_field_in_french_and_nothing_is_saved(
    api_for: Any,
    caseworker1: Any,
    intake_body: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    rows = HistoryEntry.objects.count()
    response = api_for(caseworker1).post(
        "/api/v1/cases/", {**intake_body, field: value}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not Case.objects.filter(last_name="Amouzou").exists()
    assert HistoryEntry.objects.count() == rows


def test_every_missing_intake_field_is_named(api_for: Any, caseworker1: Any, cast: Any) -> None:
    response = api_for(caseworker1).post("/api/v1/cases/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "first_name",
        "last_name",
        "sex",
        "birth_year",
        "return_date",
        "returned_from",
        "return_type",
        "region",
    }
    assert response.json()["errors"]["first_name"] == ["Ce champ est obligatoire."]


def test_someone_outside_the_cell_is_refused_before_the_form_is_checked(
    api_for: Any, committee: Any
) -> None:
    response = api_for(committee).post("/api/v1/cases/", {}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Seule la cellule enregistre les migrants de retour."}


# --- Lists --------------------------------------------------------------------


def test_the_list_is_filtered_by_status_region_caseworker_and_overdue_referrals(
    api_for: Any, supervisor: Any, caseworker1: Any, case_of: Any
) -> None:
    registered = case_of("caseworker1")
    late = case_of("caseworker1", "in_support")
    add_referral(late, caseworker1, due_date=days(-2))
    elsewhere = case_of(
        "caseworker2",
        region=Region.objects.get(code="kara"),
        prefecture=Prefecture.objects.get(code="kozah"),
    )
    waiting = case_of("unassigned")
    client = api_for(supervisor)
    mine = {registered.pk, late.pk, elsewhere.pk, waiting.pk}
    assert _ids(client.get("/api/v1/cases/", {"status": "in_support"})) & mine == {late.pk}
    assert _ids(client.get("/api/v1/cases/", {"region": "kara"})) & mine == {elsewhere.pk}
    assert _ids(client.get("/api/v1/cases/", {"caseworker": "caseworker1"})) & mine == {
        registered.pk,
        late.pk,
    }
    assert _ids(client.get("/api/v1/cases/", {"caseworker": "none"})) & mine == {waiting.pk}
    overdue = client.get("/api/v1/cases/", {"overdue": "true"})
    assert _ids(overdue) & mine == {late.pk}
    row = next(r for r in overdue.json()["results"] if r["id"] == late.pk)
    assert row["overdue_referrals"] == 1
    assert _ids(client.get("/api/v1/cases/", {"status": "", "region": ""})) >= mine


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "lost"}, "status"), ({"region": "atlantide"}, "region")],
)
def test_a_filter_with_an_unknown_value_is_a_field_error(
    api_for: Any, supervisor: Any, params: dict[str, str], field: str
) -> None:
    response = api_for(supervisor).get("/api/v1/cases/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_list_is_paged_with_a_next_link_and_no_count(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    made = {case_of("caseworker1").pk for _n in range(3)}
    client = api_for(caseworker1)
    first = client.get("/api/v1/cases/", {"page_size": 2})
    assert set(first.json()) == {"results", "next"}
    assert len(first.json()["results"]) == 2
    seen = _ids(first)
    following = first.json()["next"]
    while following:
        page = client.get(following)
        seen |= _ids(page)
        following = page.json()["next"]
    assert made <= seen
    assert seen == set(access.cases_visible_to(caseworker1).values_list("pk", flat=True))


def test_a_caseworkers_list_holds_its_own_cases_only(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    own, other = case_of("caseworker1"), case_of("caseworker2")
    listed = _ids(api_for(caseworker1).get("/api/v1/cases/", {"page_size": 200}))
    assert own.pk in listed
    assert other.pk not in listed
    assert _ids(api_for(caseworker1).get("/api/v1/cases/", {"caseworker": "caseworker2"})) == set()


# --- One case -------------------------------------------------------------------


def test_each_opening_of_a_case_leaves_a_read_row(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    api_for(caseworker1).get(f"/api/v1/cases/{case.pk}/")
    api_for(caseworker1).get(f"/api/v1/cases/{case.pk}/")
    api_for(supervisor).get(f"/api/v1/cases/{case.pk}/")
    api_for(caseworker1).get("/api/v1/cases/")
    reads = CaseRead.objects.filter(case=case).order_by("at", "pk")
    assert [(r.user.username, r.source) for r in reads] == [
        ("caseworker1", "api"),
        ("caseworker1", "api"),
        ("supervisor", "api"),
    ]


def test_a_committee_member_asking_for_a_case_gets_not_found(
    api_for: Any, committee: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    response = api_for(committee).get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
    for path in ("transitions/", "history/", "documents/"):
        assert api_for(committee).get(f"/api/v1/cases/{case.pk}/{path}").status_code == 404


def test_a_case_that_does_not_exist_is_not_found_like_one_out_of_sight(
    api_for: Any, supervisor: Any, cast: Any
) -> None:
    assert api_for(supervisor).get("/api/v1/cases/999999/").status_code == 404


SENSITIVE_CASE = {"vulnerabilities", "health_notes"}
SENSITIVE_ASSESSMENT = {"psychosocial_notes", "psychosocial_answers"}


@pytest.fixture
def sensitive_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone who sees a case but not its sensitive parts. No role is like that today;
    the answers must still obey the rule the day one is."""
    monkeypatch.setattr(access, "sees_sensitive", lambda user, case: False)


def test_the_sensitive_parts_are_left_out_not_blanked(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any, sensitive_hidden: None
) -> None:
    case = case_of("caseworker1", "assessment")
    client = api_for(caseworker1)
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert SENSITIVE_CASE.isdisjoint(detail)
    assert SENSITIVE_ASSESSMENT.isdisjoint(detail["assessment"])
    assert {"first_name", "immediate_needs"} <= set(detail)
    assert "economic_notes" in detail["assessment"]
    rows = client.get("/api/v1/cases/").json()["results"]
    assert rows
    assert all(SENSITIVE_CASE.isdisjoint(row) for row in rows)
    saved = client.put(
        f"/api/v1/cases/{case.pk}/assessment/", {"skills": "Soudure"}, format="json"
    ).json()
    assert SENSITIVE_ASSESSMENT.isdisjoint(saved)
    patched = client.patch(f"/api/v1/cases/{case.pk}/", {"phone": "1"}, format="json").json()
    assert SENSITIVE_CASE.isdisjoint(patched)
    moved = api_for(supervisor).post(
        f"/api/v1/cases/{case.pk}/transfer/", {"caseworker": "caseworker2"}, format="json"
    )
    assert SENSITIVE_CASE.isdisjoint(moved.json())


def test_the_sensitive_parts_are_shown_to_the_caseworker_and_the_supervisor(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "plan_submitted")
    for user in (caseworker1, supervisor):
        detail = api_for(user).get(f"/api/v1/cases/{case.pk}/").json()
        assert detail["vulnerabilities"] == ["medical"]
        assert detail["health_notes"] == "Blessure à la main mal soignée."
        assert detail["assessment"]["psychosocial_notes"] == (
            "Cauchemars fréquents depuis la traversée."
        )
        assert detail["assessment"]["psychosocial_answers"] == {"sleep": "poor"}


# --- Corrections ----------------------------------------------------------------


def test_the_caseworker_corrects_the_intake(api_for: Any, caseworker1: Any, case_of: Any) -> None:
    case = case_of("caseworker1")
    response = api_for(caseworker1).patch(
        f"/api/v1/cases/{case.pk}/",
        {"phone": "+228 91 23 45 67", "vulnerabilities": ["medical", "disability"]},
        format="json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.phone == "+228 91 23 45 67"
    assert case.vulnerabilities == ["medical", "disability"]
    assert response.json()["vulnerabilities"] == ["medical", "disability"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"caseworker": "caseworker2"}, "caseworker"),
        ({"consent_given": False}, "consent_given"),
        ({"birth_year": 1850}, "birth_year"),
        ({"return_date": str(days(1))}, "return_date"),
        ({"prefecture": "golfe"}, "prefecture"),
    ],
)
def test_a_wrong_correction_is_named_on_its_field_and_changes_nothing(
    api_for: Any, caseworker1: Any, case_of: Any, body: dict[str, Any], field: str
) -> None:
    case = case_of("caseworker1")
    before = Case.objects.filter(pk=case.pk).values().get()
    response = api_for(caseworker1).patch(f"/api/v1/cases/{case.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Case.objects.filter(pk=case.pk).values().get() == before


def test_a_correction_from_a_stale_page_is_a_conflict(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    response = api_for(caseworker1).patch(
        f"/api/v1/cases/{case.pk}/", {"phone": "1", "expected_state": "registered"}, format="json"
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.phone != "1"


def test_the_case_itself_is_not_replaced_by_put(
    api_for: Any, caseworker1: Any, case_of: Any, intake_body: dict[str, Any]
) -> None:
    case = case_of("caseworker1")
    response = api_for(caseworker1).put(f"/api/v1/cases/{case.pk}/", intake_body, format="json")
    assert response.status_code == 405


# --- Transitions ----------------------------------------------------------------


def test_the_transitions_offered_depend_on_who_asks(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    worker = api_for(caseworker1).get(f"/api/v1/cases/{case.pk}/transitions/").json()
    assert worker == [
        {"name": "start_follow_up", "label": "Passer en suivi", "inputs": ["comment"]},
        {
            "name": "request_closure",
            "label": "Demander la clôture",
            "inputs": ["reason", "comment"],
        },
    ]
    assert api_for(supervisor).get(f"/api/v1/cases/{case.pk}/transitions/").json() == []


def test_a_transition_from_the_wrong_state_is_a_conflict_and_is_recorded(
    api_for: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    response = api_for(supervisor).post(f"/api/v1/cases/{case.pk}/transitions/approve_plan/", {})
    assert response.status_code == 409
    assert "Enregistré" in response.json()["detail"]
    row = HistoryEntry.objects.for_object(case).latest("id")
    assert (row.action, row.outcome, row.source) == ("approve_plan", Outcome.REFUSED, "api")


def test_a_transition_on_a_case_that_moved_meanwhile_is_a_conflict(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/transitions/request_closure/",
        {"reason": "plan_achieved", "expected_state": "follow_up"},
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == "in_support"


def test_an_unknown_transition_is_not_found(api_for: Any, caseworker1: Any, case_of: Any) -> None:
    case = case_of("caseworker1")
    response = api_for(caseworker1).post(f"/api/v1/cases/{case.pk}/transitions/teleport/", {})
    assert response.status_code == 404
    assert response.json()["detail"] == "Action inconnue : « teleport »."


def test_an_expected_state_that_is_no_status_is_a_field_error(
    api_for: Any, caseworker1: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    response = api_for(caseworker1).post(
        f"/api/v1/cases/{case.pk}/transitions/start_assessment/", {"expected_state": "limbo"}
    )
    assert response.status_code == 400
    assert "expected_state" in response.json()["errors"]


# --- Transfer -------------------------------------------------------------------


def test_a_transfer_needs_a_caseworker_of_the_cell(
    api_for: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1")
    client = api_for(supervisor)
    missing = client.post(f"/api/v1/cases/{case.pk}/transfer/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["caseworker"] == ["Ce champ est obligatoire."]
    wrong = client.post(
        f"/api/v1/cases/{case.pk}/transfer/", {"caseworker": "committee"}, format="json"
    )
    assert wrong.status_code == 400
    assert "caseworker" in wrong.json()["errors"]
    case.refresh_from_db()
    assert case.caseworker.username == "caseworker1"


def test_an_unassigned_case_is_assigned_through_the_transfer(
    api_for: Any, supervisor: Any, caseworker2: Any, case_of: Any
) -> None:
    case = case_of("unassigned")
    response = api_for(supervisor).post(
        f"/api/v1/cases/{case.pk}/transfer/", {"caseworker": "caseworker2"}, format="json"
    )
    assert response.json()["caseworker"] == "caseworker2"
    assert case.pk in _ids(api_for(caseworker2).get("/api/v1/cases/", {"page_size": 200}))
    row = HistoryEntry.objects.for_object(case).latest("id")
    assert (row.action, describe(row), row.source) == ("assign", "Edem Kouassi", "api")


# --- History ------------------------------------------------------------------


def test_the_history_holds_the_cases_rows_and_its_referrals(
    api_for: Any, caseworker1: Any, supervisor: Any, case_of: Any
) -> None:
    case = case_of("caseworker1", "in_support")
    referral = add_referral(case, caseworker1)
    api_for(supervisor).post(f"/api/v1/referrals/{referral.pk}/transitions/accept/", {})
    rows = api_for(supervisor).get(f"/api/v1/cases/{case.pk}/history/").json()
    assert rows[0]["transition"] == "create"
    assert {"transition", "source", "target", "by", "at", "comment"} <= set(rows[0])
    referral_rows = [
        (r["transition"], r["outcome"], r["by"]) for r in rows if r["object_type"] == "referral"
    ]
    assert referral_rows == [("send", "done", "caseworker1"), ("accept", "refused", "supervisor")]
    approval = next(r for r in rows if r["transition"] == "approve_plan")
    assert (approval["source"], approval["target"], approval["by"]) == (
        "plan_submitted",
        "in_support",
        "supervisor",
    )

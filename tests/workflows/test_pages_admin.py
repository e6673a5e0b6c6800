"""The admin of the co-realisation programme goes through the services, like the pages."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role, forget_roles
from audit.models import HistoryEntry, Outcome, Source
from workflows.models import Call, Proposal, ProposalStatus

CHANGELIST = "admin:workflows_proposal_changelist"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def admin_officer(admin_user: Any) -> Any:
    """The superuser, also holding the programme officer's role (acting rights come from
    roles, not from being a superuser)."""
    admin_user.groups.add(Group.objects.get(name=Role.PROGRAMME_OFFICER))
    forget_roles(admin_user)
    return admin_user


def _call_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Appel spécial Savanes",
        "year": "2026",
        "description": "",
        "opens_at_0": "01/01/2026",
        "opens_at_1": "00:00:00",
        "closes_at_0": "31/12/2026",
        "closes_at_1": "23:59:00",
        "envelope": "100000000",
        "max_grant": "10000000",
        "matching_ratio": "1",
        "max_grant_share": "0.5",
        "min_community_share": "0.1",
        "required_reviews": "2",
        "tranche_plan": "[50, 50]",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-position": "1",
        "criteria-0-code": "impact",
        "criteria-0-label": "Impact",
        "criteria-0-weight": "2",
        "criteria-1-position": "0",
        "criteria-1-code": "budget",
        "criteria-1-label": "Budget",
        "criteria-1-weight": "1",
    }
    data.update(overrides)
    return data


def test_a_call_created_in_the_admin_is_saved_by_the_service_with_its_grid(
    client_for: Any, admin_user: Any
) -> None:
    response = client_for(admin_user).post(reverse("admin:workflows_call_add"), _call_data())
    assert response.status_code == 302, _text(response)
    call = Call.objects.get(title="Appel spécial Savanes")
    assert [(c.code, c.position) for c in call.criteria.all()] == [("budget", 0), ("impact", 1)]
    row = HistoryEntry.objects.for_object(call).get(action="create")
    assert (row.by, row.source) == (admin_user, Source.ADMIN)


def test_the_admin_refuses_an_envelope_below_what_is_committed(
    client_for: Any, admin_user: Any, approved: Proposal, call: Call
) -> None:
    response = client_for(admin_user).post(
        reverse("admin:workflows_call_change", args=[call.pk]),
        _call_data(title=call.title, envelope="1000000", **{"criteria-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "L'enveloppe ne peut pas descendre sous le montant déjà engagé (8 000 000 FCFA)." in (
        _text(response)
    )
    assert Call.objects.get(pk=call.pk).envelope == 500_000_000


def test_an_admin_action_fires_the_transition_through_the_service(
    client_for: Any, admin_officer: Any, submitted: Proposal
) -> None:
    client = client_for(admin_officer)
    selection = {"action": "fire_return_for_completion", "_selected_action": [submitted.pk]}
    asked = client.post(reverse(CHANGELIST), selection)
    assert asked.status_code == 200
    assert "Ce qu'il faut compléter" in _text(asked)

    done = client.post(
        reverse(CHANGELIST),
        {**selection, "apply": "1", "comment": "Joignez le devis du forage."},
        follow=True,
    )
    assert "« Renvoyer pour complément » : 1 projet traité." in _text(done)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.RETURNED
    row = HistoryEntry.objects.for_object(submitted).get(action="return_for_completion")
    assert (row.by, row.source, row.outcome) == (admin_officer, Source.ADMIN, Outcome.DONE)
    assert row.comment == "Joignez le devis du forage."


def test_an_admin_action_shows_each_refusal_with_its_reason(
    client_for: Any, admin_officer: Any, submitted: Proposal, draft: Proposal
) -> None:
    response = client_for(admin_officer).post(
        reverse(CHANGELIST),
        {
            "action": "fire_declare_admissible",
            "_selected_action": [submitted.pk],
            "apply": "1",
            "evaluators": ["evaluator1"],
        },
        follow=True,
    )
    assert f"{submitted.reference} : Désignez au moins 2 évaluateurs (1 désigné(s))." in _text(
        response
    )
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED
    refusal = HistoryEntry.objects.for_object(submitted).get(action="declare_admissible")
    assert (refusal.outcome, refusal.source) == (Outcome.REFUSED, Source.ADMIN)


def test_an_admin_without_the_committee_role_cannot_approve(
    client_for: Any, admin_officer: Any, in_committee: Proposal
) -> None:
    response = client_for(admin_officer).post(
        reverse(CHANGELIST),
        {
            "action": "fire_approve",
            "_selected_action": [in_committee.pk],
            "apply": "1",
            "grant_amount": "8 000 000",
        },
        follow=True,
    )
    assert "Seul un membre du comité peut faire cela." in _text(response)
    in_committee.refresh_from_db()
    assert in_committee.status == ProposalStatus.IN_COMMITTEE


def test_a_proposal_is_read_only_in_the_admin(
    client_for: Any, admin_user: Any, submitted: Proposal
) -> None:
    client = client_for(admin_user)
    page = client.get(reverse("admin:workflows_proposal_change", args=[submitted.pk]))
    assert page.status_code == 200
    assert "Forage et pompe solaire" in _text(page)  # the budget lines inline
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:workflows_proposal_add")).status_code == 403

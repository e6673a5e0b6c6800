"""Who sees and works which returnee case: cases.access as a matrix.

Three cases: one assigned to caseworker1, one to caseworker2, one not assigned yet.
One row per (persona, case), one test per column.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cases import access
from cases.models import Case, Referral
from tests.cases.builders import add_referral, case_in, new_case
from tests.factories import UserFactory

PERSONAS = [
    "caseworker1",
    "caseworker2",
    "supervisor",
    "officer",
    "assoc_paris",
    "committee",
    "finance",
    "evaluator1",
    "focal_paris",
    "auditor",
    "admin",
    "anonymous",
]
# fmt: off
MATRIX = [
    # persona        case          visible  sensitive  work   supervise
    ("caseworker1",  "cw1",        True,    True,      True,  False),
    ("caseworker1",  "cw2",        False,   False,     False, False),
    ("caseworker1",  "unassigned", False,   False,     False, False),
    ("caseworker2",  "cw1",        False,   False,     False, False),
    ("caseworker2",  "cw2",        True,    True,      True,  False),
    ("caseworker2",  "unassigned", False,   False,     False, False),
    ("supervisor",   "cw1",        True,    True,      False, True),
    ("supervisor",   "cw2",        True,    True,      False, True),
    ("supervisor",   "unassigned", True,    True,      False, True),
] + [
    # Nobody else sees, works or supervises any individual case.
    (persona, target, False, False, False, False)
    for persona in PERSONAS[3:]
    for target in ("cw1", "cw2", "unassigned")
]
# fmt: on


def column(index: int) -> list[Any]:
    return [pytest.param(row[0], row[1], row[index], id=f"{row[0]}-{row[1]}") for row in MATRIX]


@pytest.fixture
def cases(cast: dict[str, Any]) -> dict[str, Case]:
    users = cast["users"]
    supervisor = users["supervisor"]
    return {
        "cw1": new_case(supervisor, caseworker="caseworker1", last_name="Un"),
        "cw2": new_case(supervisor, caseworker="caseworker2", last_name="Deux"),
        "unassigned": new_case(supervisor, last_name="Personne"),
    }


@pytest.fixture
def user_named(cast: dict[str, Any]) -> Any:
    def get(name: str) -> Any:
        return AnonymousUser() if name == "anonymous" else cast["users"][name]

    return get


@pytest.mark.parametrize(("persona", "target", "expected"), column(2))
def test_a_case_is_visible_only_to_its_caseworker_and_the_supervisors(
    cases, user_named, persona, target, expected
):
    visible = access.cases_visible_to(user_named(persona))
    assert visible.filter(pk=cases[target].pk).exists() is expected


@pytest.mark.parametrize(("persona", "target", "expected"), column(3))
def test_sensitive_parts_are_shown_only_to_the_caseworker_and_the_supervisors(
    cases, user_named, persona, target, expected
):
    assert access.sees_sensitive(user_named(persona), cases[target]) is expected


@pytest.mark.parametrize(("persona", "target", "expected"), column(4))
def test_only_the_assigned_caseworker_works_a_case(cases, user_named, persona, target, expected):
    decision = access.can_work(user_named(persona), cases[target])
    assert bool(decision) is expected
    if not expected:
        assert decision.reason == "Seul le travailleur social chargé du dossier peut faire cela."


@pytest.mark.parametrize(("persona", "target", "expected"), column(5))
def test_only_supervisors_supervise_a_case(cases, user_named, persona, target, expected):
    decision = access.can_supervise(user_named(persona), cases[target])
    assert bool(decision) is expected
    if not expected:
        assert decision.reason == "Seul un superviseur de la cellule peut faire cela."


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker1", {"Un"}),
        ("caseworker2", {"Deux"}),
        ("supervisor", {"Un", "Deux", "Personne"}),
        ("officer", set()),
        ("auditor", set()),
        ("admin", set()),
        ("anonymous", set()),
    ],
)
def test_each_persona_lists_exactly_its_cases(cases, user_named, persona, expected):
    visible = access.cases_visible_to(user_named(persona)).filter(
        pk__in=[c.pk for c in cases.values()]
    )
    assert set(visible.values_list("last_name", flat=True)) == expected


def test_a_caseworker_who_loses_the_role_loses_its_cases(cases, cast):
    caseworker1 = cast["users"]["caseworker1"]
    caseworker1.groups.clear()
    fresh = type(caseworker1).objects.get(pk=caseworker1.pk)  # roles are cached per object
    assert not access.cases_visible_to(fresh).exists()
    assert not access.sees_sensitive(fresh, cases["cw1"])
    assert not access.can_work(fresh, cases["cw1"])


def test_a_user_without_any_role_sees_no_case(cases):
    nobody = UserFactory()
    assert not access.cases_visible_to(nobody).exists()


@pytest.mark.parametrize("persona", ["caseworker1", "supervisor"])
def test_only_the_cell_registers_returnees(user_named, persona, cast):
    assert access.can_register(user_named(persona))


@pytest.mark.parametrize(
    "persona", ["officer", "committee", "finance", "auditor", "focal_paris", "admin", "anonymous"]
)
def test_nobody_outside_the_cell_registers_returnees(user_named, persona, cast):
    decision = access.can_register(user_named(persona))
    assert not decision
    assert decision.reason == "Seule la cellule enregistre les migrants de retour."


def test_an_unknown_transition_is_fired_by_nobody(cases, user_named):
    assert not access.can_fire(user_named("supervisor"), cases["cw1"], "teleport")


def test_referrals_follow_the_visibility_of_their_case(cast, user_named):
    supervisor, caseworker1 = cast["users"]["supervisor"], cast["users"]["caseworker1"]
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    for persona, expected in [
        ("caseworker1", True),
        ("caseworker2", False),
        ("supervisor", True),
        ("committee", False),
        ("anonymous", False),
    ]:
        visible = access.referrals_visible_to(user_named(persona))
        assert visible.filter(pk=referral.pk).exists() is expected, persona
    assert access.can_fire_referral(caseworker1, referral, "accept")
    assert not access.can_fire_referral(supervisor, referral, "accept")
    assert not access.can_fire_referral(user_named("caseworker2"), referral, "accept")
    assert Referral.objects.filter(pk=referral.pk).exists()

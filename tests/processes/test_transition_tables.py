"""Every process's transition tables are complete and consistent with the models and services."""

from __future__ import annotations

import enum
import inspect
from typing import Any

import pytest
from django_fsm import get_all_FIELD_transitions

from cases.models import Case, Referral
from cases.transitions import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseTransition,
    ReferralTransition,
)
from processes.table import TransitionTable
from registry.models import Association
from registry.transitions import ASSOCIATION_TABLE, AssociationAction
from workflows.models import Proposal, Tranche
from workflows.transitions import (
    PROPOSAL_TABLE,
    TRANCHE_TABLE,
    ProposalTransition,
    TrancheTransition,
)

TABLES = [
    (PROPOSAL_TABLE, Proposal, ProposalTransition),
    (TRANCHE_TABLE, Tranche, TrancheTransition),
    (CASE_TRANSITIONS, Case, CaseTransition),
    (REFERRAL_TRANSITIONS, Referral, ReferralTransition),
    (ASSOCIATION_TABLE, Association, AssociationAction),
]


@pytest.mark.parametrize(("table", "model", "names"), TABLES)
def test_every_transition_of_the_model_has_one_row_in_lifecycle_order(
    table: TransitionTable[Any], model: Any, names: type[enum.StrEnum]
) -> None:
    in_model = {t.name for t in get_all_FIELD_transitions(model(), model._meta.get_field("status"))}
    assert set(table.names) == in_model == {str(n) for n in names}
    assert table.names == [str(n) for n in names]


@pytest.mark.parametrize(("table", "model", "names"), TABLES)
def test_each_row_names_a_service_that_takes_its_inputs(
    table: TransitionTable[Any], model: Any, names: type[enum.StrEnum]
) -> None:
    for row in table:
        parameters = inspect.signature(row.function).parameters
        takes_firing = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        assert table.object_arg in parameters, row.name
        for name in (*row.input_names, "by", "source", "expected_state"):
            assert name in parameters or takes_firing, (row.name, name)
        if row.comment_required:
            assert row.input("comment") is not None and row.missing_comment, row.name
            assert row.defaults.get("comment") == "", row.name


@pytest.mark.parametrize("table", [PROPOSAL_TABLE, TRANCHE_TABLE, CASE_TRANSITIONS])
def test_the_rows_that_finish_a_flow_task_name_nodes_of_their_tables_flow(
    table: TransitionTable[Any],
) -> None:
    completing = [row for row in table if row.completes is not None]
    assert completing
    assert table.router is not None
    nodes = set(table.router.flow.instance.nodes())
    assert {row.name: row.completes in nodes for row in completing} == {
        row.name: True for row in completing
    }

"""The flow rows the fast routing path writes are the rows viewflow's own activations
would leave: each task carries its node's type (viewflow's inbox and queue read it)."""

from __future__ import annotations

from typing import Any

import pytest
from viewflow.workflow.models import Task

from cases.models import CaseStatus
from tests.cases.builders import make_case
from tests.workflows.builders import make_proposal
from workflows.models import ProposalStatus as S


@pytest.mark.parametrize("state", [S.RETURNED, S.IN_COMMITTEE, S.IN_EXECUTION, S.CLOSED])
def test_every_task_of_a_proposal_carries_its_nodes_type(cast: dict[str, Any], state: str) -> None:
    make_proposal(state)
    tasks = list(Task.objects.all())
    assert len(tasks) > 2
    assert [(t.flow_task_type, str(t.flow_task)) for t in tasks] == [
        (t.flow_task.task_type, str(t.flow_task)) for t in tasks
    ]
    assert "HUMAN" in {t.flow_task_type for t in tasks}


@pytest.mark.parametrize("state", [CaseStatus.IN_SUPPORT, CaseStatus.CLOSED])
def test_every_task_of_a_case_carries_its_nodes_type(cast: dict[str, Any], state: str) -> None:
    make_case(state)
    tasks = list(Task.objects.all())
    assert len(tasks) > 2
    assert [t.flow_task_type for t in tasks] == [t.flow_task.task_type for t in tasks]

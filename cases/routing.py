"""The case flow's router (see `processes.routing`)."""

from __future__ import annotations

from accounts.types import AnyUser
from cases.flows import CaseFlow
from cases.models import Case, CaseProcess
from processes.routing import Router

router: Router[CaseProcess] = Router(flow=CaseFlow, process_model=CaseProcess, link="case")

start = router.start
ensure_running = router.ensure_running


def reassign(case: Case, caseworker: AnyUser) -> None:
    """Hand the caseworker's open steps to another caseworker (assignment, transfer)."""
    router.reassign(case, [CaseFlow.assess, CaseFlow.support], caseworker)


__all__ = ["ensure_running", "reassign", "start"]

"""The proposal flow's router (see `processes.routing`)."""

from __future__ import annotations

from processes.routing import OPEN, Router, RoutingError
from workflows.flows import ProposalFlow
from workflows.models import ProposalProcess

router: Router[ProposalProcess] = Router(
    flow=ProposalFlow, process_model=ProposalProcess, link="proposal"
)

start = router.start
process_of = router.process_of
open_task = router.open_task
complete = router.complete
fire = router.fire
cancel = router.cancel

__all__ = ["OPEN", "RoutingError", "cancel", "complete", "fire", "open_task", "process_of", "start"]

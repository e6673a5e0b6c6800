"""The proposal flow's router (see `processes.routing`)."""

from __future__ import annotations

from processes.routing import Router
from workflows.flows import ProposalFlow
from workflows.models import ProposalProcess

router: Router[ProposalProcess] = Router(
    flow=ProposalFlow, process_model=ProposalProcess, link="proposal"
)

start = router.start
fire = router.fire
cancel = router.cancel

__all__ = ["cancel", "fire", "start"]

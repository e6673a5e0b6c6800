"""Every write of the co-realisation programme goes through these functions.

Each transition has one function, fired through its row of `workflows.transitions`
(`TransitionTable.run`): check who may fire it (`workflows.access`), lock the row,
check the FSM state and the conditions (every unmet one named), fire the FSM
transition, write history, move the viewflow process on, and send mail after
the commit. Refusals leave a history row (see `processes.transitions`).

By stage: `calls`, `drafting`, `screening`, `reviews`, `decisions`, `execution`,
`tranches`.
"""

from __future__ import annotations

from workflows.services.calls import call_save
from workflows.services.decisions import (
    proposal_approve,
    proposal_reject,
    proposal_request_revision,
)
from workflows.services.drafting import (
    BudgetInput,
    ContributionInput,
    proposal_create,
    proposal_resubmit,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    submission_conditions,
)
from workflows.services.execution import (
    completion_problems,
    proposal_close,
    proposal_complete,
    proposal_resume,
    proposal_sign_agreement,
    proposal_suspend,
    proposal_terminate,
)
from workflows.services.reviews import review_file, send_to_committee
from workflows.services.screening import proposal_declare_admissible, proposal_return_for_completion
from workflows.services.tranches import (
    tranche_approve,
    tranche_cancel,
    tranche_pay,
    tranche_request,
    tranche_return_request,
)

__all__ = [
    "BudgetInput",
    "ContributionInput",
    "call_save",
    "completion_problems",
    "proposal_approve",
    "proposal_close",
    "proposal_complete",
    "proposal_create",
    "proposal_declare_admissible",
    "proposal_reject",
    "proposal_request_revision",
    "proposal_resubmit",
    "proposal_resume",
    "proposal_return_for_completion",
    "proposal_sign_agreement",
    "proposal_submit",
    "proposal_suspend",
    "proposal_terminate",
    "proposal_update",
    "proposal_withdraw",
    "review_file",
    "send_to_committee",
    "submission_conditions",
    "tranche_approve",
    "tranche_cancel",
    "tranche_pay",
    "tranche_request",
    "tranche_return_request",
]

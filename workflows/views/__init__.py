"""Co-realisation pages: calls, proposals, reviews, the committee and the tranches.

Who sees and does what is asked of `workflows.access` (and of the services, which
refuse what the user may not do); every write goes through `workflows.services`,
every read through `workflows.selectors`, and what a page shows is shaped by
`workflows.presenters`. A proposal the user may not see answers 404; an action the
user may not take, 403 with the reason; an action whose conditions do not hold, the
page again (400) with every reason and what was typed; an action on a proposal that
moved meanwhile, the proposal's page with a message saying so.
"""

from __future__ import annotations

from workflows.views.calls import call_create, call_detail, call_edit, call_list
from workflows.views.detail import (
    attachment_upload,
    proposal_detail,
    proposal_transition,
    tranche_transition,
)
from workflows.views.drafting import (
    prefecture_options,
    proposal_create,
    proposal_edit,
    proposal_list,
    rules_check,
)
from workflows.views.queues import committee_queue, execution_queue, finance_queue, screening_queue
from workflows.views.reviews import review_form, review_queue

__all__ = [
    "attachment_upload",
    "call_create",
    "call_detail",
    "call_edit",
    "call_list",
    "committee_queue",
    "execution_queue",
    "finance_queue",
    "prefecture_options",
    "proposal_create",
    "proposal_detail",
    "proposal_edit",
    "proposal_list",
    "proposal_transition",
    "review_form",
    "review_queue",
    "rules_check",
    "screening_queue",
    "tranche_transition",
]

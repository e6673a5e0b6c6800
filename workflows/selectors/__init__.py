"""Reads of the co-realisation programme that depend on who asks: the inbox
(`inbox`), the proposals and their history (`proposals`), the work queues (`queues`).
"""

from __future__ import annotations

from workflows.selectors.inbox import (
    NODE_ACTIONS,
    NODE_ROLES,
    pending_reviews,
    proposal_tasks,
    proposals_awaiting,
    task_url,
    work_items,
)
from workflows.selectors.proposals import (
    committee_ranking,
    filter_proposals,
    history_of,
    prefectures_of,
    proposal_for_page,
    proposal_id_of_tranche,
    proposals_for_list,
    with_budget,
)
from workflows.selectors.queues import (
    criteria_by_call,
    filed_reviews,
    filed_reviews_by_proposal,
    proposals_in_execution,
    proposals_to_close,
    proposals_to_screen,
    tranches_to_pay,
)

__all__ = [
    "NODE_ACTIONS",
    "NODE_ROLES",
    "committee_ranking",
    "criteria_by_call",
    "filed_reviews",
    "filed_reviews_by_proposal",
    "filter_proposals",
    "history_of",
    "pending_reviews",
    "prefectures_of",
    "proposal_for_page",
    "proposal_id_of_tranche",
    "proposal_tasks",
    "proposals_awaiting",
    "proposals_for_list",
    "proposals_in_execution",
    "proposals_to_close",
    "proposals_to_screen",
    "task_url",
    "tranches_to_pay",
    "with_budget",
    "work_items",
]

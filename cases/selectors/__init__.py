"""Reads of returnee cases that depend on who asks: every one starts from `cases.access`.

`lists` (the tables of cases, the decisions, the caseload, overdue referrals),
`case` (one case and its history) and `inbox` (the case flow's open tasks).
"""

from cases.selectors.case import (
    HISTORY_LABELS,
    LEGACY_CODES,
    REFERRAL_HISTORY_LABELS,
    active_indicators,
    case_for_page,
    case_history,
    history_entries,
    open_task_of,
    plan_item_of,
    referral_case_id,
    visible_case,
    with_detail,
)
from cases.selectors.inbox import (
    CASEWORKER_NODES,
    SUPERVISOR_NODES,
    case_tasks,
    task_url,
    work_items,
)
from cases.selectors.lists import (
    DECISION_STATUSES,
    PENDING_REFERRAL,
    CaseloadRow,
    case_page,
    case_rows,
    caseload,
    caseworkers,
    decision_queue,
    filter_cases,
    next_step,
    overdue_referral_filter,
    overdue_referrals,
)

__all__ = [
    "CASEWORKER_NODES",
    "DECISION_STATUSES",
    "HISTORY_LABELS",
    "LEGACY_CODES",
    "PENDING_REFERRAL",
    "REFERRAL_HISTORY_LABELS",
    "SUPERVISOR_NODES",
    "CaseloadRow",
    "active_indicators",
    "case_for_page",
    "case_history",
    "case_page",
    "case_rows",
    "case_tasks",
    "caseload",
    "caseworkers",
    "decision_queue",
    "filter_cases",
    "history_entries",
    "next_step",
    "open_task_of",
    "overdue_referral_filter",
    "overdue_referrals",
    "plan_item_of",
    "referral_case_id",
    "task_url",
    "visible_case",
    "with_detail",
    "work_items",
]

"""Every write on returnee cases goes through these functions.

Same shape as the proposals: check who may act (`cases.access`), lock, check
the FSM state and the conditions (each unmet one named), fire, write history,
move the viewflow process on, and defer side effects to the commit. By
sub-domain: `intake`, `plan` (assessment and plan), `lifecycle` (the case's
transitions), `referrals`, `follow_ups`, `personal_data` (retention, erasure, export).
"""

from cases.services.follow_ups import follow_up_record
from cases.services.intake import (
    INTAKE_FIELDS,
    case_assign,
    case_create,
    case_update,
    record_read,
)
from cases.services.lifecycle import (
    case_approve_closure,
    case_approve_plan,
    case_refuse_closure,
    case_reopen,
    case_request_closure,
    case_return_plan,
    case_start_assessment,
    case_start_follow_up,
    case_submit_plan,
    follow_up_problems,
)
from cases.services.personal_data import (
    EXPORT_FORMATS,
    anonymise,
    anonymise_expired_cases,
    case_erase,
    case_export,
    cases_past_retention,
    erasure_problems,
)
from cases.services.plan import (
    ASSESSMENT_FIELDS,
    assessment_save,
    plan_item_add,
    plan_item_remove,
)
from cases.services.referrals import (
    referral_accept,
    referral_complete,
    referral_create,
    referral_decline,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "EXPORT_FORMATS",
    "INTAKE_FIELDS",
    "anonymise",
    "anonymise_expired_cases",
    "assessment_save",
    "case_approve_closure",
    "case_approve_plan",
    "case_assign",
    "case_create",
    "case_erase",
    "case_export",
    "case_refuse_closure",
    "case_reopen",
    "case_request_closure",
    "case_return_plan",
    "case_start_assessment",
    "case_start_follow_up",
    "case_submit_plan",
    "case_update",
    "cases_past_retention",
    "erasure_problems",
    "follow_up_problems",
    "follow_up_record",
    "plan_item_add",
    "plan_item_remove",
    "record_read",
    "referral_accept",
    "referral_complete",
    "referral_create",
    "referral_decline",
]

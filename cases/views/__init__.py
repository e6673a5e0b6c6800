"""Pages of the coordination cell: returnee cases from intake to closure.

Who sees and does what is asked of `cases.access` (and of the services, which
refuse what the user may not do); every write goes through `cases.services`.
A case the user may not see answers 404; an action the user may not take, 403
with the reason; an action whose conditions do not hold, the page again (400)
with every reason and what was typed; an action on a case that moved
meanwhile, the case's page with a message saying so. Each opening of a case's
page is recorded (who, when). What a page shows is put together by
`cases.presenters` from `cases.selectors`.
"""

from cases.views.case_page import (
    attachment_upload,
    case_detail,
    case_transition,
    referral_transition,
)
from cases.views.intake import case_assign, case_create, case_edit, prefecture_options
from cases.views.lists import case_list, caseload, decision_queue
from cases.views.personal_data import case_erase, case_export
from cases.views.work import (
    assessment_form,
    follow_up_create,
    plan_builder,
    plan_item_delete,
    referral_create,
)

__all__ = [
    "assessment_form",
    "attachment_upload",
    "case_assign",
    "case_create",
    "case_detail",
    "case_edit",
    "case_erase",
    "case_export",
    "case_list",
    "case_transition",
    "caseload",
    "decision_queue",
    "follow_up_create",
    "plan_builder",
    "plan_item_delete",
    "prefecture_options",
    "referral_create",
    "referral_transition",
]

"""Forms of the case pages.

They check the shape of what was typed (a date is a date, a code is one of the
known codes); the rules of the cell are checked by `cases.services`, whose
refusals the views put back on these forms, field by field.
"""

from cases.forms.assessment import QUESTIONS, AssessmentForm, answer_labels
from cases.forms.intake import AssignForm, CaseFilterForm, CaseForm
from cases.forms.work import EraseForm, FollowUpForm, PlanItemForm, ReferralForm

__all__ = [
    "QUESTIONS",
    "AssessmentForm",
    "AssignForm",
    "CaseFilterForm",
    "CaseForm",
    "EraseForm",
    "FollowUpForm",
    "PlanItemForm",
    "ReferralForm",
    "answer_labels",
]

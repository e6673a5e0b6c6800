"""Forms of the co-realisation pages and the admin.

They check the shape of what was typed (a number is a number, a date a date);
the rules of the programme are checked by `workflows.services`, whose refusals
the views put back on these forms, field by field.
"""

from __future__ import annotations

from workflows.forms.actions import AttachmentForm, ProposalTransitionForm, evaluator_choices
from workflows.forms.calls import (
    BaseCriteriaFormSet,
    CallForm,
    CriteriaFormSet,
    CriterionForm,
    PercentListField,
    criteria_formset,
)
from workflows.forms.proposals import (
    CONTRIBUTION_STARTER,
    BudgetFormSet,
    BudgetLineForm,
    ContributionForm,
    ContributionFormSet,
    ProposalFilterForm,
    ProposalForm,
    budget_formsets,
    budget_inputs,
    contribution_inputs,
    filing_associations,
    open_calls,
    typed_figures,
)
from workflows.forms.reviews import SCORE_CHOICES, ReviewForm, weighted_score
from workflows.forms.rows import RowForm, RowsFormSet, parse_amount

__all__ = [
    "CONTRIBUTION_STARTER",
    "SCORE_CHOICES",
    "AttachmentForm",
    "BaseCriteriaFormSet",
    "BudgetFormSet",
    "BudgetLineForm",
    "CallForm",
    "ContributionForm",
    "ContributionFormSet",
    "CriteriaFormSet",
    "CriterionForm",
    "PercentListField",
    "ProposalFilterForm",
    "ProposalForm",
    "ProposalTransitionForm",
    "ReviewForm",
    "RowForm",
    "RowsFormSet",
    "budget_formsets",
    "budget_inputs",
    "contribution_inputs",
    "criteria_formset",
    "evaluator_choices",
    "filing_associations",
    "open_calls",
    "parse_amount",
    "typed_figures",
    "weighted_score",
]

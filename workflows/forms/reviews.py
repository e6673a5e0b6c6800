"""The evaluator's review: one 0–5 score per criterion, the recommendation, a comment."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.forms import radio_choice, style
from processes.table import text_limit
from workflows.models import (
    Recommendation,
    Review,
)

SCORE_CHOICES = [(str(n), str(n)) for n in range(6)]


class ReviewForm(forms.Form):
    """The call's grid: one 0–5 choice per criterion, the recommendation and a comment."""

    recommendation = radio_choice(_("Recommandation"))
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=text_limit(Review, "comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, criteria: Sequence[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        cast(forms.ChoiceField, self.fields["recommendation"]).choices = Recommendation.choices
        self.fields["recommendation"].marked = True  # type: ignore[attr-defined]
        for criterion in self.criteria:
            self.fields[self.score_name(criterion.code)] = radio_choice(
                criterion.label, SCORE_CHOICES
            )
        style(self, errors=False)

    @staticmethod
    def score_name(code: str) -> str:
        return f"score_{code}"

    def score_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(c, self[self.score_name(c.code)]) for c in self.criteria]

    def scores(self) -> dict[str, int]:
        """The scores given so far (after is_valid)."""
        found = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(self.score_name(criterion.code))
            if value not in (None, ""):
                found[criterion.code] = int(value)
        return found

    def typed_scores(self) -> dict[str, int]:
        """The scores chosen so far, read from the raw data (for the live score)."""
        found = {}
        for criterion in self.criteria:
            value = str(self[self.score_name(criterion.code)].value() or "")
            if value.isdigit() and 0 <= int(value) <= 5:
                found[criterion.code] = int(value)
        return found

    def mark_missing(self) -> None:
        for criterion in self.criteria:
            name = self.score_name(criterion.code)
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, _("Notez ce critère (de 0 à 5)."))


def weighted_score(criteria: Sequence[Any], scores: dict[str, int]) -> Decimal | None:
    """The weighted mean the review service will compute, once every criterion is scored."""
    if not criteria or any(c.code not in scores for c in criteria):
        return None
    total = sum((c.weight for c in criteria), Decimal(0))
    if not total:
        return Decimal(0)
    value = sum((c.weight * scores[c.code] for c in criteria), Decimal(0)) / total
    return value.quantize(Decimal("0.01"))

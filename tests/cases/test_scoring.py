"""The sustainability scores: weighted means per dimension and overall, weights as data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.models import SurveyIndicator
from cases.scoring import sustainability_scores


def indicator(code: str, dimension: str, weight: str = "1") -> SurveyIndicator:
    return SurveyIndicator(
        code=code, dimension=dimension, label_fr=code, label_en=code, weight=Decimal(weight)
    )


SURVEY = [
    indicator("income", "economic", "2"),
    indicator("debt", "economic", "1"),
    indicator("housing", "social", "1"),
    indicator("network", "social", "3"),
    indicator("wellbeing", "psychosocial", "1"),
]


def test_each_dimension_scores_the_weighted_mean_of_its_answers():
    scores = sustainability_scores(
        SURVEY,
        {"income": 1, "debt": 0, "housing": 0, "network": 1, "wellbeing": Decimal("0.4")},
    )
    assert scores["economic"] == Decimal("0.667")  # (2×1 + 1×0) / 3
    assert scores["social"] == Decimal("0.750")  # (1×0 + 3×1) / 4
    assert scores["psychosocial"] == Decimal("0.400")


def test_the_composite_weighs_every_answer_not_every_dimension_equally():
    scores = sustainability_scores(
        SURVEY,
        {"income": 1, "debt": 0, "housing": 0, "network": 1, "wellbeing": Decimal("0.4")},
    )
    # (2 + 0 + 0 + 3 + 0.4) / (2 + 1 + 1 + 3 + 1) = 5.4 / 8
    assert scores["composite"] == Decimal("0.675")


def test_a_dimension_without_any_answer_scores_none():
    scores = sustainability_scores(SURVEY, {"income": 1, "housing": "0.5"})
    assert scores["psychosocial"] is None
    assert scores["economic"] == Decimal("1.000")
    assert scores["composite"] == Decimal("0.833")  # (2×1 + 1×0.5) / 3


def test_no_answer_at_all_scores_none_everywhere():
    assert sustainability_scores(SURVEY, {}) == {
        "economic": None,
        "social": None,
        "psychosocial": None,
        "composite": None,
    }


def test_answers_to_questions_outside_the_survey_are_ignored():
    scores = sustainability_scores(SURVEY, {"income": 1, "retired_question": 0})
    assert scores["composite"] == Decimal("1.000")


def test_an_indicator_weighted_zero_does_not_count():
    survey = [indicator("income", "economic", "0"), indicator("debt", "economic", "1")]
    scores = sustainability_scores(survey, {"income": 0, "debt": 1})
    assert scores["economic"] == Decimal("1.000")
    assert sustainability_scores(survey, {"income": 1})["economic"] is None


def test_changing_a_weight_moves_the_composite():
    answers = {"income": 1, "debt": 0, "housing": 0, "network": 1, "wellbeing": 0}
    before = sustainability_scores(SURVEY, answers)["composite"]
    heavier_debt = [
        indicator(i.code, i.dimension, "5" if i.code == "debt" else str(i.weight)) for i in SURVEY
    ]
    after = sustainability_scores(heavier_debt, answers)["composite"]
    assert before == Decimal("0.625")  # (2 + 3) / 8
    assert after == Decimal("0.417")  # (2 + 3) / 12


@pytest.mark.django_db
def test_the_weights_of_the_shipped_survey_are_read_from_the_database():
    survey = list(SurveyIndicator.objects.filter(active=True))
    answers = {"income": 1, "employment": 0}
    assert sustainability_scores(survey, answers)["economic"] == Decimal("0.500")
    SurveyIndicator.objects.filter(code="income").update(weight=Decimal("3"))
    survey = list(SurveyIndicator.objects.filter(active=True))
    assert sustainability_scores(survey, answers)["economic"] == Decimal("0.600")


def test_scores_are_rounded_to_three_decimals_half_up():
    survey = [indicator("a", "social"), indicator("b", "social")]
    assert sustainability_scores(survey, {"a": Decimal("0.0005"), "b": Decimal("0.0005")})[
        "social"
    ] == Decimal("0.001")


# --- Properties -----------------------------------------------------------------

DIMENSIONS = ["economic", "social", "psychosocial"]
HALF_QUANTUM = Decimal("0.0005")

answer_values = st.decimals(min_value=0, max_value=1, places=4)
weights = st.decimals(min_value=0, max_value=100, places=2)
surveys = st.lists(
    st.tuples(st.sampled_from(DIMENSIONS), weights, answer_values), min_size=1, max_size=15
)


def _survey_and_answers(
    rows: list[tuple[str, Decimal, Decimal]],
) -> tuple[list[SurveyIndicator], dict[str, Decimal]]:
    survey = [indicator(f"q{n}", dim, str(w)) for n, (dim, w, _a) in enumerate(rows)]
    answers = {f"q{n}": a for n, (_d, _w, a) in enumerate(rows)}
    return survey, answers


@given(surveys)
def test_the_composite_lies_between_the_lowest_and_highest_counted_answer(rows):
    survey, answers = _survey_and_answers(rows)
    counted = [a for _d, w, a in rows if w > 0]
    composite = sustainability_scores(survey, answers)["composite"]
    if not counted:
        assert composite is None
        return
    assert composite is not None
    # The score is rounded to 0.001: it may step half a unit past a 4-decimal answer.
    assert min(counted) - HALF_QUANTUM <= composite <= max(counted) + HALF_QUANTUM


@given(st.lists(st.tuples(st.sampled_from(DIMENSIONS), weights, answer_values), min_size=1))
def test_every_score_lies_between_zero_and_one(rows):
    survey, answers = _survey_and_answers(rows)
    for score in sustainability_scores(survey, answers).values():
        assert score is None or Decimal(0) <= score <= Decimal(1)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(DIMENSIONS),
            st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
            st.decimals(min_value=0, max_value=1, places=2),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_with_answers_in_hundredths_the_composite_never_leaves_their_range(rows):
    survey, answers = _survey_and_answers(rows)
    composite = sustainability_scores(survey, answers)["composite"]
    assert composite is not None
    assert min(answers.values()) <= composite <= max(answers.values())


@given(surveys)
def test_the_composite_lies_between_the_dimension_scores(rows):
    survey, answers = _survey_and_answers(rows)
    scores = sustainability_scores(survey, answers)
    present = [scores[d] for d in DIMENSIONS if scores[d] is not None]
    if not present:
        assert scores["composite"] is None
        return
    composite = scores["composite"]
    assert composite is not None
    # Both sides are rounded, each by at most half a unit.
    assert min(present) - 2 * HALF_QUANTUM <= composite <= max(present) + 2 * HALF_QUANTUM

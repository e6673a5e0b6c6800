"""Small counts stay hidden: nothing under 5 is shown, and no hidden count can be
recomputed from what is shown.

The check is independent of the masking code: for every hidden count under 5, an
integer program (scipy's MILP solver) looks for its smallest and its largest value
consistent with everything shown, as the reader of docs/observatory.md ("Masked
statistics") knows it: every shown figure, every sum a total states, and of each
hidden figure that it lies in 0..4 when it is small, at least 5 when it was hidden to
protect another. It must find two different values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from processes.masking import (
    MASK,
    SMALL,
    TOTAL,
    Masked,
    mask_counts,
    mask_partitions,
    mask_table,
    masked_count,
    masked_mean,
    masked_rate,
)

BIG = 10**6  # "no upper bound" for the solver


@dataclass
class Reader:
    """What a reader knows: figures (name -> true value, shown value) and the sums
    that hold between them (each: the total's name, the names of its parts)."""

    figures: dict[str, tuple[int, Masked | None]] = field(default_factory=dict)
    sums: list[tuple[str, list[str]]] = field(default_factory=list)

    def values_of(self, name: str) -> tuple[float, float]:
        """The smallest and largest value of `name` consistent with what is shown."""
        names = list(self.figures)
        index = {n: i for i, n in enumerate(names)}
        low, high = [], []
        for true, shown in self.figures.values():
            if shown is None:  # never shown: the reader knows nothing of it
                low.append(0)
                high.append(BIG)
            elif shown != MASK:
                low.append(true)
                high.append(true)
            elif true < SMALL:
                low.append(0)
                high.append(SMALL - 1)
            else:
                low.append(SMALL)
                high.append(BIG)
        rows = []
        for total, parts in self.sums:
            row = np.zeros(len(names))
            row[index[total]] = -1
            for part in parts:
                row[index[part]] += 1
            rows.append(row)
        constraints = [LinearConstraint(np.array(rows), 0, 0)] if rows else []
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(len(names))
            objective[index[name]] = sign
            result = milp(
                objective,
                constraints=constraints,
                integrality=np.ones(len(names)),
                bounds=Bounds(low, high),
            )
            assert result.status == 0, result.message
            extremes.append(result.x[index[name]])
        return extremes[0], extremes[1]

    def assert_safe(self) -> None:
        for name, (true, shown) in self.figures.items():
            if shown is not None and shown != MASK:
                assert shown == true and true >= SMALL, (name, true, shown)
        for name, (true, shown) in self.figures.items():
            if shown == MASK and true < SMALL:
                lowest, highest = self.values_of(name)
                assert lowest < highest, f"{name} = {true} can be recomputed: {self.figures}"


def read_counts(counts: dict[str, int], total: int | None) -> Reader:
    masked = mask_counts(counts, total)
    reader = Reader({key: (value, masked[key]) for key, value in counts.items()})
    if total is not None:
        reader.figures[TOTAL] = (total, masked[TOTAL])
        reader.sums.append((TOTAL, list(counts)))
    else:
        assert TOTAL not in masked
    return reader


def read_table(
    rows: dict[str, dict[str, int]], column_totals: bool = True, unshown: tuple[str, ...] = ()
) -> Reader:
    masked = mask_table(rows, column_totals=column_totals, unshown=unshown)
    columns = sorted({column for row in rows.values() for column in row})
    reader = Reader()
    for name, row in rows.items():
        for column in columns:
            shown = None if column in unshown else masked[name][column]
            assert column not in unshown or column not in masked[name]
            reader.figures[f"{name}/{column}"] = (row.get(column, 0), shown)
        reader.figures[f"{name}/{TOTAL}"] = (sum(row.values()), masked[name][TOTAL])
        reader.sums.append((f"{name}/{TOTAL}", [f"{name}/{column}" for column in columns]))
    if not column_totals:
        assert TOTAL not in masked
        return reader
    for column in columns:
        value = sum(row.get(column, 0) for row in rows.values())
        reader.figures[f"{TOTAL}/{column}"] = (value, masked[TOTAL][column])
        reader.sums.append((f"{TOTAL}/{column}", [f"{name}/{column}" for name in rows]))
    grand = sum(sum(row.values()) for row in rows.values())
    reader.figures[f"{TOTAL}/{TOTAL}"] = (grand, masked[TOTAL][TOTAL])
    reader.sums.append((f"{TOTAL}/{TOTAL}", [f"{name}/{TOTAL}" for name in rows]))
    reader.sums.append((f"{TOTAL}/{TOTAL}", [f"{TOTAL}/{column}" for column in columns]))
    return reader


def read_partitions(partitions: list[list[int]]) -> Reader:
    total = sum(partitions[0])
    named = {f"p{i}": {f"c{j}": v for j, v in enumerate(p)} for i, p in enumerate(partitions)}
    shown_total, masked = mask_partitions(named, total)
    reader = Reader({TOTAL: (total, shown_total)})
    for name, counts in named.items():
        for key, value in counts.items():
            reader.figures[f"{name}/{key}"] = (value, masked[name][key])
        reader.sums.append((TOTAL, [f"{name}/{key}" for key in counts]))
    return reader


# Counts of cases: many small ones (zero included), some large.
count = st.one_of(st.integers(0, 6), st.integers(0, 40))
keys = st.sampled_from("abcdefgh")


@settings(max_examples=200, deadline=None)
@given(counts=st.dictionaries(keys, count, min_size=1, max_size=8), with_total=st.booleans())
def test_no_hidden_count_of_a_list_can_be_recomputed(
    counts: dict[str, int], with_total: bool
) -> None:
    read_counts(counts, sum(counts.values()) if with_total else None).assert_safe()


@settings(max_examples=200, deadline=None)
@given(
    rows=st.dictionaries(
        st.sampled_from(["r1", "r2", "r3", "r4"]),
        st.dictionaries(st.sampled_from(["c1", "c2", "c3", "c4"]), count, min_size=1, max_size=4),
        min_size=1,
        max_size=4,
    )
)
def test_no_hidden_count_of_a_table_can_be_recomputed(rows: dict[str, dict[str, int]]) -> None:
    read_table(rows).assert_safe()
    read_table(rows, column_totals=False).assert_safe()
    read_table(rows, column_totals=False, unshown=("c4",)).assert_safe()


@st.composite
def partitions_of_one_total(draw: st.DrawFn) -> list[list[int]]:
    """Two or three breakdowns of the same total (cases by status, by region, …)."""
    first = draw(st.lists(count, min_size=1, max_size=5))
    total = sum(first)
    others = []
    for _ in range(draw(st.integers(1, 2))):
        cuts = sorted(draw(st.lists(st.integers(0, total), max_size=4)))
        others.append([b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)])
    return [first, *others]


@settings(max_examples=200, deadline=None)
@given(partitions=partitions_of_one_total())
def test_no_hidden_count_of_breakdowns_of_one_total_can_be_recomputed(
    partitions: list[list[int]],
) -> None:
    read_partitions(partitions).assert_safe()


def test_a_total_hidden_for_one_breakdown_is_hidden_for_all() -> None:
    # [4, 4] gives itself away beside its total 8: the total goes, and with it the 8
    # that would tell it.
    total, masked = mask_partitions({"a": {"x": 4, "y": 4}, "b": {"x": 8, "y": 0}}, 8)
    assert total == MASK
    assert masked == {"a": {"x": MASK, "y": MASK}, "b": {"x": MASK, "y": MASK}}


def test_a_lone_small_count_hides_the_next_smallest() -> None:
    assert mask_counts({"a": 2, "b": 7, "c": 20}, 29) == {"a": MASK, "b": MASK, "c": 20, TOTAL: 29}


def test_zeros_are_hidden_and_protected_like_any_small_count() -> None:
    # Two zeros beside a total of 10: were only they hidden, they would add up to 0.
    masked = mask_counts({"a": 0, "b": 0, "c": 10}, 10)
    assert masked == {"a": MASK, "b": MASK, "c": MASK, TOTAL: 10}


def test_large_counts_are_shown_as_they_are() -> None:
    assert mask_counts({"a": 5, "b": 12}, 17) == {"a": 5, "b": 12, TOTAL: 17}
    assert mask_counts({"a": 3, "b": 12}, None) == {"a": MASK, "b": 12}


def test_a_small_total_is_hidden() -> None:
    assert mask_counts({"a": 1, "b": 2}, 3) == {"a": MASK, "b": MASK, TOTAL: MASK}


def test_a_table_hides_a_second_cell_in_the_row_and_the_column() -> None:
    masked = mask_table({"x": {"p": 2, "q": 30, "r": 9}, "y": {"p": 40, "q": 50, "r": 60}})
    assert masked["x"]["p"] == MASK
    assert MASK in (masked["x"]["q"], masked["x"]["r"])  # the row
    assert masked["y"]["p"] == MASK  # the column
    read_table({"x": {"p": 2, "q": 30, "r": 9}, "y": {"p": 40, "q": 50, "r": 60}}).assert_safe()


def test_a_table_without_column_totals_hides_only_what_its_rows_give_away() -> None:
    rows = {"x": {"p": 15, "q": 0}, "y": {"p": 0, "q": 0}, "z": {"p": 6, "q": 9}}
    assert mask_table(rows, column_totals=False) == {
        "x": {"p": MASK, "q": MASK, TOTAL: 15},  # 15 beside a lone 0 would tell it
        "y": {"p": MASK, "q": MASK, TOTAL: MASK},
        "z": {"p": 6, "q": 9, TOTAL: 15},
    }
    assert mask_table(rows)["z"]["p"] == MASK  # the column total of p would tell x's


def test_a_row_told_but_for_an_unshown_rest() -> None:
    # Referrals: completed and overdue shown of a total, the rest never shown.
    rows = {"x": {"done": 15, "late": 10, "rest": 15}, "y": {"done": 0, "late": 15, "rest": 0}}
    assert mask_table(rows, column_totals=False, unshown=["rest"]) == {
        "x": {"done": 15, "late": 10, TOTAL: 40},
        "y": {"done": MASK, "late": MASK, TOTAL: 15},  # 15 late of 15: none done
    }


def test_means_and_rates_over_few_cases_are_not_shown() -> None:
    assert masked_mean(2.0, 4) is None
    assert masked_mean(None, 9) is None
    assert masked_mean(3.0, 5) == 0.6
    assert masked_count(4) == MASK and masked_count(5) == 5
    assert masked_rate(6, 10) == 0.6
    assert masked_rate(3, 10) is None  # it would give 3 away
    assert masked_rate(MASK, 10) is None
    assert masked_rate(4, 4) is None

"""Small counts, hidden so that no one (a returnee, a reporter) can be singled out.

Every count under `SMALL` (zero included) is shown as `MASK`; a total under `SMALL`
too. Then complementary suppression: wherever a hidden count could be recomputed
from what is shown (a total minus the other cells, a row against a column), the next
smallest shown count is hidden as well, until none can be. Means over fewer than
`SMALL` cases are not shown. The reasoning and the attacker this guards against are
in docs/observatory.md, "Masked statistics".

How "could be recomputed" is decided: a table and its totals are a flow network
(source -> row totals -> cells -> column totals -> sink -> grand total -> source);
every figure shown is fixed, every hidden one lies in the range the reader knows it
lies in (0..4 for a small count, at least 5 for one hidden only to protect another).
A hidden figure can take another value if and only if a unit can be pushed round a
cycle through it in the residual network; when no such cycle exists it is derivable.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

SMALL = 5
MASK = "<5"
TOTAL = "total"

Masked = int | str

_SOURCE, _SINK = ("source",), ("sink",)
_Node = tuple[str, ...]


@dataclass
class _Entry:
    """One figure of a table: an edge of the network, from `tail` to `head`."""

    key: tuple[str, ...]
    tail: _Node
    head: _Node
    value: int
    shown: bool = True
    published: bool = True  # False: never shown, the reader knows nothing of it

    def __post_init__(self) -> None:
        self.shown = self.shown and self.published

    @property
    def small(self) -> bool:
        """A small published figure: one to protect."""
        return self.published and self.value < SMALL

    def bounds(self) -> tuple[int, float]:
        """What the reader knows of the figure."""
        if self.shown:
            return self.value, self.value
        if not self.published:
            return 0, float("inf")
        if not self.small:
            return SMALL, float("inf")  # hidden only to protect another
        return 0, SMALL - 1


def _reaches(entries: list[_Entry], skip: int, start: _Node, goal: _Node) -> bool:
    """Whether a unit can flow from `start` to `goal` through the hidden figures
    (other than `skip`), each staying within what the reader knows of it."""
    arcs: dict[_Node, list[_Node]] = defaultdict(list)
    for index, entry in enumerate(entries):
        if index == skip or entry.shown:
            continue
        low, high = entry.bounds()
        if entry.value < high:
            arcs[entry.tail].append(entry.head)
        if entry.value > low:
            arcs[entry.head].append(entry.tail)
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for following in arcs[node]:
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return False


def _derivable(entries: list[_Entry], index: int) -> bool:
    entry = entries[index]
    low, high = entry.bounds()
    up = entry.value < high and _reaches(entries, index, entry.head, entry.tail)
    down = entry.value > low and _reaches(entries, index, entry.tail, entry.head)
    return not (up or down)


def _touches(one: _Entry, other: _Entry) -> bool:
    """Whether two figures share a row or a column (a breakdown's other counts are
    beside each other)."""
    return bool({one.tail, one.head} & {other.tail, other.head} - {_SOURCE, _SINK})


def _suppress(entries: list[_Entry], cells: Iterable[int]) -> None:
    """Hide the small figures, then the next smallest ones until no small
    figure can be recomputed. Cells are hidden before totals, neighbours first."""
    cell_indexes = list(cells)
    for entry in entries:
        if entry.small:
            entry.shown = False
    while True:
        exposed = next(
            (
                i
                for i, entry in enumerate(entries)
                if not entry.shown and entry.small and _derivable(entries, i)
            ),
            None,
        )
        if exposed is None:
            return
        shown_cells = [i for i in cell_indexes if entries[i].shown]
        target = entries[exposed]
        beside = [
            i
            for i in shown_cells
            if entries[i].tail == target.tail and entries[i].head == target.head
        ]
        near = beside or [i for i in shown_cells if _touches(entries[i], target)]
        shown_totals = [
            i for i, entry in enumerate(entries) if entry.shown and i not in cell_indexes
        ]
        candidates = sorted(
            near or shown_cells or shown_totals, key=lambda i: (entries[i].value, entries[i].key)
        )
        if not candidates:
            return  # Everything hidden: nothing is left to show.
        entries[_protector(entries, exposed, candidates)].shown = False


def _protector(entries: list[_Entry], exposed: int, candidates: list[int]) -> int:
    """The first candidate (the smallest) whose hiding protects the exposed figure on
    its own, else the smallest."""
    for candidate in candidates:
        entries[candidate].shown = False
        protects = not _derivable(entries, exposed)
        entries[candidate].shown = True
        if protects:
            return candidate
    return candidates[0]


def _show(entry: _Entry) -> Masked:
    return entry.value if entry.shown else MASK


def mask_counts(counts: dict[str, int], total: int | None) -> dict[str, Masked]:
    """`counts` with small counts hidden (`MASK`), and the total (key `TOTAL`) when it
    is given: the counts then partition it. Without a total (the counts overlap, or it
    is not shown) each count stands alone and only small ones are hidden."""
    if total is None:
        return {key: masked_count(value) for key, value in counts.items()}
    shown_total, masked = mask_partitions({"": counts}, total)
    return {**masked[""], TOTAL: shown_total}


def mask_partitions(
    partitions: dict[str, dict[str, int]], total: int
) -> tuple[Masked, dict[str, dict[str, Masked]]]:
    """Several breakdowns of the same `total` (cases by status, by region, …), masked
    together: the total, and each breakdown by its name. What one
    breakdown shows can give away what another hides, through the total they share.

    The breakdowns are a chain of the network: source -> (first breakdown) -> node ->
    (second breakdown) -> … -> sink -> (total) -> source, so that each adds up to the
    flow, the total."""
    entries: list[_Entry] = []
    names = list(partitions)
    nodes: list[_Node] = [_SOURCE, *(("step", name) for name in names[:-1]), _SINK]
    for position, name in enumerate(names):
        for key, value in partitions[name].items():
            entries.append(_Entry((name, key), nodes[position], nodes[position + 1], value))
    cells = range(len(entries))
    entries.append(_Entry((TOTAL,), _SINK, _SOURCE, total))
    _suppress(entries, cells)
    masked: dict[str, dict[str, Masked]] = {name: {} for name in names}
    for entry in entries[:-1]:
        masked[entry.key[0]][entry.key[1]] = _show(entry)
    return _show(entries[-1]), masked


def mask_table(
    rows: dict[str, dict[str, int]],
    *,
    column_totals: bool = True,
    unshown: Iterable[str] = (),
) -> dict[str, dict[str, Masked]]:
    """A two-way table with its row totals (key `TOTAL` in each row), its column totals
    and its grand total (the row `TOTAL`, left out when `column_totals` is false: they
    are not shown), small counts hidden with complementary suppression. A cell missing
    from a row counts 0. The `unshown` columns count in the row totals but are never
    shown (what is left of a row once the others are told)."""
    hidden = set(unshown)
    columns = sorted({column for row in rows.values() for column in row})
    entries: list[_Entry] = []
    for name, row in rows.items():
        for column in columns:
            value = row.get(column, 0)
            published = column not in hidden
            entries.append(
                _Entry((name, column), ("row", name), ("col", column), value, published=published)
            )
    cells = range(len(entries))
    for name, row in rows.items():
        entries.append(_Entry((name, TOTAL), _SOURCE, ("row", name), sum(row.values())))
    for column in columns:
        value = sum(row.get(column, 0) for row in rows.values())
        published = column_totals and column not in hidden
        entries.append(_Entry((TOTAL, column), ("col", column), _SINK, value, published=published))
    grand = sum(sum(row.values()) for row in rows.values())
    entries.append(_Entry((TOTAL, TOTAL), _SINK, _SOURCE, grand, published=column_totals))
    _suppress(entries, cells)
    masked: dict[str, dict[str, Masked]] = {name: {} for name in rows}
    for entry in entries:
        if entry.published:
            masked.setdefault(entry.key[0], {})[entry.key[1]] = _show(entry)
    return masked


def masked_count(value: int) -> Masked:
    """One count standing alone (nothing to recompute it from)."""
    return value if value >= SMALL else MASK


def masked_mean(total: float | None, count: int) -> float | None:
    """The mean of `count` values adding up to `total`; None over fewer than SMALL."""
    if total is None or count < SMALL:
        return None
    return round(float(total) / count, 3)


def masked_rate(part: Masked, whole: Masked) -> float | None:
    """`part / whole`, only when both are shown and count at least SMALL (a rate
    would give a hidden part away)."""
    if not isinstance(part, int) or not isinstance(whole, int) or min(part, whole) < SMALL:
        return None
    return round(part / whole, 3)


# The people of a country neither listed nor counted at least SMALL times.
OTHER_COUNTRIES = "other"


def pool_countries(
    listed: Iterable[str], rows: Iterable[tuple[object, int]]
) -> tuple[int, dict[str, int]]:
    """The total of `rows` ((country, n)) and their counts by country: every `listed`
    country (an embassy's jurisdiction) shown, zero included, so that « <5 » never tells
    whether anyone came from it; those counted at least SMALL times too; the others
    together under OTHER_COUNTRIES."""
    counts = dict.fromkeys(sorted({str(country) for country in listed}), 0)
    counts[OTHER_COUNTRIES] = 0
    total = 0
    for country, n in rows:
        total += n
        code = str(country)
        if code in counts or n >= SMALL:
            counts[code] = counts.get(code, 0) + n
        else:
            counts[OTHER_COUNTRIES] += n
    return total, counts

"""The observatory's bar charts, drawn on the server as inline SVG, each with the same
figures as a table (`templates/observatory/_bar_chart.html` writes both).

A chart is horizontal bars, one per line: the label above its bar, the number written
beside the bar. It is read without colour (every bar says what it is and how much),
without JavaScript, and scales with its width (a viewBox): at 360 px the bars shrink,
the words stay whole. A masked count ("<5") is drawn as a short hatched stub with its
"<5" beside it; a figure not shown (a mean over too few cases) has no bar and a dash.

Grouped charts put several bars under one heading (an envelope and what is committed
and disbursed of it; the median and the 90th percentile of a stage): the table then
has one row per group and one column per bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from documents.formatting import format_decimal, format_share, format_xof, group_thousands

# Everything is measured in the viewBox's units; the SVG is as wide as its column.
WIDTH = 340
LABEL_LINE = 17  # a label's line, above its bar
BAR = 14  # a bar's thickness
GAP = 9  # between one bar and the next label
GROUP_LINE = 22  # a group's heading
STUB = 8  # the length of a masked count's hatched stub
CHAR = 7.2  # the width of a digit of the numbers written beside the bars
MAX_LABEL = 48  # longer labels are cut in the SVG (whole in the table and the <title>)
TOP = 10  # a long ranked breakdown draws its largest bars, then one bar for the rest

Value = int | float | str | None


def count_text(value: Value) -> str:
    """`1 234`, or "<5" for a masked count, or a dash."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return group_thousands(int(value))


def money_text(value: Value) -> str:
    """`25 000 000 FCFA`."""
    return value if isinstance(value, str) else format_xof(None if value is None else int(value))


def days_text(value: Value) -> str:
    """`12,5 j` (days, one decimal)."""
    if value is None or isinstance(value, str):
        return count_text(value)
    return _("%(days)s j") % {"days": format_decimal(round(float(value), 1))}


def score_text(value: Value) -> str:
    """A mean score between 0 and 1, two decimals: `0,64`."""
    if value is None or isinstance(value, str):
        return count_text(value)
    return format_decimal(round(float(value), 2))


def share_text(value: Value) -> str:
    """`62,5 %`."""
    if value is None or isinstance(value, str):
        return count_text(value)
    return format_share(round(float(value), 3))


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the figure as written beside the bar and in the table
    top: float  # the top of the label's line
    length: float  # 0: no bar
    masked: bool = False
    url: str = ""

    @property
    def label_y(self) -> float:
        return self.top + LABEL_LINE - 5

    @property
    def bar_y(self) -> float:
        return self.top + LABEL_LINE

    @property
    def text_x(self) -> float:
        return self.length + 6

    @property
    def text_y(self) -> float:
        return self.bar_y + BAR - 3

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= MAX_LABEL else self.label[: MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class Group:
    title: str
    top: float
    bars: list[Bar]

    @property
    def title_y(self) -> float:
        return self.top + GROUP_LINE - 7


@dataclass(frozen=True)
class Row:
    """A line of the table: its heading cell, then its figures."""

    header: str
    cells: list[str]
    url: str = ""


@dataclass
class BarChart:
    key: str  # unique on the page: the ids of its elements start with it
    caption: str
    columns: list[str]  # the table's headings: the rows' heading, then one per figure
    rows: list[Row] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    height: float = 0
    width: int = WIDTH
    note: str = ""  # said under the chart (what a "<5" or a dash means)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def bar_height(self) -> int:
        return BAR

    @property
    def stub(self) -> int:
        return STUB


Formatter = Callable[[Value], str]


def _room(texts: Iterable[str]) -> float:
    """The room kept right of the longest bar for the longest number."""
    longest = max((len(text) for text in texts), default=0)
    return min(WIDTH / 2, longest * CHAR + 10)


def _number(value: Value) -> float | None:
    return None if value is None or isinstance(value, str) else float(value)


def _draw(
    lines: list[tuple[str, list[tuple[str, Value, str]]]], fmt: Formatter
) -> tuple[list[Group], float]:
    """Place the bars of each group ((title, [(label, value, url)])): their lengths share
    one scale, the largest figure reaching as far as the longest number allows."""
    texts = [fmt(value) for _title, bars in lines for _label, value, _url in bars]
    numbers = [n for _t, bars in lines for _l, v, _u in bars if (n := _number(v)) is not None]
    largest = max(numbers, default=0) or 1
    span = WIDTH - _room(texts)
    groups, top = [], 0.0
    for title, bars in lines:
        group_top = top
        if title:
            top += GROUP_LINE
        drawn = []
        for label, value, url in bars:
            number = _number(value)
            masked = isinstance(value, str)
            length = STUB if masked else (max(number, 0) / largest * span if number else 0)
            drawn.append(Bar(label, fmt(value), top=top, length=length, masked=masked, url=url))
            top += LABEL_LINE + BAR + GAP
        groups.append(Group(title=title, top=group_top, bars=drawn))
    return groups, top


def _note(values: Iterable[Value]) -> str:
    shown = list(values)
    notes = []
    if any(isinstance(value, str) for value in shown):
        notes.append(_("« <5 » : moins de 5, masqué pour que personne ne soit reconnu."))
    if None in shown:
        notes.append(
            _("« — » : pas de chiffre (aucune donnée, ou trop peu de dossiers pour en montrer un).")
        )
    return " ".join(notes)


def _others(rest: list[Value]) -> Value:
    """The figure of the bar "Autres": the sum of the figures not drawn, or None (no
    figure) if one of them is masked, so that no hidden count can be recomputed."""
    if any(isinstance(value, str) for value in rest):
        return None
    return sum(_number(value) or 0 for value in rest)


def bar_chart(
    key: str,
    caption: str,
    values: Mapping[str, Value] | Iterable[tuple[str, Value]],
    *,
    heading: str,
    measure: str,
    label: Callable[[str], str] = str,
    fmt: Formatter = count_text,
    ranked: bool = True,
    url: Callable[[str], str] | None = None,
    more: Iterable[tuple[str, Callable[[str], str]]] = (),
    top: int | None = None,
) -> BarChart:
    """One bar per code of `values`, labelled `label(code)`; largest first when `ranked`
    (masked counts after the counts shown, as they are under 5), else in the given order.
    With `top`, only the `top` first are drawn, then a bar "Autres (n)" for the n others
    (without a figure if one of them is masked); the table lists them all.
    The table's columns: `heading` (what the rows are), `measure` (what is counted), then
    `more` ((heading, code -> text): figures of the table only)."""
    items = list(values.items() if isinstance(values, Mapping) else values)
    if ranked:
        # A masked count is under 5: after the counts shown, before the zeros.
        items.sort(key=lambda item: -(_number(item[1]) or (4.5 if isinstance(item[1], str) else 0)))
    extra = list(more)
    lines = [(code, label(code), value, url(code) if url else "") for code, value in items]
    drawn = [(text, value, link) for _c, text, value, link in lines]
    notes = [_note(value for _code, _text, value, _link in lines)]
    if top is not None and len(drawn) > top:
        rest = [value for _text, value, _link in drawn[top:]]
        others = _others(rest)
        drawn = [*drawn[:top], (_("Autres (%(n)s)") % {"n": len(rest)}, others, "")]
        if others is None:
            notes.append(_("« Autres » : sans chiffre, car il compte des nombres masqués."))
    groups, height = _draw([("", drawn)], fmt)
    return BarChart(
        key=key,
        caption=caption,
        columns=[heading, measure, *(name for name, _cell in extra)],
        rows=[
            Row(text, [fmt(value), *(cell(code) for _name, cell in extra)], link)
            for code, text, value, link in lines
        ],
        groups=groups if lines else [],
        height=height,
        note=" ".join(note for note in notes if note),
    )


def grouped_chart(
    key: str,
    caption: str,
    groups: Iterable[tuple[str, Mapping[str, Any]]],
    series: Iterable[tuple[str, str]],
    *,
    heading: str,
    fmt: Formatter = count_text,
    more: Iterable[tuple[str, Callable[[Mapping[str, Any]], str]]] = (),
) -> BarChart:
    """Under each group's title ((title, {series code: value})), one bar per series
    ((code, label)) in the order of `series`; the table: one row per group, one
    column per series, then `more` ((heading, group's figures -> text))."""
    named = list(series)
    given = list(groups)
    extra = list(more)
    lines = [
        (title, [(name, figures.get(code), "") for code, name in named]) for title, figures in given
    ]
    drawn, height = _draw(lines, fmt)
    values = [figures.get(code) for _t, figures in given for code, _n in named]
    return BarChart(
        key=key,
        caption=caption,
        columns=[heading, *(name for _code, name in named), *(name for name, _cell in extra)],
        rows=[
            Row(
                title,
                [
                    *(fmt(figures.get(code)) for code, _name in named),
                    *(cell(figures) for _name, cell in extra),
                ],
            )
            for title, figures in given
        ],
        groups=drawn,
        height=height,
        note=_note(values),
    )

"""Draw the proposal and tranche state machines and the proposal flow from the code.

Run through `make diagrams` (needs Debian's `graphviz` for the `dot` binary and
the `graphviz` Python package). Writes, next to this file:

- proposal_status.svg: `Proposal.status` (django-fsm-2's `graph_transitions`);
- tranche_status.svg: `Tranche.status` (same);
- proposal_flow.svg: `ProposalFlow` (the drawing of viewflow's `flowexport`).

The state machines go through django-fsm-2's own `generate_dot`, with two
adjustments: its lines are put in the order of the model's states, so the same
code always gives the same picture (the command iterates over sets, whose order
changes with every interpreter run), and the initial state gets its entry
arrow (the command compares the state's label with the field's default value,
so with labelled choices it never draws it).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STATE = re.compile(r'\.status\.([a-z_]+)"')


def _ordered(lines: list[str], states: list[str]) -> list[str]:
    """The subgraph's node lines in state order, then its edges by (source, target)."""
    rank = {state: index for index, state in enumerate(states)}

    def key(line: str) -> tuple[int, list[int], str]:
        # The initial point (not a state) comes first, so the layout starts there.
        found = [rank.get(state, -1) for state in STATE.findall(line)]
        return (1 if "->" in line else 0, found, line)

    head = [line for line in lines if not STATE.search(line)]
    body = sorted((line for line in lines if STATE.search(line)), key=key)
    # The closing brace of the subgraph stays last.
    return [*head[:-1], *body, head[-1]]


def draw_state_machine(model_label: str, field: str, output: Path) -> None:
    from django.apps import apps
    from django_fsm.management.commands.graph_transitions import (
        generate_dot,
        node_name,
        one_fsm_fields_data,
    )

    model = apps.get_model(model_label)
    fsm_field, _model = one_fsm_fields_data(model, field)
    states = [str(value) for value, _label in fsm_field.flatchoices]
    graph = generate_dot([(fsm_field, model)])
    initial = node_name(fsm_field, "_initial")
    start = node_name(fsm_field, fsm_field.default)
    entry = [f'\t\t"{initial}" [label="" shape=point]\n', f'\t\t"{initial}" -> "{start}"\n']
    graph.body[:] = _ordered([*graph.body[:-1], *entry, graph.body[-1]], states)
    graph.engine = "dot"
    graph.format = "svg"
    output.write_bytes(graph.pipe())


def draw_flow(output: Path) -> None:
    """The same drawing as viewflow's `flowexport`, which is not available here: only
    `viewflow.workflow` is installed, so the chart template is read from the package."""
    import viewflow
    from django.template import Context, Engine
    from viewflow.workflow import chart

    from workflows.flows import ProposalFlow

    grid = chart.calc_layout_data(ProposalFlow)
    engine = Engine(
        dirs=[str(Path(viewflow.__file__).parent / "templates")],
        libraries={"l10n": "django.templatetags.l10n"},
    )
    template = engine.get_template("viewflow/workflow/graph.svg")
    output.write_text(
        template.render(Context({"grid": grid, "cells": grid.cells, "edges": grid.edges})),
        encoding="utf-8",
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    draw_state_machine("workflows.Proposal", "status", HERE / "proposal_status.svg")
    draw_state_machine("workflows.Tranche", "status", HERE / "tranche_status.svg")
    draw_flow(HERE / "proposal_flow.svg")
    for name in ("proposal_status.svg", "tranche_status.svg", "proposal_flow.svg"):
        print(f"Drawn: {(HERE / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()

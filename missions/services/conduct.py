"""The mission under way: the host (or the officer) starts it when the expert arrives;
afterwards the expert and the host each file their report."""

from __future__ import annotations

from typing import Unpack

from django.utils.translation import gettext as _

from accounts.types import signed_in
from missions.models import Mission, MissionReport
from missions.rules import report_author, report_filed_problems
from missions.transitions import MISSION_TRANSITIONS
from missions.transitions import MissionTransition as T
from processes.firing import Firing


def mission_start(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return MISSION_TRANSITIONS.run(mission, T.START, **firing, comment=comment)


REPORT_MISSING = _("Décrivez ce qui a été enseigné ou soigné.")
RATING_MISSING = _("Donnez une appréciation de 1 à 5.")


def mission_report(
    *,
    mission: Mission,
    report: str = "",
    students: int | None = 0,
    patients: int | None = 0,
    difficulties: str = "",
    rating: int | str | None = None,
    **firing: Unpack[Firing],
) -> Mission:
    """The expert's or the host's report (one each): the first one moves the mission to
    `reported`; the officer certifies once both are in."""
    author = report_author(firing["by"], mission)
    score = int(str(rating)) if str(rating or "").isdigit() else 0

    def problems(locked: Mission) -> list[str]:
        found = []
        if not report.strip():
            found.append(str(REPORT_MISSING))
        if not 1 <= score <= 5:
            found.append(str(RATING_MISSING))
        return [*found, *report_filed_problems(firing["by"], locked)]

    def file(locked: Mission) -> None:
        MissionReport.objects.create(
            mission=locked,
            author=author,
            filed_by=signed_in(firing["by"]),
            summary=report.strip(),
            students=students or 0,
            patients=patients or 0,
            difficulties=difficulties.strip(),
            rating=score,
        )

    return MISSION_TRANSITIONS.run(
        mission,
        T.REPORT,
        **firing,
        conditions=problems,
        after_save=file,
        data={"author": str(author)},
        field_of={str(REPORT_MISSING): "report", str(RATING_MISSING): "rating"},
    )

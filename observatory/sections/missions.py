"""The dashboard's « Volontariat solidaire » section: the mission needs by kind and
status, the missions by status and kind, the experts sent by country, and the key
figures of the reports (students taught, patients treated, mean ratings) and of the
approvals (median delay).

Every count of missions or experts arrives masked ("<5", `processes.masking`) and
every sum, mean or median over fewer than 5 missions as None: the section writes them
as they are. The experts sent are a ranked bar chart, not a map: a map's classes need
every count, and a masked one has none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.choices import MissionKind, MissionStatus, NeedStatus
from observatory.access import Scope
from observatory.charts import count_text, days_text, score_text
from observatory.filters import StatsFilters
from observatory.sections.base import Breakdown, Figure, Names, Section, labels_of
from observatory.stats.missions import mission_stats
from processes.masking import OTHER_COUNTRIES

NEED_BREAKDOWNS = (
    Breakdown(
        "by_kind",
        "needs-kind",
        gettext_lazy("Demandes de mission par type"),
        gettext_lazy("Type de mission"),
        labels_of(MissionKind),
        MissionKind,
    ),
    Breakdown(
        "by_status",
        "needs-status",
        gettext_lazy("Demandes de mission par statut"),
        gettext_lazy("Statut"),
        labels_of(NeedStatus),
        NeedStatus,
    ),
)


def country_labels(_names: Names) -> Callable[[str], str]:
    return lambda code: _("Autres pays") if code == OTHER_COUNTRIES else Names.country(code)


MISSION_BREAKDOWNS = (
    Breakdown(
        "by_status",
        "missions-status",
        gettext_lazy("Missions par statut"),
        gettext_lazy("Statut"),
        labels_of(MissionStatus),
        MissionStatus,
    ),
    Breakdown(
        "by_kind",
        "missions-kind",
        gettext_lazy("Missions par type"),
        gettext_lazy("Type de mission"),
        labels_of(MissionKind),
        MissionKind,
    ),
)

SENT = Breakdown(
    "by_country",
    "missions-experts-country",
    gettext_lazy("Experts envoyés par pays de résidence"),
    gettext_lazy("Pays"),
    country_labels,
    long=True,
)


def _rating(value: float | None) -> str:
    return "—" if value is None else _("%(rating)s / 5") % {"rating": score_text(value)}


def present(stats: dict[str, Any], names: Names) -> Section:
    """The section drawn from `mission_stats`' figures (already masked)."""
    needs, missions = stats["needs"], stats["missions"]
    sent, reports = stats["experts_sent"], stats["reports"]
    approval = stats["approval_days"]
    parts: dict[str, Any] = {
        f"needs_{breakdown.figure}": breakdown.chart(needs[breakdown.figure], names, _("Demandes"))
        for breakdown in NEED_BREAKDOWNS
    }
    parts.update(
        {
            f"missions_{breakdown.figure}": breakdown.chart(
                missions[breakdown.figure], names, _("Missions")
            )
            for breakdown in MISSION_BREAKDOWNS
        }
    )
    parts["experts_sent"] = SENT.chart(sent["by_country"], names, _("Experts"))
    too_few = _("moins de 5 rapports : non montré")
    return Section(
        key="missions",
        title=_("Volontariat solidaire"),
        template="observatory/sections/missions.html",
        intro=_(
            "Les missions d'enseignement, médicales et techniques des experts de la "
            "diaspora : les demandes des établissements, les missions, les experts envoyés "
            "et ce que disent les rapports. Les petits nombres sont masqués."
        ),
        figures=[
            Figure(_("Demandes"), count_text(needs["total"])),
            Figure(_("Missions"), count_text(missions["total"])),
            Figure(_("Experts envoyés"), count_text(sent["total"])),
            Figure(
                _("Missions attestées"),
                count_text(missions["by_status"].get(MissionStatus.CERTIFIED)),
            ),
            Figure(
                _("Étudiants formés"),
                count_text(reports["students"]),
                "" if reports["students"] is not None else too_few,
            ),
            Figure(
                _("Patients soignés"),
                count_text(reports["patients"]),
                "" if reports["patients"] is not None else too_few,
            ),
            Figure(
                _("Appréciation des établissements"),
                _rating(reports["rating_by_hosts"]),
                _("Appréciation des experts : %(rating)s")
                % {"rating": _rating(reports["rating_by_experts"])},
            ),
            Figure(
                _("De la candidature à l'approbation"),
                days_text(approval["median"]),
                _("médiane, sur %(count)s missions approuvées")
                % {"count": count_text(approval["count"])},
            ),
        ],
        parts=parts,
    )


def section(scope: Scope, filters: StatsFilters, names: Names) -> Section | None:
    if not scope.sees_missions:
        return None
    return present(mission_stats(scope, filters), names)

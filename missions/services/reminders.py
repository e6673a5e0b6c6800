"""The reminders to file a mission's reports: seven days after the need's end, each side
whose report is missing is reminded once, ever (`manage.py remind_mission_reports`,
daily). A reminder is a history row of the mission (action `remind_report`, the side in
its data), written with the mail: a second run finds it and sends nothing more."""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from audit.models import HistoryEntry, Source
from audit.services import record_history
from missions import notifications
from missions.choices import MissionStatus, ReportAuthor
from missions.models import Mission, MissionReport

REMIND = "remind_report"
# Days after the need's last day before a missing report is asked for.
REMIND_AFTER_DAYS = 7


def _reminded(side: ReportAuthor) -> Exists:
    return Exists(
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Mission),
            object_id=OuterRef("pk"),
            action=REMIND,
            data__side=str(side),
        )
    )


def missions_to_remind(side: ReportAuthor, today: datetime.date) -> QuerySet[Mission]:
    """The missions under way or reported whose need ended `REMIND_AFTER_DAYS` ago or
    more, with no report of `side` and no reminder of it yet."""
    return (
        Mission.objects.filter(
            status__in=[MissionStatus.IN_PROGRESS, MissionStatus.REPORTED],
            need__ends_on__lte=today - datetime.timedelta(days=REMIND_AFTER_DAYS),
        )
        .exclude(Exists(MissionReport.objects.filter(mission=OuterRef("pk"), author=side)))
        .exclude(_reminded(side))
        .order_by("pk")
    )


def remind_reports(today: datetime.date | None = None) -> int:
    """Remind each side of a missing report, once; how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    for side in (ReportAuthor.EXPERT, ReportAuthor.HOST):
        for pk in list(missions_to_remind(side, today).values_list("pk", flat=True)):
            with transaction.atomic():
                # Locked and asked again: two runs at once remind once.
                mission = Mission.objects.select_for_update().get(pk=pk)
                if not missions_to_remind(side, today).filter(pk=pk).exists():
                    continue
                record_history(
                    obj=mission,
                    action=REMIND,
                    by=None,
                    source=Source.COMMAND,
                    data={"side": str(side)},
                )
                transaction.on_commit(
                    partial(
                        notifications.report_reminder,
                        mission,
                        expert_side=side == ReportAuthor.EXPERT,
                    )
                )
            sent += 1
    return sent

"""What the missions' models share: the bounds and the code-list validator."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from missions.choices import (
    MissionStatus,
    NeedStatus,
)
from processes.validators import CodeList

N = NeedStatus
M = MissionStatus

# The longest mission a need may ask for, and the most volunteers on one need.
MAX_MISSION_DAYS = 365
MAX_VOLUNTEERS = 50
# The most students or patients a report may count.
MAX_REPORTED_PEOPLE = 1_000_000


validate_languages = CodeList("registry.models.reference.SpokenLanguage")
validate_provisions = CodeList("missions.choices.HostProvision")
validate_covers = CodeList("missions.choices.MinistryCover")


def labels_of(choices: type[models.TextChoices], codes: Iterable[str]) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes]

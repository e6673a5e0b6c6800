from difficulties.models.difficulties import (
    DESCRIPTION_MIN_LENGTH,
    NOTE_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Difficulty,
    DifficultyAnswer,
)
from difficulties.models.reference import Administration, OnlineService
from difficulties.models.reports import QuarterlyReport

__all__ = [
    "DESCRIPTION_MIN_LENGTH",
    "NOTE_MAX_LENGTH",
    "PHONE_MAX_LENGTH",
    "Administration",
    "Difficulty",
    "DifficultyAnswer",
    "OnlineService",
    "QuarterlyReport",
]

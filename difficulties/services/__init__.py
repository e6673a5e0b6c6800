"""Every write of the difficulties register: one function per state change."""

from difficulties.services.feedback import give_feedback
from difficulties.services.handling import (
    difficulty_answer,
    difficulty_close,
    difficulty_merge,
    difficulty_qualify,
    difficulty_refer,
    difficulty_reject,
)
from difficulties.services.reporting import (
    already_sent_sentence,
    difficulty_confirm,
    difficulty_confirm_by_link,
    difficulty_record,
    difficulty_report,
)

__all__ = [
    "already_sent_sentence",
    "difficulty_answer",
    "difficulty_close",
    "difficulty_confirm",
    "difficulty_confirm_by_link",
    "difficulty_merge",
    "difficulty_qualify",
    "difficulty_record",
    "difficulty_refer",
    "difficulty_reject",
    "difficulty_report",
    "give_feedback",
]

"""The difficulties register's API (README.md, « The API »; the rules:
docs/difficulties.md): `public` (anonymous: report, follow by the tracking code, give
one's word on the answer) and `difficulties` (the staff's register, its transitions,
history and attachments); the serializers they share.

Serializers check the shape of a request, `difficulties.access` decides who sees and
does what, `difficulties.services` does every write (and records every refused
attempt). A report the caller may not see answers 404; one it sees but may not act
on answers 403.
"""

from difficulties.api.difficulties import DifficultyViewSet
from difficulties.api.public import PublicFeedbackView, PublicReportView, PublicTrackingView

__all__ = ["DifficultyViewSet", "PublicFeedbackView", "PublicReportView", "PublicTrackingView"]

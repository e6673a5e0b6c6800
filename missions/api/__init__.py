"""Volunteering missions API (README.md, « The API »; the lifecycle: docs/missions.md):
`needs` (the host institutions' needs and their ranked candidates), `missions` (the
candidacies and missions), `attachments` (the pieces of either); the serializers
they share.

Serializers check the shape of a request, `missions.access` decides who sees and does
what, `missions.services` does every write (and records every refused attempt). An
object the caller may not see answers 404 before anything else is looked at; one it
sees but may not act on answers 403.
"""

from missions.api.missions import MissionViewSet
from missions.api.needs import MissionNeedViewSet

__all__ = ["MissionNeedViewSet", "MissionViewSet"]

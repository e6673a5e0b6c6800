"""Co-realisation API: calls, proposals, reviews, tranches, attachments and the
inbox (README.md, « The API »; the lifecycle: docs/workflows.md).

Serializers check the shape of a request, `workflows.access` decides who sees
and does what, `workflows.services` does every write (and records every
refused attempt). An object the caller may not see answers 404 before anything
else is looked at; one it sees but may not act on answers 403.
"""

from __future__ import annotations

from workflows.api.attachments import AttachmentViewSet
from workflows.api.calls import CallViewSet
from workflows.api.proposals import ProposalViewSet
from workflows.api.tranches import TrancheViewSet

__all__ = ["AttachmentViewSet", "CallViewSet", "ProposalViewSet", "TrancheViewSet"]

"""The mission's two documents: the mission order (ordre de mission), issued when the
officer approves the mission, and the mission certificate (attestation de mission),
issued when the officer certifies it. Both are rendered after the commit through
`documents.services.request_document` and verifiable at /verify/."""

from __future__ import annotations

from accounts.types import AnyUser
from audit.models import Source
from documents.models import DocumentKind
from documents.services import request_document
from missions.models import Mission

ORDER = DocumentKind.MISSION_ORDER
CERTIFICATE = DocumentKind.MISSION_CERTIFICATE


def request_mission_order(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    request_document(owner=mission, kind=ORDER, by=by, source=source)


def request_mission_certificate(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    request_document(owner=mission, kind=CERTIFICATE, by=by, source=source)

"""The mission's two documents: the mission order (ordre de mission), issued when the
officer approves the mission, and the mission certificate (attestation de mission),
issued when the officer certifies it. Both are rendered after the commit through
`documents.services.request_document` and verifiable at /verify/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from audit.models import Source
from documents.models import DocumentKind
from documents.services import request_document
from missions.access import is_officer
from missions.models import Mission
from processes.transitions import Decision

ORDER = DocumentKind.MISSION_ORDER
CERTIFICATE = DocumentKind.MISSION_CERTIFICATE


def request_mission_order(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    request_document(owner=mission, kind=ORDER, by=by, source=source)


def request_mission_certificate(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    request_document(owner=mission, kind=CERTIFICATE, by=by, source=source)


def can_regenerate_mission_documents(user: AnyUser, mission: Mission) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme régénère les documents d'une mission."))

"""The mission's two documents: the mission order (ordre de mission), issued when the
officer approves the mission, and the mission certificate (attestation de mission),
issued when the officer certifies it.

Both are rendered after the commit through `documents.services.request_document`,
PDF/A-3b with their data attached as JSON, and verifiable at /verify/. They name
the expert by name, profession and country of residence, never by its contact
details: whoever sees the mission reads them (`access.can_see_mission`).
`MissionsConfig.ready()` registers the producers and the access rules with `documents`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.types import AnyUser
from audit.labels import person_name
from audit.models import HistoryEntry, Outcome, Source
from documents.formatting import de_name, format_date_fr
from documents.models import DocumentKind, StoredDocument
from documents.registry import DocumentSpec
from documents.rendering import MINISTRY
from documents.services import documents_of, request_document
from missions.access import is_officer
from missions.choices import HOLDING_STATES, MissionStatus, ReportAuthor
from missions.models import Mission, MissionReport
from missions.transitions import MissionTransition
from processes.transitions import Decision

ORDER = DocumentKind.MISSION_ORDER
CERTIFICATE = DocumentKind.MISSION_CERTIFICATE
KINDS = (ORDER, CERTIFICATE)
ORDER_TEMPLATE = "missions/documents/mission_order.html"
CERTIFICATE_TEMPLATE = "missions/documents/mission_certificate.html"
# Change them whenever the document's wording, layout or content changes.
ORDER_VERSION = "mission-order-2026.1"
CERTIFICATE_VERSION = "mission-certificate-2026.1"
SERVICE = "Volontariat solidaire pour le développement (VSD)"


def request_mission_order(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    """Inside `approve`'s transaction: the order is due, rendered once it commits."""
    request_document(owner=mission, kind=ORDER, by=by, source=source)


def request_mission_certificate(mission: Mission, *, by: AnyUser, source: Source | str) -> None:
    """Inside `certify`'s transaction: the attestation is due, rendered once it commits."""
    request_document(owner=mission, kind=CERTIFICATE, by=by, source=source)


def documents_of_mission(mission: Mission) -> QuerySet[StoredDocument]:
    """The mission's stored documents, the order first, newest version first in each kind:
    what the mission's page and `…/missions/{id}/documents/` list."""
    first = Case(When(kind=ORDER, then=Value(0)), default=Value(1))
    return documents_of(mission).filter(kind__in=KINDS).order_by(first, "-version")


# --- Who may make them again ----------------------------------------------------------------


def can_regenerate_mission_documents(user: AnyUser, mission: Mission) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seul un chargé de programme régénère les documents d'une mission."))


def can_regenerate_order(user: AnyUser, mission: Mission) -> Decision:
    if mission.status not in HOLDING_STATES:
        return Decision.deny(
            _("L'ordre de mission n'existe que pour une mission approuvée, en cours ou achevée.")
        )
    return Decision.allow()


def can_regenerate_certificate(user: AnyUser, mission: Mission) -> Decision:
    if mission.status != MissionStatus.CERTIFIED:
        return Decision.deny(_("L'attestation n'existe qu'une fois la mission attestée."))
    return Decision.allow()


def missions_due_an_order() -> QuerySet[Mission]:
    return Mission.objects.filter(status__in=HOLDING_STATES)


def missions_due_a_certificate() -> QuerySet[Mission]:
    return Mission.objects.filter(status=MissionStatus.CERTIFIED)


# --- What they say ----------------------------------------------------------------------------


def _fresh(mission: Mission) -> Mission:
    return (
        Mission.objects.select_related(
            "expert",
            "need",
            "need__host",
            "need__region",
            "need__prefecture",
            "need__host__region",
            "need__host__prefecture",
        )
        .prefetch_related("need__domains", "reports")
        .get(pk=mission.pk)
    )


def _decision(mission: Mission, action: str) -> HistoryEntry | None:
    """The history row of the officer's `action` (approve, certify) on the mission."""
    return (
        HistoryEntry.objects.for_object(mission)
        .filter(action=action, outcome=Outcome.DONE)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _facts(mission: Mission) -> tuple[dict[str, Any], dict[str, Any]]:
    """What both documents print (context) and carry (payload): the parties, the need,
    who covers what, and the approval."""
    need, expert, host = mission.need, mission.expert, mission.need.host
    domains = sorted(need.domains.all(), key=lambda domain: domain.code)
    approval = _decision(mission, MissionTransition.APPROVE)
    approved_at = _local(mission.approved_at or (approval.at if approval else None))
    approved_by = person_name(approval.by) if approval else ""
    context = {
        "reference": mission.reference,
        "ministry": MINISTRY,
        "expert": {
            "name": expert.full_name,
            "profession": expert.profession,
            "country": countries.name(expert.country),
            "city": expert.city,
        },
        "host": {
            "name": host.name,
            "kind": host.get_kind_display(),
            "city": host.city,
        },
        "need": {
            "title": need.title,
            "kind": need.get_kind_display(),
            "discipline": need.discipline,
            "domains": [domain.label_fr for domain in domains],
            "place": need.place,
            "prefecture": f"préfecture {de_name(need.prefecture.name)}",
            "region": f"région {need.region.name}",
            "starts_on": format_date_fr(need.starts_on),
            "ends_on": format_date_fr(need.ends_on),
            "days": need.days,
            "languages": need.language_labels(),
        },
        "host_provides": need.provision_labels(),
        "ministry_covers": need.cover_labels(),
        "approved_on": format_date_fr(approved_at) if approved_at else "—",
        "approved_by": approved_by,
    }
    payload = {
        "reference": mission.reference,
        "expert": {
            "first_name": expert.first_name,
            "last_name": expert.last_name,
            "profession": expert.profession,
            "country": str(expert.country),
            "city": expert.city,
        },
        "host": {
            "name": host.name,
            "kind": host.kind,
            "city": host.city,
            "region": host.region.code,
            "prefecture": host.prefecture.code,
        },
        "need": {
            "id": need.pk,
            "title": need.title,
            "kind": need.kind,
            "discipline": need.discipline,
            "domains": [domain.code for domain in domains],
            "place": need.place,
            "region": need.region.code,
            "prefecture": need.prefecture.code,
            "starts_on": need.starts_on,
            "ends_on": need.ends_on,
            "days": need.days,
            "languages": list(need.languages),
        },
        "host_provides": list(need.host_provides),
        "ministry_covers": list(need.ministry_covers),
        "approved_at": approved_at,
        "approved_by": approved_by,
    }
    return context, payload


def mission_order_spec(mission: Mission) -> DocumentSpec:
    mission = _fresh(mission)
    context, payload = _facts(mission)
    return DocumentSpec(
        template_name=ORDER_TEMPLATE,
        template_version=ORDER_VERSION,
        reference=mission.reference,
        context={**context, "service": SERVICE},
        payload={"schema": "ordre-de-mission/1", **payload},
    )


def _report_data(report: MissionReport) -> dict[str, Any]:
    return {
        "author": report.author,
        "summary": report.summary,
        "students": report.students,
        "patients": report.patients,
        "rating": report.rating,
        "filed_at": _local(report.filed_at),
    }


def mission_certificate_spec(mission: Mission) -> DocumentSpec:
    mission = _fresh(mission)
    context, payload = _facts(mission)
    # The expert's report first, then the host's (the difficulties stay on the platform).
    order: dict[str, int] = {ReportAuthor.EXPERT: 0, ReportAuthor.HOST: 1}
    reports = sorted(mission.reports.all(), key=lambda report: order.get(report.author, 2))
    certification = _decision(mission, MissionTransition.CERTIFY)
    certified_at = _local(mission.certified_at or (certification.at if certification else None))
    certified_by = person_name(certification.by) if certification else ""
    context = {
        **context,
        "service": SERVICE,
        "reports": [
            {
                "author": report.get_author_display(),
                "summary": report.summary,
                "students": report.students,
                "patients": report.patients,
                "rating": report.rating,
            }
            for report in reports
        ],
        "certified_on": format_date_fr(certified_at) if certified_at else "—",
        "certified_by": certified_by,
    }
    payload = {
        "schema": "attestation-de-mission/1",
        **payload,
        "reports": [_report_data(report) for report in reports],
        "certified_at": certified_at,
        "certified_by": certified_by,
    }
    return DocumentSpec(
        template_name=CERTIFICATE_TEMPLATE,
        template_version=CERTIFICATE_VERSION,
        reference=mission.reference,
        context=context,
        payload=payload,
    )

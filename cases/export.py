"""Everything held on one returnee, for the right of access: as JSON and as a PDF.

`personal_data(case)` gathers the case (intake, consent, assignment, closure),
its assessment with the structured answers, its plan, referrals, follow-ups
with answers and scores, its history (referrals' rows included), the generated
documents and attached pieces it holds (listed, not included), and who opened
the case when. The PDF prints the same content and embeds the JSON. The export is
not stored: each download is built fresh and recorded in the case's history
(`cases.services.personal_data.case_export`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone, translation
from django_countries import countries

from audit.labels import render_summary
from cases.documents import plan_item_data
from cases.models import Assessment, Case, CaseRead, FollowUp, PlanItem, Referral
from cases.selectors.case import HISTORY_LABELS, REFERRAL_HISTORY_LABELS, history_entries
from documents.formatting import format_date_fr
from documents.rendering import plain_json, render_pdf
from documents.services import documents_of
from documents.uploads import attachments_of

SCHEMA = "returnee-personal-data/1"
# Printed labels of the exported keys whose model field has no French name.
UNNAMED_FIELDS = {
    "created_by": "Créé par",
    "created_at": "Créé le",
    "updated_by": "Modifié par",
    "scores": "Scores",
}
TEMPLATE = "documents/personal_data_export.html"


def _user(user: Any) -> str | None:
    if user is None:
        return None
    name = user.get_full_name().strip()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def _case(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "first_name": case.first_name,
        "last_name": case.last_name,
        "sex": case.sex,
        "birth_year": case.birth_year,
        "phone": case.phone,
        "return_date": case.return_date,
        "returned_from": str(case.returned_from),
        "return_type": case.return_type,
        "region": case.region.code,
        "prefecture": case.prefecture.code if case.prefecture else None,
        "consent_given": case.consent_given,
        "consent_recorded_at": case.consent_recorded_at,
        "consent_recorded_by": _user(case.consent_recorded_by),
        "vulnerabilities": list(case.vulnerabilities),
        "health_notes": case.health_notes,
        "immediate_needs": case.immediate_needs,
        "status": case.status,
        "caseworker": _user(case.caseworker),
        "closure_reason": case.closure_reason,
        "closed_at": case.closed_at,
        "created_at": case.created_at,
        "created_by": _user(case.created_by),
        "anonymised_at": case.anonymised_at,
    }


def _assessment(case: Case) -> dict[str, Any] | None:
    assessment = Assessment.objects.filter(case=case).select_related("updated_by").first()
    if assessment is None:
        return None
    return {
        "economic_answers": assessment.economic_answers,
        "economic_notes": assessment.economic_notes,
        "social_answers": assessment.social_answers,
        "social_notes": assessment.social_notes,
        "psychosocial_answers": assessment.psychosocial_answers,
        "psychosocial_notes": assessment.psychosocial_notes,
        "skills": assessment.skills,
        "complete": assessment.complete,
        "updated_at": assessment.updated_at,
        "updated_by": _user(assessment.updated_by),
    }


def _history(case: Case) -> list[dict[str, Any]]:
    rows = []
    for entry in history_entries(case):
        labels = HISTORY_LABELS if entry.content_type.model == "case" else REFERRAL_HISTORY_LABELS
        rows.append(
            {
                "object": entry.content_type.model,
                "action": entry.action,
                "label": str(labels.get(entry.action, entry.action)),
                "source_state": entry.source_state,
                "target_state": entry.target_state,
                "by": _user(entry.by),
                "at": entry.at,
                "source": entry.source,
                "outcome": entry.outcome,
                "summary": render_summary(entry.data),
                "comment": entry.comment,
            }
        )
    return rows


def personal_data(case: Case) -> dict[str, Any]:
    """All the case holds on its returnee, as plain JSON values (dates as strings)."""
    case = Case.objects.select_related(
        "region", "prefecture", "caseworker", "consent_recorded_by", "created_by"
    ).get(pk=case.pk)
    data = {
        "schema": SCHEMA,
        "exported_at": timezone.now(),
        "case": _case(case),
        "assessment": _assessment(case),
        "plan_items": [
            plan_item_data(item) for item in case.plan_items.order_by("target_date", "id")
        ],
        "referrals": [
            {
                "service": referral.service,
                "provider": referral.provider,
                "due_date": referral.due_date,
                "note": referral.note,
                "status": referral.status,
                "outcome": referral.outcome,
                "delivered_on": referral.delivered_on,
                "created_at": referral.created_at,
                "created_by": _user(referral.created_by),
            }
            for referral in case.referrals.select_related("created_by").order_by("due_date", "id")
        ],
        "follow_ups": [
            {
                "visit_date": follow_up.visit_date,
                "answers": follow_up.answers,
                "scores": follow_up.scores,
                "notes": follow_up.notes,
                "created_by": _user(follow_up.created_by),
            }
            for follow_up in case.follow_ups.select_related("created_by").order_by(
                "visit_date", "id"
            )
        ],
        "history": _history(case),
        "documents": [
            {
                "kind": document.kind,
                "version": document.version,
                "sha256": document.sha256,
                "created_at": document.created_at,
            }
            for document in documents_of(case)
        ],
        "attachments": [
            {
                "kind": piece.kind,
                "name": piece.original_name,
                "mime_type": piece.mime_type,
                "size": piece.size,
                "sha256": piece.sha256,
                "uploaded_at": piece.uploaded_at,
                "uploaded_by": _user(piece.uploaded_by),
                "erased_at": piece.erased_at,
            }
            for piece in attachments_of(case)
        ],
        "reads": [
            {"by": _user(read.user), "at": read.at, "source": read.source}
            for read in CaseRead.objects.filter(case=case).select_related("user").order_by("at")
        ],
    }
    return plain_json(data)


def _shown(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict):
        return " ; ".join(f"{key} : {_shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _rows(model: type[Model], values: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label, printed value) pairs of one exported object, in the model's field order,
    labelled by its fields, codes shown by their labels."""
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    rows = []
    for key, value in sorted((values or {}).items(), key=lambda pair: order.get(pair[0], 999)):
        try:
            field: Any = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        label = str(UNNAMED_FIELDS.get(key) or getattr(field, "verbose_name", key))
        if key == "returned_from" and value:
            value = f"{countries.name(value)} ({value})"
        elif getattr(field, "choices", None) and isinstance(value, str) and value:
            value = dict(field.choices).get(value, value)
        rows.append((label[:1].upper() + label[1:], _shown(value)))
    return rows


def personal_data_pdf(case: Case, data: dict[str, Any]) -> bytes:
    """`data` (from `personal_data`) printed, with the JSON itself embedded."""
    exported_on = format_date_fr(timezone.localtime())
    with translation.override("fr"):
        context = {
            "reference": case.reference,
            "data": data,
            "exported_on": exported_on,
            "case_rows": _rows(Case, data["case"]),
            "assessment_rows": _rows(Assessment, data["assessment"]),
            "groups": [
                ("Plan de réintégration", [_rows(PlanItem, item) for item in data["plan_items"]]),
                ("Orientations", [_rows(Referral, item) for item in data["referrals"]]),
                ("Visites de suivi", [_rows(FollowUp, item) for item in data["follow_ups"]]),
            ],
        }
    return render_pdf(
        TEMPLATE,
        context,
        attachments_json=data,
        footer_fields={
            "line": f"Données personnelles — dossier {case.reference}",
            "verify": f"Export du {exported_on} : document personnel, non conservé",
        },
        json_description=f"Données personnelles du dossier {case.reference} (JSON)",
    )

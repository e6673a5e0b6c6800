"""One case as its page shows it, and its history (its referrals' rows included)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy, gettext_noop
from viewflow.workflow.models import Task

from accounts.types import AnyUser
from audit.labels import describe, summary
from audit.models import HistoryEntry
from cases import access
from cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
    SurveyIndicator,
)
from cases.transitions import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    ReferralTransition,
)
from processes.routing import OPEN
from processes.timeline import TimelineRow, timeline_row

User = AnyUser


def with_detail(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Everything one case's page or API answer shows, in a fixed number of queries."""
    return cases.select_related(
        "region",
        "prefecture",
        "caseworker",
        "consent_recorded_by",
        "assessment",
        "assessment__updated_by",
    ).prefetch_related(
        Prefetch("plan_items", queryset=PlanItem.objects.order_by("target_date", "id")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("created_by").order_by("due_date", "id"),
        ),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("created_by").order_by("visit_date", "id"),
        ),
    )


def case_for_page(user: User, pk: int) -> Case | None:
    """The case with everything its page shows, or None when `user` may not see it."""
    cases = with_detail(access.cases_visible_to(user)).select_related("created_by")
    return cases.filter(pk=pk).first()


def visible_case(user: User, pk: int) -> Case | None:
    """The bare case, when the page only needs to know it is visible."""
    return (
        access.cases_visible_to(user)
        .select_related("region", "prefecture", "caseworker")
        .filter(pk=pk)
        .first()
    )


def referral_case_id(user: User, pk: int) -> int | None:
    """The case of a referral `user` may see, or None."""
    case_id: int | None = (
        access.referrals_visible_to(user).filter(pk=pk).values_list("case_id", flat=True).first()
    )
    return case_id


def plan_item_of(case: Case, pk: int) -> PlanItem | None:
    return case.plan_items.filter(pk=pk).first()


def active_indicators() -> list[SurveyIndicator]:
    """The questions a follow-up visit asks, in the survey's order."""
    return list(SurveyIndicator.objects.filter(active=True))


def open_task_of(case: Case) -> Task | None:
    return (
        Task.objects.filter(process__caseprocess__case=case, status__in=OPEN)
        .order_by("-created")
        .first()
    )


HISTORY_LABELS: dict[str, Any] = {
    **CASE_TRANSITIONS.labels(),
    "create": gettext_lazy("Enregistrement du dossier"),
    "record_consent": gettext_lazy("Consentement recueilli"),
    "assign": gettext_lazy("Attribution à un travailleur social"),
    "transfer": gettext_lazy("Transfert à un autre travailleur social"),
    "update": gettext_lazy("Modification de l'accueil"),
    "assessment": gettext_lazy("Évaluation enregistrée"),
    "plan_item": gettext_lazy("Élément ajouté au plan"),
    "plan_item_remove": gettext_lazy("Élément retiré du plan"),
    "referral": gettext_lazy("Orientation envoyée"),
    "follow_up": gettext_lazy("Visite de suivi"),
    "attach": gettext_lazy("Pièce jointe"),
    "document": gettext_lazy("Document généré"),
    "document_failed": gettext_lazy("Échec de la génération d'un document"),
    "regenerate_document": gettext_lazy("Nouvelle version d'un document"),
    "anonymise": gettext_lazy("Anonymisation (durée de conservation écoulée)"),
    "erase_personal_data": gettext_lazy("Effacement des données personnelles sur demande"),
    "export_personal_data": gettext_lazy("Export des données personnelles"),
}
REFERRAL_HISTORY_LABELS: dict[str, Any] = {
    ReferralTransition.ACCEPT: gettext_lazy("Orientation acceptée"),
    ReferralTransition.DECLINE: gettext_lazy("Orientation déclinée"),
    ReferralTransition.COMPLETE: gettext_lazy("Orientation réalisée"),
}


# What an anonymised case's history shows instead of a row's comment and summary.
ERASED_SUMMARY = summary(gettext_noop("Détail effacé avec les données personnelles."))

# What older refusal rows quoted as codes: actions and closure reasons.
LEGACY_CODES: dict[str, Any] = {
    **CASE_TRANSITIONS.labels(),
    **REFERRAL_TRANSITIONS.labels(),
    **dict(ClosureReason.choices),
}


def history_entries(case: Case, referral_ids: Iterable[int] | None = None) -> list[HistoryEntry]:
    """The case's rows and its referrals', oldest first, refused attempts included.

    Once the case is anonymised, the rows written before keep their action, states, who
    and when, but their comments and summaries (free text, file names) are not shown:
    the rows themselves are never changed (`audit`), so they are masked here, the one
    place every page, API answer and export reads a case's history from.
    """
    if referral_ids is None:
        referral_ids = Referral.objects.filter(case=case).values_list("pk", flat=True)
    entries = list(
        HistoryEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Case), object_id=case.pk)
            | Q(
                content_type=ContentType.objects.get_for_model(Referral),
                object_id__in=list(referral_ids),
            )
        )
        .select_related("by", "content_type")
        .order_by("at", "id")
    )
    if case.anonymised_at is not None:
        for entry in entries:
            if entry.at < case.anonymised_at and (entry.comment or entry.data):
                entry.comment, entry.data = "", ERASED_SUMMARY
    return entries


def case_history(case: Case, referrals: Iterable[Referral] | None = None) -> list[TimelineRow]:
    """The case's history and its referrals', oldest first, refused attempts included."""
    referral_list = list(referrals) if referrals is not None else list(case.referrals.all())
    named = {r.pk: str(r) for r in referral_list}
    referral_type = ContentType.objects.get_for_model(Referral)
    rows = []
    for entry in history_entries(case, named):
        if entry.content_type_id == referral_type.pk:
            if entry.action == "send":
                continue  # the case's own "referral" row already says it
            label = REFERRAL_HISTORY_LABELS.get(entry.action, entry.action)
            action = f"{label} — {named.get(entry.object_id, '')}"
            states: Any = ReferralStatus
        else:
            action = str(HISTORY_LABELS.get(entry.action, entry.action))
            states = CaseStatus
        rows.append(timeline_row(entry, action, states, comment=describe(entry, LEGACY_CODES)))
    return rows

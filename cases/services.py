"""Every write on returnee cases goes through these functions.

Same shape as the proposals: check who may act (`cases.access`), lock, check
the FSM state and the conditions (each unmet one named), fire, write history,
move the viewflow process on, and defer side effects to the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_fsm import get_available_FIELD_transitions

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser, signed_in
from audit.labels import Day, Label, Number, Person, choice_labels, summary
from audit.models import Source
from audit.services import record_history, record_refusal
from cases import access, routing
from cases.documents import generate_reintegration_plan
from cases.flows import CaseFlow
from cases.models import (
    Assessment,
    Case,
    CaseRead,
    CaseStatus,
    ClosureReason,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
    SurveyIndicator,
)
from cases.scoring import sustainability_scores
from processes.transitions import (
    ConditionsUnmet,
    InvalidState,
    NotAllowed,
    StaleObject,
    TransitionSpec,
    perform_transition,
    refuse_unless,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

User = AnyUser
C = CaseStatus


def _refuse_state(case: Case, allowed: tuple[str, ...], action: str, by: User, source: str) -> None:
    if case.status not in allowed:
        reason = _("Impossible dans l'état « %(state)s » du dossier.") % {
            "state": case.get_status_display()
        }
        record_refusal(
            obj=case, action=action, by=by, source=source, reason=reason, state=case.status
        )
        raise InvalidState(reason)


def _validation_error(exc: ValidationError) -> ConditionsUnmet:
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return ConditionsUnmet([m for messages in fields.values() for m in messages], fields=fields)


def _caseworker_user(username: str | None) -> AuthUser | None:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not has_role(user, Role.CELL_CASEWORKER):
        message = _("« %s » n'est pas un travailleur social actif de la cellule.") % username
        raise ConditionsUnmet([message], fields={"caseworker": [message]})
    return user


# --- Intake -------------------------------------------------------------------

INTAKE_FIELDS = (
    "first_name",
    "last_name",
    "sex",
    "birth_year",
    "phone",
    "return_date",
    "returned_from",
    "return_type",
    "region",
    "prefecture",
    "consent_given",
    "vulnerabilities",
    "health_notes",
    "immediate_needs",
)


def _check_geography(case: Case) -> None:
    if case.prefecture is not None and case.prefecture.region_id != case.region_id:
        message = _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.") % {
            "prefecture": case.prefecture,
            "region": case.region,
        }
        raise ConditionsUnmet([message], fields={"prefecture": [message]})


def case_create(
    *, by: User, source: Source | str, caseworker: str | None = None, **intake: Any
) -> Case:
    decision = access.can_register(by)
    if not decision:
        raise NotAllowed(decision.reason)
    if caseworker and not access.is_supervisor(by):
        assigned = _caseworker_user(caseworker)
        if assigned is None or assigned.pk != by.pk:
            raise NotAllowed(
                _("Seul un superviseur confie un dossier à un autre travailleur social.")
            )
    assigned = _caseworker_user(caseworker) if caseworker else None
    if assigned is None and has_role(by, Role.CELL_CASEWORKER):
        assigned = signed_in(by)
    creator = signed_in(by)
    with transaction.atomic():
        case = Case(created_by=creator, caseworker=assigned, **intake)
        case.reference = f"tmp-{timezone.now().timestamp()}-{creator.pk}"
        if case.consent_given:
            case.consent_recorded_at = timezone.now()
            case.consent_recorded_by = creator
        try:
            case.full_clean(exclude=["status", "reference"])
        except ValidationError as exc:
            raise _validation_error(exc) from exc
        _check_geography(case)
        case.save()
        case.reference = f"CAS-{timezone.localdate().year}-{case.pk:05d}"
        Case.objects.filter(pk=case.pk).update(reference=case.reference)
        Assessment.objects.create(case=case)
        record_history(obj=case, action="create", by=by, source=source, target_state=C.REGISTERED)
        if case.consent_given:
            record_history(obj=case, action="record_consent", by=by, source=source)
        if assigned is not None:
            record_history(
                obj=case,
                action="assign",
                by=by,
                source=source,
                data=summary(gettext_noop("%(person)s"), person=Person(assigned)),
            )
        routing.start(case)
    return case


def case_update(
    *, case: Case, by: User, source: Source | str, expected_state: str | None = None, **fields: Any
) -> Case:
    """Correct the intake. Consent, once recorded, keeps who recorded it and when."""
    refuse_unless(access.can_work(by, case), obj=case, action="update", by=by, source=source)
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise ConditionsUnmet([_("Champs inconnus : %s") % ", ".join(sorted(unknown))])
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_state is not None and locked.status != expected_state:
            raise StaleObject()
        if locked.consent_given and fields.get("consent_given") is False:
            message = _("Le consentement enregistré ne se retire pas ici : clôturez le dossier.")
            raise ConditionsUnmet([message], fields={"consent_given": [message]})
        newly_consented = bool(fields.get("consent_given")) and not locked.consent_given
        for name, value in fields.items():
            setattr(locked, name, value)
        if newly_consented:
            locked.consent_recorded_at = timezone.now()
            locked.consent_recorded_by = signed_in(by)
        try:
            locked.full_clean(exclude=["status", "reference"])
        except ValidationError as exc:
            raise _validation_error(exc) from exc
        _check_geography(locked)
        locked.save()
        record_history(
            obj=locked,
            action="update",
            by=by,
            source=source,
            source_state=locked.status,
            target_state=locked.status,
        )
        if newly_consented:
            record_history(obj=locked, action="record_consent", by=by, source=source)
    return locked


def case_assign(*, case: Case, caseworker: str, by: User, source: Source | str) -> Case:
    """Assign or transfer a case to a caseworker (supervisors); recorded like a transition."""
    refuse_unless(access.can_supervise(by, case), obj=case, action="assign", by=by, source=source)
    user = _caseworker_user(caseworker)
    assert user is not None
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        previous = locked.caseworker
        if previous is not None and previous.pk == user.pk:
            return locked
        Case.objects.filter(pk=locked.pk).update(caseworker=user)
        locked.caseworker = user
        routing.reassign(locked, user)
        record_history(
            obj=locked,
            action="transfer" if previous is not None else "assign",
            by=by,
            source=source,
            source_state=locked.status,
            target_state=locked.status,
            data=(
                summary(
                    gettext_noop("%(previous)s → %(person)s"),
                    previous=Person(previous),
                    person=Person(user),
                )
                if previous is not None
                else summary(gettext_noop("%(person)s"), person=Person(user))
            ),
        )
    return locked


def record_read(*, case: Case, user: User, source: Source | str) -> None:
    CaseRead.objects.create(case=case, user=signed_in(user), source=str(source))


# --- Assessment and plan ------------------------------------------------------

ASSESSMENT_FIELDS = (
    "economic_answers",
    "economic_notes",
    "social_answers",
    "social_notes",
    "psychosocial_answers",
    "psychosocial_notes",
    "skills",
    "complete",
)


def assessment_save(*, case: Case, by: User, source: Source | str, **fields: Any) -> Assessment:
    refuse_unless(access.can_work(by, case), obj=case, action="assessment", by=by, source=source)
    _refuse_state(case, (C.ASSESSMENT,), "assessment", by, source)
    problems: dict[str, list[str]] = {}
    for name in ("economic_answers", "social_answers", "psychosocial_answers"):
        if name in fields and not isinstance(fields[name], dict):
            problems[name] = [_("Donnez les réponses sous forme de dictionnaire.")]
    if fields.get("complete") and not any(
        str(fields.get(n, "")).strip() for n in ("economic_notes", "social_notes")
    ):
        existing = Assessment.objects.filter(case=case).first()
        if existing is None or not (existing.economic_notes or existing.social_notes):
            problems["complete"] = [
                _("Une évaluation complète décrit au moins la situation économique ou sociale.")
            ]
    if problems:
        raise ConditionsUnmet([m for v in problems.values() for m in v], fields=problems)
    with transaction.atomic():
        assessment, _created = Assessment.objects.select_for_update().get_or_create(case=case)
        for name in ASSESSMENT_FIELDS:
            if name in fields:
                setattr(assessment, name, fields[name])
        assessment.updated_by = signed_in(by)
        assessment.save()
        record_history(
            obj=case,
            action="assessment",
            by=by,
            source=source,
            source_state=case.status,
            target_state=case.status,
            data=summary(
                gettext_noop("Évaluation terminée")
                if assessment.complete
                else gettext_noop("Évaluation en cours")
            ),
        )
    return assessment


def plan_item_add(*, case: Case, by: User, source: Source | str, **fields: Any) -> PlanItem:
    refuse_unless(access.can_work(by, case), obj=case, action="plan_item", by=by, source=source)
    _refuse_state(case, (C.ASSESSMENT,), "plan_item", by, source)
    item = PlanItem(case=case, **fields)
    try:
        item.full_clean()
    except ValidationError as exc:
        raise _validation_error(exc) from exc
    with transaction.atomic():
        item.save()
        record_history(
            obj=case,
            action="plan_item",
            by=by,
            source=source,
            source_state=case.status,
            target_state=case.status,
            data=summary(
                gettext_noop("%(kind)s — %(provider)s"),
                kind=Label(item.get_kind_display()),
                provider=item.provider,
            ),
        )
    return item


def plan_item_remove(*, item: PlanItem, by: User, source: Source | str) -> None:
    case = item.case
    refuse_unless(
        access.can_work(by, case), obj=case, action="plan_item_remove", by=by, source=source
    )
    _refuse_state(case, (C.ASSESSMENT,), "plan_item_remove", by, source)
    with transaction.atomic():
        data = summary(
            gettext_noop("%(kind)s — %(provider)s"),
            kind=Label(item.get_kind_display()),
            provider=item.provider,
        )
        item.delete()
        record_history(obj=case, action="plan_item_remove", by=by, source=source, data=data)


# --- Case transitions ---------------------------------------------------------


def _fire(
    case: Case,
    name: str,
    *,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
    conditions: Callable[[Case], list[str]] | None = None,
    kwargs: dict[str, Any] | None = None,
    after_save: Callable[[Case], object] | None = None,
    on_commit: list[Callable[[], object]] | None = None,
    field_of: dict[str, str] | None = None,
) -> Case:
    spec = TransitionSpec(
        name=name,
        label=CASE_TRANSITION_LABELS.get(name, ""),
        decision=access.can_fire(by, case, name),
        conditions=conditions,
        kwargs=kwargs or {},
        after_save=after_save,
        on_commit=on_commit or [],
    )
    try:
        return perform_transition(
            obj=case,
            spec=spec,
            by=by,
            source=source,
            comment=comment,
            expected_state=expected_state,
        )
    except ConditionsUnmet as exc:
        for message, field in (field_of or {}).items():
            if message in exc.messages:
                exc.fields.setdefault(field, []).append(message)
        raise


def case_start_assessment(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    missing = _("Le consentement du migrant de retour n'est pas enregistré.")
    return _fire(
        case,
        "start_assessment",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=lambda c: [] if c.consent_given and c.consent_recorded_at else [missing],
        field_of={missing: "consent_given"},
    )


def case_submit_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    incomplete = _("L'évaluation n'est pas marquée complète.")
    empty = _("Le plan ne compte aucun élément.")

    def conditions(locked: Case) -> list[str]:
        problems = []
        if not Assessment.objects.filter(case=locked, complete=True).exists():
            problems.append(incomplete)
        if not locked.plan_items.exists():
            problems.append(empty)
        return problems

    return _fire(
        case,
        "submit_plan",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=conditions,
        after_save=lambda c: routing.complete(c, CaseFlow.assess, by),
    )


def _comment_needed(comment: str, message: str) -> Callable[[Case], list[str]]:
    return lambda case: [] if comment.strip() else [message]


def case_return_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Case:
    message = _("Indiquez ce qu'il faut revoir dans le plan.")
    return _fire(
        case,
        "return_plan",
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        conditions=_comment_needed(comment, message),
        after_save=lambda c: routing.complete(c, CaseFlow.plan_review, by),
        field_of={message: "comment"},
    )


def case_approve_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return _fire(
        case,
        "approve_plan",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.plan_review, by),
        on_commit=[lambda: generate_reintegration_plan(case, by)],
    )


def follow_up_problems(case: Case, referrals: Iterable[Referral] | None = None) -> list[str]:
    """What stands before `start_follow_up`: a referral still sent or accepted (among
    `referrals` when the caller already holds the case's referrals)."""
    if referrals is None:
        referrals = case.referrals.all()
    return [
        _("L'orientation « %(referral)s » est encore « %(status)s ».")
        % {"referral": r, "status": r.get_status_display()}
        for r in referrals
        if r.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    ]


def case_start_follow_up(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return _fire(
        case,
        "start_follow_up",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=follow_up_problems,
    )


def case_request_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    reason: str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    message = _("Choisissez un motif de clôture : %(reasons)s.") % {
        "reasons": choice_labels(ClosureReason)
    }
    return _fire(
        case,
        "request_closure",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=lambda c: [] if reason in ClosureReason.values else [message],
        kwargs={"reason": reason},
        after_save=lambda c: routing.complete(c, CaseFlow.support, by),
        field_of={message: "reason"},
    )


def case_approve_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return _fire(
        case,
        "approve_closure",
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.closure_review, by),
    )


def case_refuse_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Case:
    message = _("Indiquez pourquoi la clôture est refusée.")
    return _fire(
        case,
        "refuse_closure",
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        conditions=_comment_needed(comment, message),
        after_save=lambda c: routing.complete(c, CaseFlow.closure_review, by),
        field_of={message: "comment"},
    )


def case_reopen(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Case:
    message = _("Indiquez pourquoi le dossier est rouvert.")
    return _fire(
        case,
        "reopen",
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        conditions=_comment_needed(comment, message),
        after_save=routing.ensure_running,
        field_of={message: "comment"},
    )


CASE_TRANSITIONS: dict[str, Callable[..., Case]] = {
    "start_assessment": case_start_assessment,
    "submit_plan": case_submit_plan,
    "return_plan": case_return_plan,
    "approve_plan": case_approve_plan,
    "start_follow_up": case_start_follow_up,
    "request_closure": case_request_closure,
    "approve_closure": case_approve_closure,
    "refuse_closure": case_refuse_closure,
    "reopen": case_reopen,
}
CASE_TRANSITION_LABELS: dict[str, StrOrPromise] = {
    "start_assessment": gettext_lazy("Commencer l'évaluation"),
    "submit_plan": gettext_lazy("Soumettre le plan"),
    "return_plan": gettext_lazy("Renvoyer le plan"),
    "approve_plan": gettext_lazy("Approuver le plan"),
    "start_follow_up": gettext_lazy("Passer en suivi"),
    "request_closure": gettext_lazy("Demander la clôture"),
    "approve_closure": gettext_lazy("Approuver la clôture"),
    "refuse_closure": gettext_lazy("Refuser la clôture"),
    "reopen": gettext_lazy("Rouvrir le dossier"),
}
REFERRAL_TRANSITION_LABELS: dict[str, StrOrPromise] = {
    "accept": gettext_lazy("Noter l'acceptation de l'orientation"),
    "decline": gettext_lazy("Noter le refus de l'orientation"),
    "complete": gettext_lazy("Noter l'orientation comme réalisée"),
}
CASE_TRANSITION_INPUTS: dict[str, tuple[str, ...]] = {
    "start_assessment": ("comment",),
    "submit_plan": ("comment",),
    "return_plan": ("comment",),
    "approve_plan": ("comment",),
    "start_follow_up": ("comment",),
    "request_closure": ("reason", "comment"),
    "approve_closure": ("comment",),
    "refuse_closure": ("comment",),
    "reopen": ("comment",),
}


def available_case_transitions(user: User, case: Case) -> list[str]:
    return [
        t.name
        for t in get_available_FIELD_transitions(case, Case._meta.get_field("status"))
        if t.name in CASE_TRANSITIONS and access.can_fire(user, case, t.name)
    ]


def fire_case_transition(
    *, case: Case, name: str, by: User, source: Source | str, data: Mapping[str, Any]
) -> Case:
    function = CASE_TRANSITIONS[name]
    kwargs: dict[str, Any] = {"expected_state": data.get("expected_state") or None}
    for field in CASE_TRANSITION_INPUTS.get(name, ()):
        if field in data:
            kwargs[field] = data[field]
    if name in {"return_plan", "refuse_closure", "reopen"}:
        kwargs.setdefault("comment", "")
    if name == "request_closure":
        kwargs.setdefault("reason", "")
    return function(case=case, by=by, source=source, **kwargs)


# --- Referrals ----------------------------------------------------------------


def referral_create(*, case: Case, by: User, source: Source | str, **fields: Any) -> Referral:
    refuse_unless(access.can_work(by, case), obj=case, action="referral", by=by, source=source)
    _refuse_state(case, (C.IN_SUPPORT, C.FOLLOW_UP), "referral", by, source)
    referral = Referral(case=case, created_by=signed_in(by), **fields)
    try:
        referral.full_clean(exclude=["status"])
    except ValidationError as exc:
        raise _validation_error(exc) from exc
    with transaction.atomic():
        referral.save()
        record_history(
            obj=case,
            action="referral",
            by=by,
            source=source,
            source_state=case.status,
            target_state=case.status,
            data=summary(
                gettext_noop("%(service)s — %(provider)s"),
                service=Label(referral.get_service_display()),
                provider=referral.provider,
            ),
        )
        record_history(
            obj=referral, action="send", by=by, source=source, target_state=ReferralStatus.SENT
        )
    return referral


def referral_transition(
    *,
    referral: Referral,
    name: str,
    by: User,
    source: Source | str,
    outcome: str = "",
    note: str = "",
    delivered_on: datetime.date | None = None,
    expected_state: str | None = None,
) -> Referral:
    if name not in {"accept", "decline", "complete"}:
        raise InvalidState(_("Action inconnue."))
    kwargs: dict[str, Any] = {}
    conditions: Callable[[Referral], list[str]] | None = None
    fields: dict[str, list[str]] = {}
    if name == "decline":
        kwargs = {"note": note.strip()}
    if name == "complete":
        day = delivered_on or timezone.localdate()
        kwargs = {"outcome": outcome.strip(), "delivered_on": day}

        def conditions(locked: Referral) -> list[str]:
            problems = []
            if not outcome.strip():
                message = _("Décrivez ce qui a été réalisé.")
                problems.append(message)
                fields["outcome"] = [message]
            if day > timezone.localdate():
                message = _("Cette date ne peut pas être dans le futur.")
                problems.append(message)
                fields["delivered_on"] = [message]
            return problems

    spec = TransitionSpec(
        name=name,
        label=REFERRAL_TRANSITION_LABELS.get(name, ""),
        decision=access.can_fire_referral(by, referral, name),
        conditions=conditions,
        kwargs=kwargs,
    )
    try:
        return perform_transition(
            obj=referral,
            spec=spec,
            by=by,
            source=source,
            comment=note or outcome,
            expected_state=expected_state,
        )
    except ConditionsUnmet as exc:
        exc.fields.update(fields)
        raise


# --- Follow-ups ---------------------------------------------------------------


def _answers(
    indicators: list[SurveyIndicator], answers: Mapping[str, Any]
) -> tuple[dict[str, Decimal], dict[str, list[str]]]:
    known = {i.code: i for i in indicators}
    clean: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in answers.items():
        if code not in known:
            errors.setdefault("answers", []).append(_("Indicateur inconnu : « %s ».") % code)
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except (InvalidOperation, ValueError):
            value = Decimal(-1)
        if isinstance(raw, bool) or not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
            errors.setdefault("answers", []).append(
                _(
                    "La réponse à « %(label)s » doit être comprise entre 0 et 1 "
                    "(reçu « %(value)s »)."
                )
                % {"label": known[code].label, "value": raw}
            )
            continue
        clean[code] = value
    if not clean and not errors:
        errors["answers"] = [_("Répondez à au moins un indicateur.")]
    return clean, errors


def follow_up_record(
    *,
    case: Case,
    by: User,
    source: Source | str,
    visit_date: datetime.date,
    answers: Mapping[str, Any],
    notes: str = "",
) -> FollowUp:
    refuse_unless(access.can_work(by, case), obj=case, action="follow_up", by=by, source=source)
    _refuse_state(case, (C.IN_SUPPORT, C.FOLLOW_UP), "follow_up", by, source)
    indicators = list(SurveyIndicator.objects.filter(active=True))
    clean, errors = _answers(indicators, answers)
    if visit_date > timezone.localdate():
        errors["visit_date"] = [_("Cette date ne peut pas être dans le futur.")]
    if errors:
        raise ConditionsUnmet([m for v in errors.values() for m in v], fields=errors)
    scores = sustainability_scores(indicators, clean)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            case=case,
            visit_date=visit_date,
            answers={code: str(value) for code, value in clean.items()},
            economic=scores["economic"],
            social=scores["social"],
            psychosocial=scores["psychosocial"],
            composite=scores["composite"],
            notes=notes,
            created_by=signed_in(by),
        )
        record_history(
            obj=case,
            action="follow_up",
            by=by,
            source=source,
            source_state=case.status,
            target_state=case.status,
            data=summary(
                gettext_noop("Visite du %(date)s, score composite %(score)s"),
                date=Day(visit_date),
                score=Number(follow_up.composite),
            ),
        )
    return follow_up

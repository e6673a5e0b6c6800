"""Returnee reintegration cases of the coordination cell (CIC).

Personal and sensitive data: who sees what is decided in `cases.access` only.
`Case.status` and `Referral.status` are django-fsm-2 fields fired only by
`cases.services`; `cases.flows` routes plan and closure decisions to the
supervisors and the day-to-day work to the assigned caseworker.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import RETURN_VALUE, transition
from viewflow.workflow.models import Process

from cases.choices import (
    AssistanceKind,
    CaseStatus,
    ClosureReason,
    Dimension,
    ReferralStatus,
    ReturnType,
    Sex,
    Vulnerability,
)
from processes.dates import day_problem, validate_past_day, validate_plausible_day
from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from registry.models import Prefecture, Region

C = CaseStatus
R = ReferralStatus


def validate_birth_year(value: int) -> None:
    this_year = timezone.localdate().year
    if not 1900 <= value <= this_year:
        raise ValidationError(
            _("L'année de naissance doit être comprise entre 1900 et %(year)s.")
            % {"year": this_year}
        )


def validate_not_future(value: datetime.date) -> None:
    """A day that has happened: not in the future, nor before 1900."""
    validate_past_day(value)


AFTER_RETURN = _("Cette date ne peut pas précéder le retour au Togo (%(day)s).")


def after_return(case: Case, day: datetime.date | None) -> str | None:
    """Why `day` of the returnee's support is implausible (before the return), or None."""
    return day_problem(day, not_before=case.return_date, too_early=AFTER_RETURN)


def validate_vulnerabilities(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Donnez une liste de codes de vulnérabilité."))
    unknown = sorted(set(value) - set(Vulnerability.values))
    if unknown:
        raise ValidationError(
            _("Vulnérabilité inconnue : %(codes)s.") % {"codes": ", ".join(unknown)}
        )


# viewflow ships no type stubs: the reverse manager of CaseProcess.case is unresolved.
class Case(StateMachine):  # type: ignore[django-manager-missing]
    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("année de naissance"), validators=[validate_birth_year]
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    return_date = models.DateField(_("date de retour"), validators=[validate_not_future])
    returned_from = CountryField(_("pays de retour"))
    return_type = models.CharField(_("type de retour"), max_length=20, choices=ReturnType.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("région d'installation"), on_delete=models.PROTECT, related_name="+"
    )
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("préfecture d'installation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    consent_given = models.BooleanField(_("consentement au traitement des données"), default=False)
    consent_recorded_at = models.DateTimeField(
        _("consentement recueilli le"), null=True, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consentement recueilli par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Sensitive: visible to the assigned caseworker and the supervisors only.
    vulnerabilities = models.JSONField(
        _("vulnérabilités"), default=list, blank=True, validators=[validate_vulnerabilities]
    )
    health_notes = models.TextField(_("notes de santé"), blank=True, max_length=COMMENT_MAX_LENGTH)
    immediate_needs = models.TextField(
        _("besoins immédiats"), blank=True, max_length=COMMENT_MAX_LENGTH
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("travailleur social"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    status = StateField(_("statut"), default=C.REGISTERED, choices=CaseStatus.choices)
    closure_reason = models.CharField(
        _("motif de clôture"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_requested_from = models.CharField(
        _("état avant la demande de clôture"),
        max_length=20,
        choices=[(C.IN_SUPPORT, C.IN_SUPPORT.label), (C.FOLLOW_UP, C.FOLLOW_UP.label)],
        blank=True,
        editable=False,
        help_text=_("Un refus de clôture ramène le dossier dans cet état."),
    )
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Set once, when the returnee's identity is removed (retention or erasure on request):
    # `cases.services.personal_data`. An anonymised case is never changed again.
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dossier de réintégration")
        verbose_name_plural = _("dossiers de réintégration")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["caseworker", "status"]),
            models.Index(fields=["status", "region"]),
            # The observatory's host countries, and a focal point's cases.
            models.Index(fields=["returned_from"]),
        ]
        permissions = [
            ("decide_plan", _("Approuver ou renvoyer les plans de réintégration")),
            ("decide_closure", _("Approuver ou refuser les clôtures")),
            ("work_case", _("Suivre les dossiers qui lui sont confiés")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.full_name}"

    def clean(self) -> None:
        if self.return_date and self.birth_year and self.return_date.year < self.birth_year:
            raise ValidationError(
                {
                    "return_date": _(
                        "La date de retour ne peut pas précéder l'année de naissance (%(year)s)."
                    )
                    % {"year": self.birth_year}
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        if self.anonymised_at is not None:
            return str(_("Personne anonymisée"))
        return f"{self.first_name} {self.last_name}"

    def vulnerability_labels(self) -> list[str]:
        labels = dict(Vulnerability.choices)
        return [str(labels.get(code, code)) for code in self.vulnerabilities]

    @transition(field=status, source=C.REGISTERED, target=C.ASSESSMENT)
    def start_assessment(self) -> None:
        pass

    @transition(field=status, source=C.ASSESSMENT, target=C.PLAN_SUBMITTED)
    def submit_plan(self) -> None:
        pass

    @transition(field=status, source=C.PLAN_SUBMITTED, target=C.ASSESSMENT)
    def return_plan(self) -> None:
        pass

    @transition(field=status, source=C.PLAN_SUBMITTED, target=C.IN_SUPPORT)
    def approve_plan(self) -> None:
        pass

    @transition(field=status, source=C.IN_SUPPORT, target=C.FOLLOW_UP)
    def start_follow_up(self) -> None:
        pass

    @transition(field=status, source=[C.IN_SUPPORT, C.FOLLOW_UP], target=C.CLOSURE_REQUESTED)
    def request_closure(self, reason: str) -> None:
        self.closure_reason = reason
        self.closure_requested_from = self.status

    @transition(field=status, source=C.CLOSURE_REQUESTED, target=C.CLOSED)
    def approve_closure(self) -> None:
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=C.CLOSURE_REQUESTED,
        target=RETURN_VALUE(C.IN_SUPPORT, C.FOLLOW_UP),
    )
    def refuse_closure(self) -> str:
        """Back to the state the closure was requested from, whose guards then hold again."""
        self.closure_reason = ""
        back = self.closure_requested_from or C.IN_SUPPORT
        self.closure_requested_from = ""
        return back

    @transition(field=status, source=C.CLOSED, target=C.ASSESSMENT)
    def reopen(self) -> None:
        self.closed_at = None
        self.closure_reason = ""
        self.closure_requested_from = ""


class Assessment(models.Model):
    """The three dimensions of sustainable reintegration, each with answers and notes."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    economic_answers = models.JSONField(_("réponses — économique"), default=dict, blank=True)
    economic_notes = models.TextField(
        _("notes — économique"), blank=True, max_length=COMMENT_MAX_LENGTH
    )
    social_answers = models.JSONField(_("réponses — sociale"), default=dict, blank=True)
    social_notes = models.TextField(_("notes — sociale"), blank=True, max_length=COMMENT_MAX_LENGTH)
    # Sensitive.
    psychosocial_answers = models.JSONField(_("réponses — psychosociale"), default=dict, blank=True)
    psychosocial_notes = models.TextField(
        _("notes — psychosociale"), blank=True, max_length=COMMENT_MAX_LENGTH
    )
    skills = models.TextField(_("compétences"), blank=True, max_length=COMMENT_MAX_LENGTH)
    complete = models.BooleanField(_("évaluation complète"), default=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")

    def __str__(self) -> str:
        return f"{self.case.reference} — {_('évaluation')}"


class PlanItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_items")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    kind = models.CharField(_("type d'assistance"), max_length=20, choices=AssistanceKind.choices)
    provider = models.CharField(_("prestataire"), max_length=200)
    budget = models.PositiveBigIntegerField(_("budget (FCFA)"), default=0)
    target_date = models.DateField(_("échéance"), validators=[validate_plausible_day])
    description = models.TextField(_("description"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("élément du plan")
        verbose_name_plural = _("éléments du plan")
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.provider}"

    def clean(self) -> None:
        problem = after_return(self.case, self.target_date)
        if problem:
            raise ValidationError({"target_date": problem})


class Referral(StateMachine):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(_("service"), max_length=20, choices=AssistanceKind.choices)
    provider = models.CharField(_("prestataire"), max_length=200)
    due_date = models.DateField(_("échéance"), validators=[validate_plausible_day])
    note = models.TextField(_("note"), blank=True, max_length=COMMENT_MAX_LENGTH)
    status = StateField(_("statut"), default=R.SENT, choices=ReferralStatus.choices)
    outcome = models.TextField(_("résultat"), blank=True, max_length=COMMENT_MAX_LENGTH)
    delivered_on = models.DateField(_("réalisée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_service_display()} — {self.provider}"

    def clean(self) -> None:
        problem = after_return(self.case, self.due_date)
        if problem:
            raise ValidationError({"due_date": problem})

    @property
    def is_overdue(self) -> bool:
        return self.status in (R.SENT, R.ACCEPTED) and self.due_date < timezone.localdate()

    @transition(field=status, source=R.SENT, target=R.ACCEPTED)
    def accept(self) -> None:
        pass

    @transition(field=status, source=R.SENT, target=R.DECLINED)
    def decline(self, note: str) -> None:
        self.outcome = note

    @transition(field=status, source=R.ACCEPTED, target=R.COMPLETED)
    def complete(self, outcome: str, delivered_on: datetime.date) -> None:
        self.outcome = outcome
        self.delivered_on = delivered_on


class SurveyIndicator(models.Model):
    """One question of the sustainability survey; its dimension and weight are data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200)
    weight = models.DecimalField(
        _("poids"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("indicateur de durabilité")
        verbose_name_plural = _("indicateurs de durabilité")
        ordering = ["dimension", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    visit_date = models.DateField(_("date de la visite"), validators=[validate_not_future])
    answers = models.JSONField(_("réponses"), default=dict)
    economic = models.DecimalField(
        _("score économique"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    social = models.DecimalField(
        _("score social"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    psychosocial = models.DecimalField(
        _("score psychosocial"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    composite = models.DecimalField(
        _("score composite"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visite de suivi")
        verbose_name_plural = _("visites de suivi")
        ordering = ["visit_date", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} — {self.visit_date}"

    @property
    def scores(self) -> dict[str, Decimal | None]:
        return {
            "economic": self.economic,
            "social": self.social,
            "psychosocial": self.psychosocial,
            "composite": self.composite,
        }


class CaseRead(models.Model):
    """Who opened which case, when: kept for every read of an individual case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("consultation de dossier")
        verbose_name_plural = _("consultations de dossiers")
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} — {self.user_id} — {self.at:%Y-%m-%d %H:%M}"


class CaseProcess(Process):
    """A viewflow process routing one episode of a case (a reopened case gets a new one)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="processes")

    class Meta:
        verbose_name = _("circuit d'un dossier")
        verbose_name_plural = _("circuits des dossiers")

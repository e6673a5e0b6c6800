"""Co-realisation programme: calls, proposals, reviews and tranches.

`Proposal.status` and `Tranche.status` are the business states (django-fsm-2,
protected); the routing of the human work lives in `workflows.flows`.
Transitions are fired only by `workflows.services`.
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
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process

from registry.models import Association, Prefecture, Region, Sector

SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Call(models.Model):
    """A call for proposals with its funding rules (data, edited by the programme)."""

    title = models.CharField(_("intitulé"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    description = models.TextField(_("présentation"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    envelope = models.PositiveBigIntegerField(_("enveloppe (FCFA)"))
    committed = models.BigIntegerField(
        _("engagé (FCFA)"),
        default=0,
        editable=False,
        help_text=_("Subventions engagées, moins ce qui a été libéré."),
    )
    max_grant = models.PositiveBigIntegerField(_("plafond par projet (FCFA)"))
    matching_ratio = models.DecimalField(
        _("ratio de contrepartie"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Subvention ≤ ratio × apport en numéraire de l'association."),
    )
    max_grant_share = models.DecimalField(
        _("part maximale de la subvention"),
        validators=SHARE_VALIDATORS,
        help_text=_("Subvention ≤ cette part du budget total (0 à 1)."),
        max_digits=4,
        decimal_places=3,
    )
    min_community_share = models.DecimalField(
        _("part minimale de la communauté"),
        validators=SHARE_VALIDATORS,
        help_text=_("Apport de la communauté locale ≥ cette part du budget total (0 à 1)."),
        max_digits=4,
        decimal_places=3,
    )
    required_reviews = models.PositiveSmallIntegerField(
        _("avis techniques requis"), default=2, validators=[MinValueValidator(1)]
    )
    tranche_plan = models.JSONField(
        _("plan des tranches (%)"),
        default=list,
        help_text=_("Pourcentages de la subvention, par exemple [40, 40, 20]."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-year", "-opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__gte=0), name="call_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(committed__lte=models.F("envelope")),
                name="call_committed_within_envelope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("workflows:call_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
        plan = self.tranche_plan
        if (
            not isinstance(plan, list)
            or not plan
            or not all(isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in plan)
        ):
            errors["tranche_plan"] = _(
                "Donnez une liste de pourcentages entiers positifs, par exemple [40, 40, 20]."
            )
        elif sum(plan) != 100:
            errors["tranche_plan"] = _(
                "Les pourcentages des tranches totalisent %(total)s %% au lieu de 100 %%."
            ) % {"total": sum(plan)}
        if self.max_grant and self.envelope and self.max_grant > self.envelope:
            errors["max_grant"] = _("Le plafond par projet dépasse l'enveloppe.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, at: datetime.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.opens_at <= moment <= self.closes_at

    @property
    def envelope_left(self) -> int:
        return self.envelope - self.committed


class Criterion(models.Model):
    """One line of a call's review grid, scored 0–5 by each evaluator."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=160)
    weight = models.DecimalField(
        _("poids"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis")
    RETURNED = "returned", _("Renvoyé pour complément")
    UNDER_REVIEW = "under_review", _("En évaluation technique")
    IN_COMMITTEE = "in_committee", _("En comité")
    APPROVED = "approved", _("Approuvé")
    REJECTED = "rejected", _("Rejeté")
    WITHDRAWN = "withdrawn", _("Retiré")
    IN_EXECUTION = "in_execution", _("En exécution")
    SUSPENDED = "suspended", _("Suspendu")
    TERMINATED = "terminated", _("Résilié")
    COMPLETED = "completed", _("Achevé")
    CLOSED = "closed", _("Clôturé")


S = ProposalStatus
TERMINAL_STATUSES = (S.REJECTED, S.WITHDRAWN, S.TERMINATED, S.CLOSED)
# From approval on, the grant is committed against the call's envelope.
FUNDED_STATUSES = (S.APPROVED, S.IN_EXECUTION, S.SUSPENDED, S.COMPLETED, S.CLOSED, S.TERMINATED)


class Proposal(ConcurrentTransitionMixin, models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("appel"), on_delete=models.PROTECT, related_name="proposals"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("résumé"), blank=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="+"
    )
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("préfecture"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    locality = models.CharField(_("localité"), max_length=120, blank=True)
    local_partner = models.CharField(
        _("partenaire local"),
        max_length=200,
        blank=True,
        help_text=_(
            "Commune, comité de développement, coopérative… qui porte le projet sur place."
        ),
    )
    status = FSMField(_("statut"), default=S.DRAFT, choices=ProposalStatus.choices, protected=True)
    grant_amount = models.PositiveBigIntegerField(
        _("subvention accordée (FCFA)"), null=True, blank=True
    )
    released = models.PositiveBigIntegerField(
        _("libéré sur l'enveloppe (FCFA)"), default=0, editable=False
    )
    review_round = models.PositiveSmallIntegerField(
        _("tour d'évaluation"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("projet de coréalisation")
        verbose_name_plural = _("projets de coréalisation")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "call"])]
        permissions = [
            ("submit_proposal", _("Déposer les projets de son association")),
            ("screen_proposal", _("Examiner la recevabilité des projets")),
            ("decide_proposal", _("Décider en comité")),
            ("manage_execution", _("Suivre l'exécution des projets")),
            ("pay_tranche", _("Payer les tranches")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workflows:proposal_detail", args=[self.pk])

    # --- figures -----------------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.status in (S.DRAFT, S.RETURNED)

    # --- transitions (fired only by workflows.services) -----------------------

    @transition(field=status, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(field=status, source=[S.DRAFT, S.SUBMITTED, S.RETURNED], target=S.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=status, source=S.SUBMITTED, target=S.RETURNED)
    def return_for_completion(self) -> None:
        pass

    @transition(field=status, source=S.RETURNED, target=S.SUBMITTED)
    def resubmit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(field=status, source=S.SUBMITTED, target=S.UNDER_REVIEW)
    def declare_admissible(self) -> None:
        self.review_round += 1

    @transition(field=status, source=S.UNDER_REVIEW, target=S.IN_COMMITTEE)
    def send_to_committee(self) -> None:
        pass

    @transition(field=status, source=S.IN_COMMITTEE, target=S.RETURNED)
    def request_revision(self) -> None:
        pass

    @transition(field=status, source=S.IN_COMMITTEE, target=S.APPROVED)
    def approve(self, grant_amount: int) -> None:
        self.grant_amount = grant_amount
        self.decided_at = timezone.now()

    @transition(field=status, source=S.IN_COMMITTEE, target=S.REJECTED)
    def reject(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=S.APPROVED, target=S.IN_EXECUTION)
    def sign_agreement(self) -> None:
        pass

    @transition(field=status, source=S.IN_EXECUTION, target=S.SUSPENDED)
    def suspend(self) -> None:
        pass

    @transition(field=status, source=S.SUSPENDED, target=S.IN_EXECUTION)
    def resume(self) -> None:
        pass

    @transition(field=status, source=S.SUSPENDED, target=S.TERMINATED)
    def terminate(self, released: int) -> None:
        self.released = released

    @transition(field=status, source=S.IN_EXECUTION, target=S.COMPLETED)
    def complete(self) -> None:
        pass

    @transition(field=status, source=S.COMPLETED, target=S.CLOSED)
    def close(self, released: int) -> None:
        self.released = released


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("poste"), max_length=200)
    amount = models.PositiveBigIntegerField(_("montant (FCFA)"))

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class ContributionSource(models.TextChoices):
    ASSOCIATION = "association", _("Association de la diaspora")
    COMMUNITY = "community", _("Communauté locale")
    STATE = "state", _("État (subvention demandée)")
    PARTNER = "partner", _("Autre partenaire")


class ContributionKind(models.TextChoices):
    CASH = "cash", _("En numéraire")
    IN_KIND = "in_kind", _("En nature")


class Contribution(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="contributions")
    source = models.CharField(_("source"), max_length=20, choices=ContributionSource.choices)
    kind = models.CharField(_("nature"), max_length=20, choices=ContributionKind.choices)
    amount = models.PositiveBigIntegerField(_("montant (FCFA)"))

    class Meta:
        verbose_name = _("apport")
        verbose_name_plural = _("apports")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.get_kind_display()})"


class Recommendation(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Réservé")
    UNFAVOURABLE = "unfavourable", _("Défavorable")


class Review(models.Model):
    """A technical evaluator's assignment, and its scored opinion once filed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    round = models.PositiveSmallIntegerField(_("tour"), default=1)
    assigned_at = models.DateTimeField(_("assigné le"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    scores = models.JSONField(_("notes"), default=dict, blank=True)
    recommendation = models.CharField(
        _("recommandation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)
    weighted_score = models.DecimalField(
        _("note pondérée (sur 5)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("avis technique")
        verbose_name_plural = _("avis techniques")
        ordering = ["round", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "evaluator", "round"], name="review_unique_per_round"
            )
        ]
        indexes = [models.Index(fields=["evaluator", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.proposal.reference} — {self.evaluator}"

    @property
    def is_filed(self) -> bool:
        return self.submitted_at is not None


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    REQUESTED = "requested", _("Demandée")
    APPROVED = "approved", _("Approuvée")
    PAID = "paid", _("Payée")
    CANCELLED = "cancelled", _("Annulée")


T = TrancheStatus


class Tranche(ConcurrentTransitionMixin, models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("numéro"))
    percentage = models.PositiveSmallIntegerField(_("pourcentage"))
    amount = models.PositiveBigIntegerField(_("montant (FCFA)"))
    status = FSMField(_("statut"), default=T.PLANNED, choices=TrancheStatus.choices, protected=True)
    report = models.TextField(_("rapport d'avancement"), blank=True)
    report_file = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("fichier du rapport d'avancement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Le rapport joint à la demande de cette tranche."),
    )
    requested_at = models.DateTimeField(_("demandée le"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approuvée le"), null=True, blank=True)
    payment_reference = models.CharField(_("référence du paiement"), max_length=80, blank=True)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["proposal_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="tranche_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} — T{self.number}"

    @transition(field=status, source=T.PLANNED, target=T.REQUESTED)
    def request(self, report: str) -> None:
        self.report = report
        self.requested_at = timezone.now()

    @transition(field=status, source=T.REQUESTED, target=T.APPROVED)
    def approve(self) -> None:
        self.approved_at = timezone.now()

    @transition(field=status, source=T.REQUESTED, target=T.PLANNED)
    def return_request(self, comment: str) -> None:
        self.comment = comment

    @transition(field=status, source=T.APPROVED, target=T.PAID)
    def pay(self, payment_reference: str, paid_on: datetime.datetime) -> None:
        self.payment_reference = payment_reference
        self.paid_on = paid_on

    @transition(field=status, source=T.PLANNED, target=T.CANCELLED)
    def cancel(self, comment: str) -> None:
        self.comment = comment


class ProposalProcess(Process):
    """The viewflow process that routes one proposal's human work."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="process")

    class Meta:
        verbose_name = _("circuit d'un projet")
        verbose_name_plural = _("circuits des projets")

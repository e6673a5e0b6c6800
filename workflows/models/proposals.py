"""A proposal, its lifecycle (`Proposal.status`), its budget and contributions, and
the viewflow process that routes its human work."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from processes.fsm import StateField, StateMachine
from registry.models import Association, Prefecture, Region, Sector
from workflows.models.calls import Call


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

# What the association writes of its project, on the form and in the API.
DESCRIPTION_FIELDS = (
    "title",
    "summary",
    "sector",
    "region",
    "prefecture",
    "locality",
    "local_partner",
)
TERMINAL_STATUSES = (S.REJECTED, S.WITHDRAWN, S.TERMINATED, S.CLOSED)
# The states in which a proposal waits on the programme: screening, review, committee,
# signature.
WAITING_STATUSES = (S.SUBMITTED, S.UNDER_REVIEW, S.IN_COMMITTEE, S.APPROVED)

# From approval on, the grant is committed against the call's envelope.
FUNDED_STATUSES = (S.APPROVED, S.IN_EXECUTION, S.SUSPENDED, S.COMPLETED, S.CLOSED, S.TERMINATED)


def _stay_field(label: Any) -> models.PositiveIntegerField[int | None, int | None]:
    return models.PositiveIntegerField(label, null=True, blank=True, editable=False)


# The time spent in each waiting state, summed over its stays, in tenths of a day
# (observatory.stages); written by the transition that leaves the state.
_STAY_FIELDS: dict[str, str] = {
    S.SUBMITTED: "screening_tenths",
    S.UNDER_REVIEW: "review_tenths",
    S.IN_COMMITTEE: "committee_tenths",
    S.APPROVED: "signature_tenths",
}


class Proposal(StateMachine):
    STAY_FIELDS: ClassVar[dict[str, str]] = _STAY_FIELDS

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
    summary = models.TextField(_("résumé"), blank=True, max_length=10_000)
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
    status = StateField(_("statut"), default=S.DRAFT, choices=ProposalStatus.choices)
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
    screening_tenths = _stay_field(_("durée de la recevabilité (dixièmes de jour)"))
    review_tenths = _stay_field(_("durée de l'évaluation (dixièmes de jour)"))
    committee_tenths = _stay_field(_("durée en comité (dixièmes de jour)"))
    signature_tenths = _stay_field(_("durée jusqu'à la signature (dixièmes de jour)"))

    class Meta:
        verbose_name = _("projet de coréalisation")
        verbose_name_plural = _("projets de coréalisation")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "call"]),
            # An association's inbox walks its proposals oldest change first and stops at
            # one page: without it PostgreSQL sorts every open proposal of the association.
            models.Index(fields=["association", "updated_at", "id"], name="proposal_assoc_updated"),
            # The proposals waiting longest on the programme (observatory.stages), oldest
            # first: walked in order, read until enough are found.
            models.Index(
                fields=["status_since"],
                condition=models.Q(status__in=WAITING_STATUSES),
                name="proposal_waiting_since",
            ),
            # The time in each stage counted over the caller's proposals (observatory
            # .stages): the columns the observatory's scope and filters read, then the
            # stages', so that counting reads this index only, not the table's rows.
            models.Index(
                fields=[
                    "call",
                    "region",
                    "status",
                    "submitted_at",
                    "association",
                    "id",
                    *_STAY_FIELDS.values(),
                ],
                name="proposal_stages",
            ),
        ]
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


class ProposalProcess(Process):
    """The viewflow process that routes one proposal's human work."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="process")

    class Meta:
        verbose_name = _("circuit d'un projet")
        verbose_name_plural = _("circuits des projets")

"""The grant's tranches and their lifecycle (`Tranche.status`)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from workflows.models.proposals import Proposal


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    REQUESTED = "requested", _("Demandée")
    APPROVED = "approved", _("Approuvée")
    PAID = "paid", _("Payée")
    CANCELLED = "cancelled", _("Annulée")


T = TrancheStatus


class Tranche(StateMachine):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("numéro"))
    percentage = models.PositiveSmallIntegerField(_("pourcentage"))
    amount = models.PositiveBigIntegerField(_("montant (FCFA)"))
    status = StateField(_("statut"), default=T.PLANNED, choices=TrancheStatus.choices)
    report = models.TextField(_("rapport d'avancement"), blank=True, max_length=20_000)
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
    comment = models.TextField(_("commentaire"), blank=True, max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["proposal_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="tranche_unique_number")
        ]
        indexes = [
            # The paid tranches' time from request to payment (observatory.stages): every
            # column read is in it, so the table is not read.
            models.Index(
                fields=["proposal", "number", "paid_on", "requested_at"],
                condition=models.Q(status=T.PAID),
                name="tranche_paid",
            ),
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

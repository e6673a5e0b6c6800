"""An evaluator's technical review of a proposal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.proposals import Proposal


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
    comment = models.TextField(_("commentaire"), blank=True, max_length=20_000)
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
        indexes = [
            models.Index(fields=["evaluator", "submitted_at"]),
            # An evaluator's inbox: the reviews still to file, oldest first, a page at a time.
            models.Index(
                fields=["evaluator", "assigned_at", "id"],
                condition=models.Q(submitted_at__isnull=True),
                name="review_open_by_evaluator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} — {self.evaluator}"

    @property
    def is_filed(self) -> bool:
        return self.submitted_at is not None

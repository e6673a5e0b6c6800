"""A call for proposals, its funding rules (data, edited by the programme) and its review grid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from processes.dates import day_problem

# The call's funding rules, as the forms and the API list them.
RULE_FIELDS = (
    "max_grant",
    "matching_ratio",
    "max_grant_share",
    "min_community_share",
    "required_reviews",
    "tranche_plan",
)
# What the programme edits of a call, on its page and in the admin.
EDITABLE_FIELDS = (
    "title",
    "year",
    "description",
    "opens_at",
    "closes_at",
    "envelope",
    *RULE_FIELDS,
)
SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Call(models.Model):
    """A call for proposals with its funding rules (data, edited by the programme)."""

    title = models.CharField(_("intitulé"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    description = models.TextField(_("présentation"), blank=True, max_length=10_000)
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
        for name in ("opens_at", "closes_at"):
            problem = day_problem(getattr(self, name))
            if problem:
                errors[name] = problem
        if errors:
            raise ValidationError(errors)
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

"""What the missions keep about an expert: availability and licences."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import transition

from missions.choices import (
    LicenceStatus,
)
from processes.dates import validate_plausible_day
from processes.fsm import StateField, StateMachine
from registry.models import Expert


class Availability(models.Model):
    """A window in which an expert is available for a mission."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="availabilities"
    )
    starts_on = models.DateField(_("du"), validators=[validate_plausible_day])
    ends_on = models.DateField(_("au"), validators=[validate_plausible_day])

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["expert", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} : {self.starts_on} → {self.ends_on}"

    def covers(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        return self.starts_on <= starts_on and ends_on <= self.ends_on


class ProfessionalLicence(StateMachine):
    """An expert's professional licence (its scan is an attachment of this row), checked
    by a programme officer before any medical mission of the expert is approved."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="licences"
    )
    country = CountryField(_("pays de délivrance"))
    number = models.CharField(_("numéro"), max_length=60)
    profession = models.CharField(_("profession"), max_length=120)
    status = StateField(
        _("statut"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.PENDING
    )
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    checked_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifiée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("autorisation d'exercer")
        verbose_name_plural = _("autorisations d'exercer")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "country", "number"], name="one_licence_per_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "status_since"])]

    def __str__(self) -> str:
        return f"{self.profession} — {self.number} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("missions:licence_detail", args=[self.pk])

    @transition(field=status, source=LicenceStatus.PENDING, target=LicenceStatus.CHECKED)
    def check_licence(self) -> None:
        pass

    @transition(field=status, source=LicenceStatus.PENDING, target=LicenceStatus.REFUSED)
    def refuse_licence(self) -> None:
        pass

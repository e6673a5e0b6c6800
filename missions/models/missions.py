"""One expert on one need, and its reports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from missions.choices import (
    OPEN_MISSION_STATES,
    MissionStatus,
    ReportAuthor,
)
from missions.models.base import (
    MAX_REPORTED_PEOPLE,
    M,
)
from missions.models.needs import MissionNeed
from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from registry.models import Expert


class Mission(StateMachine):
    """One expert on one need: from the invitation or the application to the attestation."""

    need = models.ForeignKey(
        MissionNeed, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="missions"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="missions"
    )
    status = StateField(
        _("statut"), max_length=20, choices=MissionStatus.choices, default=M.APPLIED
    )
    motivation = models.TextField(_("motivation"), blank=True, max_length=COMMENT_MAX_LENGTH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approuvée le"), null=True, blank=True, editable=False)
    certified_at = models.DateTimeField(_("attestée le"), null=True, blank=True, editable=False)
    # The reason given when the mission was declined, withdrawn or cancelled.
    closing_reason = models.TextField(
        _("motif"), blank=True, max_length=COMMENT_MAX_LENGTH, editable=False
    )

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "expert"], name="one_mission_per_expert_need"),
        ]
        indexes = [
            models.Index(fields=["expert", "status"]),
            models.Index(fields=["need", "status"]),
            models.Index(fields=["status", "status_since"]),
        ]

    def __str__(self) -> str:
        return f"{self.need} — {self.expert}"

    def get_absolute_url(self) -> str:
        return reverse("missions:mission_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"VSD-{self.pk:05d}"

    # --- Transitions: fired only by missions.services -----------------------------------

    @transition(field=status, source=M.INVITED, target=M.APPLIED)
    def accept(self) -> None:
        pass

    @transition(field=status, source=M.APPLIED, target=M.SHORTLISTED)
    def shortlist(self) -> None:
        pass

    @transition(field=status, source=[M.APPLIED, M.SHORTLISTED], target=M.SELECTED)
    def select(self) -> None:
        pass

    @transition(field=status, source=M.SELECTED, target=M.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=status, source=M.APPROVED, target=M.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(field=status, source=[M.IN_PROGRESS, M.REPORTED], target=M.REPORTED)
    def report(self) -> None:
        pass

    @transition(field=status, source=M.REPORTED, target=M.CERTIFIED)
    def certify(self) -> None:
        pass

    @transition(field=status, source=[M.INVITED, M.APPLIED, M.SHORTLISTED], target=M.DECLINED)
    def decline(self) -> None:
        pass

    @transition(
        field=status, source=[M.APPLIED, M.SHORTLISTED, M.SELECTED, M.APPROVED], target=M.WITHDRAWN
    )
    def withdraw(self) -> None:
        pass

    @transition(field=status, source=list(OPEN_MISSION_STATES), target=M.CANCELLED)
    def cancel(self) -> None:
        pass


class MissionReport(models.Model):
    """What the expert, or the host, reports once the mission is over (one each)."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.CharField(_("rédigé par"), max_length=10, choices=ReportAuthor.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    summary = models.TextField(_("ce qui a été enseigné ou soigné"), max_length=COMMENT_MAX_LENGTH)
    students = models.PositiveIntegerField(
        _("étudiants ou élèves"), default=0, validators=[MaxValueValidator(MAX_REPORTED_PEOPLE)]
    )
    patients = models.PositiveIntegerField(
        _("patients"), default=0, validators=[MaxValueValidator(MAX_REPORTED_PEOPLE)]
    )
    difficulties = models.TextField(_("difficultés"), blank=True, max_length=COMMENT_MAX_LENGTH)
    rating = models.PositiveSmallIntegerField(
        _("appréciation (1 à 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("rapport de mission")
        verbose_name_plural = _("rapports de mission")
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "author"], name="one_report_per_side"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="mission_report_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} — {self.get_author_display()}"

"""A host institution's mission need."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from missions.choices import (
    OPEN_NEED_STATES,
    HostProvision,
    MinistryCover,
    MissionKind,
    NeedStatus,
)
from missions.models.base import (
    MAX_MISSION_DAYS,
    MAX_VOLUNTEERS,
    N,
    labels_of,
    validate_covers,
    validate_languages,
    validate_provisions,
)
from missions.models.institutions import HostInstitution
from processes.dates import validate_plausible_day
from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from registry.models import CompetenceDomain, Prefecture, Region
from registry.models.reference import SpokenLanguage


class MissionNeed(StateMachine):
    """What a host institution asks for: a teaching, medical or technical mission."""

    host = models.ForeignKey(
        HostInstitution,
        verbose_name=_("établissement d'accueil"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(_("intitulé"), max_length=160)
    kind = models.CharField(_("type de mission"), max_length=20, choices=MissionKind.choices)
    discipline = models.CharField(_("discipline"), max_length=120)
    domains = models.ManyToManyField(
        CompetenceDomain, verbose_name=_("domaines de compétence"), related_name="mission_needs"
    )
    description = models.TextField(_("description"), max_length=COMMENT_MAX_LENGTH)
    place = models.CharField(_("lieu"), max_length=160)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="+"
    )
    prefecture = models.ForeignKey(
        Prefecture, verbose_name=_("préfecture"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("début"), validators=[validate_plausible_day])
    ends_on = models.DateField(_("fin"), validators=[validate_plausible_day])
    languages = models.JSONField(
        _("langues de travail"), default=list, blank=True, validators=[validate_languages]
    )
    volunteers = models.PositiveSmallIntegerField(
        _("nombre de volontaires"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOLUNTEERS)],
    )
    host_provides = models.JSONField(
        _("pris en charge par l'établissement"),
        default=list,
        blank=True,
        validators=[validate_provisions],
    )
    ministry_covers = models.JSONField(
        _("pris en charge par le ministère"),
        default=list,
        blank=True,
        validators=[validate_covers],
    )
    status = StateField(_("statut"), max_length=20, choices=NeedStatus.choices, default=N.DRAFT)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("demande de mission")
        verbose_name_plural = _("demandes de mission")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "starts_on"]),
            models.Index(fields=["host", "status"]),
            models.Index(fields=["status", "status_since"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="mission_need_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("missions:need_detail", args=[self.pk])

    @property
    def days(self) -> int:
        """The mission's length in days, both ends counted."""
        return (self.ends_on - self.starts_on).days + 1

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = _("La fin ne peut pas précéder le début.")
            elif self.days > MAX_MISSION_DAYS:
                errors["ends_on"] = _("Une mission dure au plus %(days)s jours.") % {
                    "days": MAX_MISSION_DAYS
                }
        if self.prefecture_id and self.region_id and self.prefecture.region_id != self.region_id:
            errors["prefecture"] = _("Cette préfecture n'est pas dans la région choisie.")
        if errors:
            raise ValidationError(errors)

    def language_labels(self) -> list[str]:
        return labels_of(SpokenLanguage, self.languages)

    def provision_labels(self) -> list[str]:
        return labels_of(HostProvision, self.host_provides)

    def cover_labels(self) -> list[str]:
        return labels_of(MinistryCover, self.ministry_covers)

    # --- Transitions: fired only by missions.services -----------------------------------

    @transition(field=status, source=N.DRAFT, target=N.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=N.SUBMITTED, target=N.DRAFT)
    def send_back(self) -> None:
        pass

    @transition(field=status, source=N.SUBMITTED, target=N.PUBLISHED)
    def publish(self) -> None:
        pass

    @transition(field=status, source=N.PUBLISHED, target=N.STAFFED)
    def staff(self) -> None:
        pass

    @transition(field=status, source=N.STAFFED, target=N.PUBLISHED)
    def reopen(self) -> None:
        pass

    @transition(field=status, source=[N.PUBLISHED, N.STAFFED], target=N.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=status, source=list(OPEN_NEED_STATES), target=N.CANCELLED)
    def cancel(self) -> None:
        pass

"""A reported difficulty and the answers written on it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import transition

from difficulties.choices import Category, DifficultyStatus, Urgency
from difficulties.models.reference import Administration
from processes.fsm import StateField, StateMachine
from processes.table import COMMENT_MAX_LENGTH
from registry.models import Embassy

S = DifficultyStatus

DESCRIPTION_MIN_LENGTH = 20
NOTE_MAX_LENGTH = 1000
PHONE_MAX_LENGTH = 32
TRACKING_CODE_LENGTH = 11  # two groups of five and the hyphen

# A phone number as people write it: an optional +, then 6 to 20 digits with spaces,
# dots, hyphens or brackets between them.
validate_phone = RegexValidator(
    r"^\+?(?:[\s.()-]*\d){6,20}[\s.()-]*$",
    _("Donnez un numéro de téléphone : chiffres, espaces et « + » seulement."),
)


class Difficulty(StateMachine):
    """One report of a consular or administrative difficulty (docs/difficulties.md)."""

    tracking_code = models.CharField(
        _("code de suivi"), max_length=TRACKING_CODE_LENGTH, unique=True, editable=False
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    country = CountryField(_("pays de résidence"))
    embassy = models.ForeignKey(
        Embassy,
        verbose_name=_("ambassade compétente"),
        on_delete=models.PROTECT,
        related_name="difficulties",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration concernée"),
        on_delete=models.PROTECT,
        related_name="difficulties",
        null=True,
        blank=True,
    )
    urgency = models.CharField(
        _("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.TextField(
        _("description"),
        max_length=COMMENT_MAX_LENGTH,
        validators=[MinLengthValidator(DESCRIPTION_MIN_LENGTH)],
    )
    email = models.EmailField(_("adresse e-mail"), max_length=254, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=PHONE_MAX_LENGTH, blank=True, validators=[validate_phone]
    )
    consent = models.BooleanField(_("accepte d'être contacté(e)"), default=False)
    # The reporter's language: the mails are written in it.
    language = models.CharField(_("langue"), max_length=8, default="fr")
    # Same category, country, description and contact: the same report (services.reporting).
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    status = StateField(
        _("statut"), max_length=20, choices=DifficultyStatus.choices, default=S.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now, editable=False)
    # A focal point or officer who recorded it on someone's behalf; empty: the public form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reported_at = models.DateTimeField(_("signalée le"), null=True, blank=True, editable=False)
    referred_to = models.ForeignKey(
        Administration,
        verbose_name=_("transmise à"),
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
    )
    referred_at = models.DateTimeField(_("transmise le"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("réponse attendue le"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("signalée au ministère le"), null=True, blank=True, editable=False
    )
    # The first answer (the delays count to it); `answered_at` is the latest one (the
    # report closes 30 days after it without the reporter's word).
    first_answered_at = models.DateTimeField(
        _("première réponse le"), null=True, blank=True, editable=False
    )
    # When the confirmation link was last mailed: an unconfirmed report is forgotten
    # `CONFIRMATION_DAYS` after it.
    link_sent_at = models.DateTimeField(
        _("lien de confirmation envoyé le"), null=True, blank=True, editable=False
    )
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True, editable=False)
    feedback_at = models.DateTimeField(_("avis reçu le"), null=True, blank=True, editable=False)
    # The reporter's word: the answer solved the difficulty (True) or not (False).
    feedback_resolved = models.BooleanField(_("résolue selon le déclarant"), null=True, blank=True)
    feedback_note = models.TextField(_("avis du déclarant"), max_length=NOTE_MAX_LENGTH, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionnée avec"),
        on_delete=models.PROTECT,
        related_name="duplicates",
        null=True,
        blank=True,
    )
    rejection_reason = models.TextField(
        _("motif du rejet"), max_length=COMMENT_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("difficulté signalée")
        verbose_name_plural = _("difficultés signalées")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "status_since"]),
            models.Index(fields=["embassy", "status"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["-reported_at", "-id"], name="difficulty_reported_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""),
                name="difficulty_has_a_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("difficulties:detail", args=[self.pk])

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError(
                {"email": _("Donnez une adresse e-mail ou un numéro de téléphone pour la réponse.")}
            )

    @property
    def overdue(self) -> bool:
        """Referred and past its due date."""
        return (
            self.status == S.REFERRED
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    @property
    def main(self) -> Difficulty:
        """The report that carries on for this one: itself, or the one it was merged into."""
        return self.merged_into if self.merged_into_id and self.merged_into else self

    # --- Transitions: fired only by difficulties.services -------------------------------

    @transition(field=status, source=S.UNCONFIRMED, target=S.REPORTED)
    def confirm(self) -> None:
        pass

    @transition(field=status, source=S.REPORTED, target=S.QUALIFIED)
    def qualify(self) -> None:
        pass

    @transition(field=status, source=[S.QUALIFIED, S.UNRESOLVED], target=S.REFERRED)
    def refer(self) -> None:
        pass

    @transition(field=status, source=[S.QUALIFIED, S.REFERRED], target=S.ANSWERED)
    def answer(self) -> None:
        pass

    @transition(field=status, source=S.ANSWERED, target=S.RESOLVED)
    def resolve(self) -> None:
        pass

    @transition(field=status, source=S.ANSWERED, target=S.UNRESOLVED)
    def unresolve(self) -> None:
        pass

    @transition(field=status, source=[S.ANSWERED, S.RESOLVED, S.UNRESOLVED], target=S.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=status, source=[S.REPORTED, S.QUALIFIED, S.REFERRED], target=S.DUPLICATE)
    def merge(self) -> None:
        pass

    @transition(field=status, source=[S.UNCONFIRMED, S.REPORTED, S.QUALIFIED], target=S.REJECTED)
    def reject(self) -> None:
        pass


class DifficultyAnswer(models.Model):
    """An answer written on a report, mailed to its reporters and shown at /suivi/."""

    difficulty = models.ForeignKey(
        Difficulty, verbose_name=_("difficulté"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("réponse"), max_length=COMMENT_MAX_LENGTH)
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.difficulty} — {self.at:%Y-%m-%d}"

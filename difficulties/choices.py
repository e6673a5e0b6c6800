"""The codes of the difficulties register: categories, states, urgency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PASSPORT = "passport", _("Passeport")
    NATIONAL_ID = "national_id", _("Carte nationale d'identité")
    CONSULAR_CARD = "consular_card", _("Carte consulaire")
    LAISSEZ_PASSER = "laissez_passer", _("Laissez-passer")
    CIVIL_STATUS = "civil_status", _("État civil (actes de naissance, mariage, décès)")
    VISA = "visa", _("Visa")
    NATIONALITY = "nationality", _("Nationalité")
    LEGAL = "legal", _("Questions juridiques")
    PROPERTY = "property", _("Foncier et biens")
    CUSTOMS = "customs", _("Douanes")
    BANKING = "banking", _("Banque et transferts")
    OTHER = "other", _("Autre difficulté")


class DifficultyStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("À confirmer")
    REPORTED = "reported", _("Signalée")
    QUALIFIED = "qualified", _("Qualifiée")
    REFERRED = "referred", _("Transmise à l'administration")
    ANSWERED = "answered", _("Réponse apportée")
    RESOLVED = "resolved", _("Résolue")
    UNRESOLVED = "unresolved", _("Non résolue")
    CLOSED = "closed", _("Clôturée")
    DUPLICATE = "duplicate", _("Fusionnée (doublon)")
    REJECTED = "rejected", _("Rejetée")


S = DifficultyStatus

# Registered and not over: what the register calls open, and what a report may be
# merged into.
OPEN_STATES = (S.REPORTED, S.QUALIFIED, S.REFERRED, S.ANSWERED, S.RESOLVED, S.UNRESOLVED)
# Over: nothing more happens to the report.
FINAL_STATES = (S.CLOSED, S.DUPLICATE, S.REJECTED)
# What the register lists (an unconfirmed report is not registered yet).
REGISTERED_STATES = tuple(s for s in S if s != S.UNCONFIRMED)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normale")
    URGENT = "urgent", _("Urgente")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("1er trimestre")
    Q2 = 2, _("2e trimestre")
    Q3 = 3, _("3e trimestre")
    Q4 = 4, _("4e trimestre")

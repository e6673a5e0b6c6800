"""The codes of the volunteering missions (VSD): kinds, states, what each side provides."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("Université")
    SCHOOL = "school", _("École ou lycée")
    HOSPITAL = "hospital", _("Hôpital")
    HEALTH_DISTRICT = "health_district", _("District sanitaire")
    OTHER = "other", _("Autre établissement")


class MissionKind(models.TextChoices):
    TEACHING = "teaching", _("Enseignement")
    MEDICAL = "medical", _("Médicale")
    TECHNICAL = "technical", _("Technique")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    PUBLISHED = "published", _("Publiée")
    STAFFED = "staffed", _("Pourvue")
    CLOSED = "closed", _("Clôturée")
    CANCELLED = "cancelled", _("Annulée")


# The states in which a need is still open (it can be cancelled).
OPEN_NEED_STATES = (
    NeedStatus.DRAFT,
    NeedStatus.SUBMITTED,
    NeedStatus.PUBLISHED,
    NeedStatus.STAFFED,
)


class MissionStatus(models.TextChoices):
    INVITED = "invited", _("Invitée")
    APPLIED = "applied", _("Candidature")
    SHORTLISTED = "shortlisted", _("Présélectionnée")
    SELECTED = "selected", _("Retenue")
    APPROVED = "approved", _("Approuvée")
    IN_PROGRESS = "in_progress", _("En cours")
    REPORTED = "reported", _("Rapportée")
    CERTIFIED = "certified", _("Attestée")
    DECLINED = "declined", _("Déclinée")
    WITHDRAWN = "withdrawn", _("Retirée")
    CANCELLED = "cancelled", _("Annulée")


# A candidacy not yet decided by the officer.
CANDIDATE_STATES = (
    MissionStatus.INVITED,
    MissionStatus.APPLIED,
    MissionStatus.SHORTLISTED,
    MissionStatus.SELECTED,
)
# A mission that holds one of the need's places and the expert's dates.
HOLDING_STATES = (
    MissionStatus.APPROVED,
    MissionStatus.IN_PROGRESS,
    MissionStatus.REPORTED,
    MissionStatus.CERTIFIED,
)
# Every state a mission can still leave.
OPEN_MISSION_STATES = (
    *CANDIDATE_STATES,
    MissionStatus.APPROVED,
    MissionStatus.IN_PROGRESS,
    MissionStatus.REPORTED,
)


class HostProvision(models.TextChoices):
    LODGING = "lodging", _("Hébergement")
    LOCAL_TRANSPORT = "local_transport", _("Transport local")
    MEALS = "meals", _("Repas")


class MinistryCover(models.TextChoices):
    TRAVEL = "travel", _("Voyage international")
    INSURANCE = "insurance", _("Assurance")


class ReportAuthor(models.TextChoices):
    EXPERT = "expert", _("Expert")
    HOST = "host", _("Établissement d'accueil")


class LicenceStatus(models.TextChoices):
    PENDING = "pending", _("À vérifier")
    CHECKED = "checked", _("Vérifiée")
    REFUSED = "refused", _("Refusée")

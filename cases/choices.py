"""The codes of returnee cases: who returned how, what a case and a referral go
through, what assistance a plan holds. Stored as they are; shown by their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")


class ReturnType(models.TextChoices):
    VOLUNTARY = "voluntary", _("Volontaire")
    ASSISTED = "assisted", _("Assisté")
    FORCED = "forced", _("Forcé")
    SPONTANEOUS = "spontaneous", _("Spontané")


class Vulnerability(models.TextChoices):
    MINOR = "minor", _("Mineur")
    TRAFFICKING_VICTIM = "trafficking_victim", _("Victime de traite")
    MEDICAL = "medical", _("Besoin médical")
    DISABILITY = "disability", _("Handicap")
    GBV_SURVIVOR = "gbv_survivor", _("Survivant(e) de violences basées sur le genre")
    ELDERLY = "elderly", _("Personne âgée")
    PREGNANT = "pregnant", _("Femme enceinte")


class Dimension(models.TextChoices):
    ECONOMIC = "economic", _("Économique")
    SOCIAL = "social", _("Sociale")
    PSYCHOSOCIAL = "psychosocial", _("Psychosociale")


class AssistanceKind(models.TextChoices):
    BUSINESS = "business", _("Création d'activité")
    TRAINING = "training", _("Formation")
    EMPLOYMENT = "employment", _("Emploi")
    HEALTH = "health", _("Santé")
    HOUSING = "housing", _("Logement")
    PSYCHOSOCIAL = "psychosocial", _("Soutien psychosocial")
    EDUCATION = "education", _("Éducation")
    LEGAL_DOCUMENTS = "legal_documents", _("Documents d'état civil")
    CASH = "cash", _("Aide en espèces")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Enregistré")
    ASSESSMENT = "assessment", _("En évaluation")
    PLAN_SUBMITTED = "plan_submitted", _("Plan soumis")
    IN_SUPPORT = "in_support", _("En accompagnement")
    FOLLOW_UP = "follow_up", _("En suivi")
    CLOSURE_REQUESTED = "closure_requested", _("Clôture demandée")
    CLOSED = "closed", _("Clôturé")


class ClosureReason(models.TextChoices):
    PLAN_ACHIEVED = "plan_achieved", _("Plan réalisé")
    LOST_CONTACT = "lost_contact", _("Contact perdu")
    REMIGRATED = "remigrated", _("Nouvelle migration")
    DECLINED_ASSISTANCE = "declined_assistance", _("Assistance refusée")
    DECEASED = "deceased", _("Décès")
    OTHER = "other", _("Autre")


C = CaseStatus
OPEN_CASE_STATUSES = (
    C.REGISTERED,
    C.ASSESSMENT,
    C.PLAN_SUBMITTED,
    C.IN_SUPPORT,
    C.FOLLOW_UP,
    C.CLOSURE_REQUESTED,
)


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Envoyée")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    COMPLETED = "completed", _("Réalisée")

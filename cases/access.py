"""Who sees and does what with returnee cases. The only place that decides it.

- a caseworker sees and works only the cases assigned to it;
- supervisors see every case and decide plans, closures, assignments;
- no other role sees any individual case (404); the auditor sees aggregates only.
Sensitive parts (vulnerabilities, health, psychosocial notes) are shown only to
the assigned caseworker and the supervisors: `sees_sensitive`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from cases.models import Case, Referral
from documents.models import AttachmentKind
from processes.transitions import Decision

User = AnyUser


def is_supervisor(user: User) -> bool:
    return has_role(user, Role.CELL_SUPERVISOR)


def is_assigned(user: User, case: Case) -> bool:
    return (
        user.is_authenticated
        and has_role(user, Role.CELL_CASEWORKER)
        and case.caseworker_id is not None
        and case.caseworker_id == user.pk
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    cases = Case.objects.all()
    if not user.is_authenticated:
        return cases.none()
    if is_supervisor(user):
        return cases
    if has_role(user, Role.CELL_CASEWORKER):
        return cases.filter(caseworker_id=user.pk)
    return cases.none()


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(case__in=cases_visible_to(user))


# The sensitive parts of a case (its intake's and its assessment's).
SENSITIVE_FIELDS = frozenset(
    {"vulnerabilities", "health_notes", "psychosocial_answers", "psychosocial_notes"}
)

# The fields of a returnee's file whose values an edit's history row may keep: the codes
# and categories that anonymisation keeps too (for statistics). Every other field, names,
# phone, dates, notes and the sensitive parts, is named only: the history is indelible,
# so a value erased from the file must never have been written there.
CODED_FIELDS = frozenset(
    {
        "sex",
        "return_type",
        "returned_from",
        "region",
        "prefecture",
        "consent_given",
        "economic_answers",
        "social_answers",
        "complete",
    }
)


def named_only(fields: Iterable[str]) -> frozenset[str]:
    """Of `fields`, those an edit's history row names without their values."""
    return frozenset(fields) - CODED_FIELDS


def sees_sensitive(user: User, case: Case) -> bool:
    return is_supervisor(user) or is_assigned(user, case)


def can_register(user: User) -> Decision:
    if has_role(user, Role.CELL_CASEWORKER, Role.CELL_SUPERVISOR):
        return Decision.allow()
    return Decision.deny(_("Seule la cellule enregistre les migrants de retour."))


ANONYMISED = _("Ce dossier est anonymisé : il ne se modifie plus.")


def can_work(user: User, case: Case) -> Decision:
    """Day-to-day work on the case: intake, assessment, plan, referrals, follow-ups."""
    if not is_assigned(user, case):
        return Decision.deny(_("Seul le travailleur social chargé du dossier peut faire cela."))
    if case.anonymised_at is not None:
        return Decision.deny(ANONYMISED)
    return Decision.allow()


# Kinds of pieces a case holds; its caseworker attaches them (`can_work`).
ATTACHMENT_KINDS = (AttachmentKind.IDENTITY, AttachmentKind.OTHER)


def can_supervise(user: User, case: Case | None = None) -> Decision:
    if not is_supervisor(user):
        return Decision.deny(_("Seul un superviseur de la cellule peut faire cela."))
    if case is not None and case.anonymised_at is not None:
        return Decision.deny(ANONYMISED)
    return Decision.allow()


def can_export(user: User, case: Case) -> Decision:
    """The returnee's data export (right of access): its caseworker and the supervisors,
    who see its sensitive parts; the auditor sees aggregates only (the case is not visible)."""
    if sees_sensitive(user, case):
        return Decision.allow()
    return Decision.deny(
        _("Seuls le travailleur social du dossier et les superviseurs exportent ses données.")
    )


def can_erase(user: User, case: Case) -> Decision:
    """Erasing the returnee's personal data on request: a supervisor, once (the case's
    state is checked by the service, with the reason it must be closed)."""
    return can_supervise(user, case)


def can_work_referral(user: User, referral: Referral) -> Decision:
    """A referral's answer is written down by its case's caseworker."""
    return can_work(user, referral.case)

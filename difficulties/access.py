"""Who sees and does what with the difficulties register. The only place that decides it.

- anyone, without an account, reports a difficulty and follows it by its tracking code
  (the code is the reporter's only credential: `by_tracking_code`);
- the focal point of an embassy sees and handles the reports of its jurisdiction;
- programme officers see and handle every report (the ministry's desk: the reports no
  embassy covers, the overdue referrals), keep the reference data and make the
  quarterly reports;
- auditors read everything and change nothing, and never see the reporter's contact;
- the reporter's e-mail and phone are shown only to those who handle the report:
  `sees_contact`.
Each decision below is the `actor` of a row of `difficulties.transitions`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from difficulties.choices import REGISTERED_STATES, DifficultyStatus
from difficulties.models import Difficulty, QuarterlyReport
from documents.models import AttachmentKind
from processes.transitions import Decision
from registry.access import focal_embassies, is_focal_point_of

User = AnyUser
S = DifficultyStatus

ATTACHMENT_KINDS = (AttachmentKind.EVIDENCE,)
# The most pieces the public form takes with one report.
MAX_PUBLIC_PIECES = 3

NOT_HANDLER = _(
    "Seuls le point focal de l'ambassade compétente et les chargés de programme "
    "traitent ce signalement."
)


def is_officer(user: User) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER)


def is_focal_point(user: User) -> bool:
    return has_role(user, Role.EMBASSY_FOCAL_POINT)


def reads_everything(user: User) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER, Role.AUDITOR)


def handles(user: User, difficulty: Difficulty) -> bool:
    """`user` handles the report: an officer, or the focal point of its embassy."""
    return is_officer(user) or is_focal_point_of(user, difficulty.embassy_id)


# --- Visibility ------------------------------------------------------------------------


def difficulties_visible_to(user: User) -> QuerySet[Difficulty]:
    """The reports `user` sees in the register: registered ones (and, for those who
    confirm them, the phone-only reports still unconfirmed)."""
    reports = Difficulty.objects.all()
    if not user.is_authenticated:
        return reports.none()
    if reads_everything(user):
        return reports
    if is_focal_point(user):
        return reports.filter(embassy__in=focal_embassies(user))
    return reports.none()


def registered(reports: QuerySet[Difficulty]) -> QuerySet[Difficulty]:
    return reports.filter(status__in=REGISTERED_STATES)


def in_register(reports: QuerySet[Difficulty]) -> QuerySet[Difficulty]:
    """The registered reports and the phone-only ones waiting for a call: what the
    register lists (a report with an e-mail waits for its own link, unseen)."""
    return reports.filter(
        Q(status__in=REGISTERED_STATES) | Q(status=DifficultyStatus.UNCONFIRMED, email="")
    )


def can_see(user: User, difficulty: Difficulty) -> bool:
    return reads_everything(user) or is_focal_point_of(user, difficulty.embassy_id)


def sees_contact(user: User, difficulty: Difficulty) -> bool:
    """The reporter's e-mail and phone: only for those who handle the report."""
    return handles(user, difficulty)


def by_tracking_code(code: str) -> Difficulty | None:
    """The report a tracking code names, for whoever holds the code (None: no such
    report). Codes are read without case, spaces or a missing hyphen."""
    from difficulties.codes import normalise_code

    normalised = normalise_code(code)
    if normalised is None:
        return None
    return Difficulty.objects.select_related("merged_into").filter(tracking_code=normalised).first()


# --- Decisions -------------------------------------------------------------------------


def can_record(user: User) -> Decision:
    """Recording a report on someone's behalf: focal points and officers."""
    if is_officer(user) or is_focal_point(user):
        return Decision.allow()
    return Decision.deny(
        _("Seuls les points focaux et les chargés de programme enregistrent un signalement.")
    )


def can_record_for(user: User, embassy_id: int | None) -> Decision:
    """A report of that embassy's jurisdiction (None: no embassy covers the country)."""
    if is_officer(user) or is_focal_point_of(user, embassy_id):
        return Decision.allow()
    return Decision.deny(
        _("Ce pays n'est pas dans la juridiction de votre ambassade : choisissez-en un autre.")
    )


def can_handle(user: User, difficulty: Difficulty) -> Decision:
    """Qualifying, referring, answering, merging, rejecting, closing, and confirming a
    phone-only report: the focal point of its embassy and the officers."""
    if handles(user, difficulty):
        return Decision.allow()
    return Decision.deny(NOT_HANDLER)


def can_confirm(user: User, difficulty: Difficulty) -> Decision:
    """A report with an e-mail is confirmed by the link mailed to it (the service fires
    it as a consequence of the signed link, not by this decision); a phone-only report
    by those who handle it, after calling the reporter."""
    if difficulty.email:
        return Decision.deny(_("Ce signalement se confirme par le lien envoyé à son adresse."))
    return can_handle(user, difficulty)


def can_give_feedback(user: User, difficulty: Difficulty) -> Decision:
    """The reporter's word comes only through the tracking code (the public page and API
    find the report by its code and fire the feedback as its consequence): no staff
    member gives it."""
    return Decision.deny(_("Seul le déclarant, avec son code de suivi, donne son avis."))


def hides_codes(user: User) -> bool:
    """An auditor reads the reports by their pages, never by their tracking codes (the
    reporter's credential): the register's pages show the report's number instead."""
    return has_role(user, Role.AUDITOR) and not has_role(
        user, Role.EMBASSY_FOCAL_POINT, Role.PROGRAMME_OFFICER
    )


def speaks_as_reporter(user: User) -> Decision:
    """The reporter's word is given with the tracking code, anonymously: a signed-in
    member of the register's staff (who reads the codes in the register) is refused. A
    staff member signed out is anonymous like anyone (docs/difficulties.md)."""
    if has_role(user, Role.EMBASSY_FOCAL_POINT, Role.PROGRAMME_OFFICER, Role.AUDITOR):
        return Decision.deny(
            _(
                "Seul le déclarant donne son avis sur la réponse, avec son code de suivi : "
                "un membre du registre des difficultés ne le donne pas à sa place."
            )
        )
    return Decision.allow()


def can_keep_reference(user: User) -> Decision:
    """The administrations and the online services: the programme officers."""
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seuls les chargés de programme tiennent cette liste."))


# --- Quarterly reports -----------------------------------------------------------------


def reports_visible_to(user: User) -> QuerySet[QuarterlyReport]:
    if reads_everything(user):
        return QuarterlyReport.objects.all()
    return QuarterlyReport.objects.none()


def can_see_report(user: User, report: QuarterlyReport) -> bool:
    return reads_everything(user)


def can_make_report(user: User) -> Decision:
    if is_officer(user):
        return Decision.allow()
    return Decision.deny(_("Seuls les chargés de programme établissent le rapport trimestriel."))


# --- Pieces ----------------------------------------------------------------------------


def can_attach(user: User, difficulty: Difficulty, kind: str | None = None) -> Decision:
    """Pieces: the public form's (attached by the reporting service itself), then those
    who handle the report (any of `ATTACHMENT_KINDS`: `kind` is the documents' rule)."""
    return can_handle(user, difficulty)


def attachment_open(difficulty: Difficulty) -> Decision:
    """A report takes pieces until it is closed, merged or rejected."""
    if difficulty.status not in (S.CLOSED, S.DUPLICATE, S.REJECTED):
        return Decision.allow()
    return Decision.deny(_("Ce signalement est clos : on n'y joint plus de pièce."))

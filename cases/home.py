"""The coordination cell's part of the navigation and of the home page ("Mon espace")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.labels import person_name
from cases import access, selectors
from cases.models import Case
from documents.formatting import format_date
from registry.selectors import HomeItem, HomeSection, status_item

User = AnyUser

STATUS_CSS = {
    "registered": "text-bg-light border",
    "assessment": "text-bg-info",
    "plan_submitted": "text-bg-warning",
    "in_support": "text-bg-primary",
    "follow_up": "text-bg-success",
    "closure_requested": "text-bg-warning",
    "closed": "text-bg-dark",
}
REFERRAL_CSS = {
    "sent": "text-bg-info",
    "accepted": "text-bg-primary",
    "declined": "text-bg-secondary",
    "completed": "text-bg-success",
}


def in_cell(user: User) -> bool:
    return has_role(user, Role.CELL_CASEWORKER, Role.CELL_SUPERVISOR)


def case_links(user: User) -> list[HomeItem]:
    """The cell's pages this user can use, for the navigation."""
    if not user.is_authenticated or not in_cell(user):
        return []
    links = [HomeItem(label=_("Dossiers"), url=reverse("cases:case_list"))]
    if access.is_supervisor(user):
        links.append(HomeItem(label=_("Décisions"), url=reverse("cases:decision_queue")))
    return links


def _label(case: Case) -> str:
    return f"{case.reference} — {case.full_name}"


def _case_item(case: Case) -> HomeItem:
    overdue = getattr(case, "overdue_referrals", 0)
    detail = str(getattr(case, "next_step", "") or selectors.next_step(case, overdue))
    if overdue:
        detail += " · " + _("%(count)s orientation(s) en retard") % {"count": overdue}
    return status_item(case, _label(case), detail, STATUS_CSS.get(case.status, ""))


def _caseworker_section(user: User, limit: int) -> HomeSection:
    page = selectors.case_page(user, {"open_only": True}, size=limit)
    actions = []
    if access.can_register(user):
        actions.append(HomeItem(label=_("Nouveau dossier"), url=reverse("cases:case_create")))
    return HomeSection(
        title=_("Mes dossiers"),
        intro=_("Les dossiers de réintégration qui vous sont confiés, les plus récents d'abord."),
        items=[_case_item(case) for case in page.rows],
        empty=_("Aucun dossier ouvert ne vous est confié."),
        more_url=reverse("cases:case_list"),
        actions=actions,
    )


def _overdue_section(user: User, limit: int, *, mine_only: bool) -> HomeSection:
    referrals = selectors.overdue_referrals(user, mine_only=mine_only, limit=limit)
    return HomeSection(
        title=_("Orientations en retard"),
        intro=_("Les orientations dont l'échéance est passée sans réponse ni réalisation."),
        items=[
            HomeItem(
                label=f"{r.case.reference} — {r}",
                url=r.case.get_absolute_url() + "#referrals",
                detail=_("Échéance : %(date)s") % {"date": format_date(r.due_date)}
                + (
                    f" · {person_name(r.case.caseworker)}"
                    if not mine_only and r.case.caseworker
                    else ""
                ),
                badge=_("En retard"),
                badge_css="text-bg-danger",
            )
            for r in referrals
        ],
        empty=_("Aucune orientation en retard."),
        more_url=reverse("cases:case_list") + "?overdue=on" if referrals else "",
    )


def _supervisor_section(user: User, limit: int) -> HomeSection:
    queue = selectors.decision_queue(user, limit=limit, detailed=False)
    return HomeSection(
        title=_("Décisions de la cellule"),
        intro=_(
            "Les plans et les clôtures qui attendent votre décision, les plus anciens d'abord."
        ),
        items=[
            status_item(
                case,
                _label(case),
                str(selectors.next_step(case)),
                STATUS_CSS.get(case.status, ""),
                url=reverse("cases:decision_queue") + f"#case-{case.pk}",
            )
            for case in queue
        ],
        empty=_("Aucune décision en attente."),
        more_url=reverse("cases:decision_queue"),
        actions=[
            HomeItem(
                label=_("Dossiers à attribuer"),
                url=reverse("cases:case_list") + "?caseworker=none",
            ),
            HomeItem(label=_("Tous les dossiers"), url=reverse("cases:case_list")),
            HomeItem(label=_("Charge de travail"), url=reverse("cases:caseload")),
            HomeItem(label=_("Nouveau dossier"), url=reverse("cases:case_create")),
        ],
    )


def home_sections(user: User, limit: int = 6) -> list[HomeSection]:
    if not user.is_authenticated or not in_cell(user):
        return []
    sections = []
    if access.is_supervisor(user):
        sections.append(_supervisor_section(user, limit))
    if has_role(user, Role.CELL_CASEWORKER):
        sections.append(_caseworker_section(user, limit))
    sections.append(_overdue_section(user, limit, mine_only=not access.is_supervisor(user)))
    return sections

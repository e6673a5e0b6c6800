"""The co-realisation part of the navigation and of the home page ("Mon espace")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from registry import access as registry_access
from registry.selectors import HomeItem, HomeSection, status_item
from workflows import access, selectors

User = AnyUser

# Whoever holds one of these roles has some part of the programme to see.
PROGRAMME_ROLES = (
    Role.ASSOCIATION_MEMBER,
    Role.PROGRAMME_OFFICER,
    Role.EVALUATOR,
    Role.COMMITTEE_MEMBER,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
)

STATUS_CSS = {
    "draft": "text-bg-light border",
    "submitted": "text-bg-info",
    "returned": "text-bg-warning",
    "under_review": "text-bg-primary",
    "in_committee": "text-bg-primary",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-secondary",
    "in_execution": "text-bg-success",
    "suspended": "text-bg-warning",
    "terminated": "text-bg-danger",
    "completed": "text-bg-success",
    "closed": "text-bg-dark",
}
TRANCHE_CSS = {
    "planned": "text-bg-light border",
    "requested": "text-bg-info",
    "approved": "text-bg-primary",
    "paid": "text-bg-success",
    "cancelled": "text-bg-secondary",
}


def _css(status: str) -> str:
    return STATUS_CSS.get(status, "")


def in_programme(user: User) -> bool:
    return registry_access.is_superuser(user) or has_role(user, *PROGRAMME_ROLES)


def is_member_only(user: User) -> bool:
    """An association member with no ministry role: the list shows "Mes projets"."""
    return has_role(user, Role.ASSOCIATION_MEMBER) and not (
        registry_access.is_superuser(user)
        or has_role(
            user,
            Role.PROGRAMME_OFFICER,
            Role.EVALUATOR,
            Role.COMMITTEE_MEMBER,
            Role.FINANCE_OFFICER,
            Role.AUDITOR,
        )
    )


def workflow_links(user: User) -> list[HomeItem]:
    """The co-realisation pages this user can use, for the navigation and the home page."""
    if not user.is_authenticated or not in_programme(user):
        return []
    superuser = registry_access.is_superuser(user)
    links = [
        HomeItem(
            label=_("Mes projets") if is_member_only(user) else _("Projets"),
            url=reverse("workflows:proposal_list"),
            detail=_("Les projets de coréalisation, leur état et leur historique."),
        )
    ]
    if access.can_create_proposal(user):
        links.append(
            HomeItem(
                label=_("Nouveau projet"),
                url=reverse("workflows:proposal_create"),
                detail=_("Proposer un projet de développement local pour sa région d'origine."),
            )
        )
    links.append(
        HomeItem(
            label=_("Appels à projets"),
            url=reverse("workflows:call_list"),
            detail=_("Les appels, leurs règles de financement et leur enveloppe."),
        )
    )
    if superuser or has_role(user, Role.PROGRAMME_OFFICER):
        links.append(
            HomeItem(
                label=_("Recevabilité"),
                url=reverse("workflows:screening_queue"),
                detail=_("Les projets soumis à examiner, du plus ancien au plus récent."),
            )
        )
    if has_role(user, Role.EVALUATOR):
        links.append(
            HomeItem(
                label=_("Mes évaluations"),
                url=reverse("workflows:review_queue"),
                detail=_("Les projets qui vous sont confiés et vos avis déposés."),
            )
        )
    if superuser or has_role(user, Role.COMMITTEE_MEMBER, Role.PROGRAMME_OFFICER, Role.AUDITOR):
        links.append(
            HomeItem(
                label=_("Comité"),
                url=reverse("workflows:committee_queue"),
                detail=_("Les projets en comité, classés par note pondérée."),
            )
        )
    if superuser or has_role(user, Role.PROGRAMME_OFFICER, Role.AUDITOR):
        links.append(
            HomeItem(
                label=_("Suivi de l'exécution"),
                url=reverse("workflows:execution_queue"),
                detail=_("Les projets en exécution, leurs tranches et les demandes à approuver."),
            )
        )
    if superuser or has_role(user, Role.FINANCE_OFFICER, Role.AUDITOR):
        links.append(
            HomeItem(
                label=_("Paiements"),
                url=reverse("workflows:finance_queue"),
                detail=_("Les tranches approuvées à payer et les projets achevés à clôturer."),
            )
        )
    return links


def _projects_section(user: User, limit: int) -> HomeSection:
    proposals = list(selectors.proposals_for_list(user)[:limit])
    actions = []
    if access.can_create_proposal(user):
        actions.append(
            HomeItem(label=_("Nouveau projet"), url=reverse("workflows:proposal_create"))
        )
    actions.append(HomeItem(label=_("Appels à projets"), url=reverse("workflows:call_list")))
    return HomeSection(
        title=_("Mes projets"),
        intro=_("Les projets de coréalisation de vos associations."),
        items=[
            status_item(p, f"{p.reference} — {p.title}", str(p.association), _css(p.status))
            for p in proposals
        ],
        empty=_("Aucun projet pour le moment."),
        more_url=reverse("workflows:proposal_list") if proposals else "",
        actions=actions,
    )


def _programme_section(user: User) -> HomeSection:
    return HomeSection(
        title=_("Coréalisation"),
        intro=_("Le programme de coréalisation : vos pages de travail."),
        items=workflow_links(user),
    )


def home_sections(user: User, limit: int = 6) -> list[HomeSection]:
    if not user.is_authenticated or not in_programme(user):
        return []
    if is_member_only(user):
        return [_projects_section(user, limit)]
    return [_programme_section(user)]

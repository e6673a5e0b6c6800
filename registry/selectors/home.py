"""The registry's links and the blocks of the « Mon espace » page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries.fields import Country

from accounts.roles import Role, has_role, roles_of
from accounts.types import AnyUser
from registry import access
from registry.models import Association, AssociationStatus
from registry.selectors.associations import associations_to_verify

User = AnyUser


@dataclass
class HomeItem:
    label: str
    url: str
    detail: str = ""
    badge: str = ""
    badge_css: str = ""


@dataclass
class HomeSection:
    """One block of the "Mon espace" page: things this user has to do or follow."""

    title: str
    items: list[HomeItem] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    intro: str = ""
    actions: list[HomeItem] = field(default_factory=list)


class HasStatus(Protocol):
    status: Any

    def get_absolute_url(self) -> str: ...

    def get_status_display(self) -> str: ...


def status_item(
    obj: HasStatus, label: str, detail: str, badge_css: str, *, url: str = ""
) -> HomeItem:
    """The line of `obj` in a block of "Mon espace": its page (or `url`), its status as a
    badge with the classes `badge_css`."""
    return HomeItem(
        label=label,
        url=url or obj.get_absolute_url(),
        detail=detail,
        badge=obj.get_status_display(),
        badge_css=badge_css,
    )


def registry_links(user: User) -> list[HomeItem]:
    """The registry pages this user can reach, for the navigation and the home page."""
    if not user.is_authenticated:
        return []
    links: list[HomeItem] = []
    if access.can_list_associations(user):
        links.append(
            HomeItem(
                label=_("Associations"),
                url=reverse("registry:association_list"),
                detail=_("Les associations de la diaspora inscrites au répertoire RECOATEX."),
            )
        )
    if access.can_search_experts(user):
        links.append(
            HomeItem(
                label=_("Compétences"),
                url=reverse("registry:expert_list"),
                detail=_(
                    "L'annuaire des compétences de la diaspora : recherche par domaine, "
                    "pays et disponibilité."
                ),
            )
        )
    if access.can_import(user):
        links.append(
            HomeItem(
                label=_("Import CSV"),
                url=reverse("registry:import_upload"),
                detail=_("Importer des associations ou des compétences depuis un fichier CSV."),
            )
        )
    return links


def _association_item(association: Association, detail: str) -> HomeItem:
    return status_item(association, str(association), detail, f"status-{association.status}")


def _where(association: Association) -> str:
    country = cast(Country, association.country)
    return f"{association.city}, {country.name} — {association.embassy}"


def _focal_point_section(user: User, limit: int) -> HomeSection:
    pending = list(associations_to_verify(user)[:limit])
    return HomeSection(
        title=_("Associations à vérifier"),
        intro=_("Les associations de votre juridiction qui attendent votre vérification."),
        items=[_association_item(a, _where(a)) for a in pending],
        empty=_("Aucune association en attente dans votre juridiction."),
        more_url=reverse("registry:association_list") + "?status=pending",
    )


def _member_section(user: User, limit: int) -> HomeSection:
    mine = list(
        access.associations_visible_to(user)
        .filter(memberships__user_id=cast(int, user.pk))
        .select_related("embassy")
        .order_by("name", "id")[:limit]
    )
    actions = []
    if access.can_create_association(user):
        actions.append(
            HomeItem(
                label=_("Inscrire une association"),
                url=reverse("registry:association_create"),
            )
        )
    return HomeSection(
        title=_("Mes associations"),
        intro=_("Une association vérifiée par son ambassade peut déposer des projets."),
        items=[_association_item(a, _where(a)) for a in mine],
        empty=_("Vous n'êtes membre d'aucune association pour le moment."),
        more_url=reverse("registry:association_list") if mine else "",
        actions=actions,
    )


def _officer_section(user: User, limit: int) -> HomeSection:
    recent = list(
        access.associations_visible_to(user)
        .filter(status=AssociationStatus.PENDING)
        .select_related("embassy")
        .order_by("-created_at", "-id")[:limit]
    )
    actions = []
    if access.can_import(user):
        actions.append(
            HomeItem(label=_("Importer un fichier CSV"), url=reverse("registry:import_upload"))
        )
    if access.can_create_association(user):
        actions.append(
            HomeItem(
                label=_("Inscrire une association"), url=reverse("registry:association_create")
            )
        )
    return HomeSection(
        title=_("Inscriptions récentes en attente"),
        intro=_("Les dernières associations inscrites, en attente de leur point focal."),
        items=[_association_item(a, _where(a)) for a in recent],
        empty=_("Aucune association en attente de vérification."),
        more_url=reverse("registry:association_list") + "?status=pending",
        actions=actions,
    )


def _welcome_section(user: User) -> HomeSection:
    links = registry_links(user)
    if links:
        intro = _("Voici les parties de la plateforme qui vous sont ouvertes.")
    elif roles_of(user) or access.is_superuser(user):
        # A role whose pages are another app's (a host, an expert): its sections say it.
        intro = ""
    else:
        intro = _(
            "Votre compte n'a encore accès à aucune partie de la plateforme. "
            "Adressez-vous à l'administrateur pour recevoir votre rôle."
        )
    actions = [HomeItem(label=_("Changer de mot de passe"), url=reverse("password_change"))]
    if getattr(user, "is_staff", False):
        actions.append(HomeItem(label=_("Administration"), url=reverse("admin:index")))
    return HomeSection(
        title=_("Bienvenue"),
        intro=str(intro),
        items=links,
        actions=actions,
    )


def home_sections(user: User, limit: int = 10) -> list[HomeSection]:
    """The blocks of "Mon espace": at least a welcome card, whatever the user's roles."""
    sections: list[HomeSection] = []
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        sections.append(_focal_point_section(user, limit))
    if has_role(user, Role.ASSOCIATION_MEMBER):
        sections.append(_member_section(user, limit))
    if access.is_superuser(user) or has_role(user, Role.PROGRAMME_OFFICER):
        sections.append(_officer_section(user, limit))
    sections.append(_welcome_section(user))
    return sections

"""Reads of the registry that depend on who asks (scoped through `access`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from registry import access
from registry.models import Association, AssociationStatus

User = AbstractBaseUser | AnonymousUser


@dataclass
class HomeItem:
    label: str
    url: str
    detail: str = ""


@dataclass
class HomeSection:
    """One block of the "Mon espace" page: things this user has to do or follow."""

    title: str
    items: list[HomeItem] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""


def associations_to_verify(user: User) -> QuerySet[Association]:
    return (
        access.associations_visible_to(user)
        .filter(status=AssociationStatus.PENDING, embassy__in=access.focal_embassies(user))
        .select_related("embassy")
    )


def home_sections(user: User, limit: int = 10) -> list[HomeSection]:
    sections: list[HomeSection] = []
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        pending = list(associations_to_verify(user)[:limit])
        sections.append(
            HomeSection(
                title=str(_("Associations à vérifier")),
                items=[
                    HomeItem(
                        label=str(a),
                        url=a.get_absolute_url(),
                        detail=f"{a.city}, {a.country.name} — {a.embassy}",
                    )
                    for a in pending
                ],
                empty=str(_("Aucune association en attente dans votre juridiction.")),
                more_url=reverse("registry:association_list") + "?status=pending",
            )
        )
    if has_role(user, Role.ASSOCIATION_MEMBER):
        mine = list(
            access.associations_visible_to(user)
            .filter(memberships__user=user)
            .select_related("embassy")[:limit]
        )
        sections.append(
            HomeSection(
                title=str(_("Mes associations")),
                items=[
                    HomeItem(label=str(a), url=a.get_absolute_url(), detail=a.get_status_display())
                    for a in mine
                ],
                empty=str(_("Vous n'êtes membre d'aucune association.")),
                more_url=reverse("registry:association_create"),
            )
        )
    return sections

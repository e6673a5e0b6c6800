"""The platform's roles. Each is a Django group created by a data migration."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser, AuthUser


class Role(models.TextChoices):
    ASSOCIATION_MEMBER = "association_member", _("Membre d'association")
    EMBASSY_FOCAL_POINT = "embassy_focal_point", _("Point focal d'ambassade")
    PROGRAMME_OFFICER = "programme_officer", _("Chargé de programme")
    EVALUATOR = "evaluator", _("Évaluateur technique")
    COMMITTEE_MEMBER = "committee_member", _("Membre du comité")
    FINANCE_OFFICER = "finance_officer", _("Agent financier")
    CELL_CASEWORKER = "cell_caseworker", _("Travailleur social de la cellule")
    CELL_SUPERVISOR = "cell_supervisor", _("Superviseur de la cellule")
    AUDITOR = "auditor", _("Auditeur")
    HOST_INSTITUTION = "host_institution", _("Établissement d'accueil")
    DIASPORA_EXPERT = "diaspora_expert", _("Expert de la diaspora")


_CACHE_ATTR = "_role_names_cache"


def roles_of(user: AnyUser) -> frozenset[str]:
    """The role names a user holds, read once per request and cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        valid = set(Role.values)
        cached = frozenset(
            name for name in user.groups.values_list("name", flat=True) if name in valid
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: AnyUser, *roles: Role) -> bool:
    held = roles_of(user)
    return any(role.value in held for role in roles)


def forget_roles(user: AuthUser) -> None:
    """Drop the cached roles (after group membership changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)

"""Reads of the registry that depend on who asks (scoped through `access`).

Lists are paged with a keyset cursor on their ordering: a page costs one query
whatever the size of the table, and no one counts the rows a user may see.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import Country

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import WorkItem, action_anchor
from audit.labels import describe
from audit.models import HistoryEntry, Outcome
from registry import access
from registry.models import Association, AssociationStatus, Expert

User = AnyUser
M = TypeVar("M", bound=models.Model)

PAGE_SIZE = 25

ASSOCIATION_ORDER = ("name", "id")
EXPERT_ORDER = ("last_name", "first_name", "id")


# --- Keyset pages -------------------------------------------------------------


@dataclass
class Page(Generic[M]):
    rows: list[M]
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    def links(self, query: QueryDict) -> dict[str, str]:
        """`next_url` and `previous_url` for a page, keeping the other query parameters."""

        def link(key: str, cursor: str) -> str:
            params = query.copy()
            params.pop("after", None)
            params.pop("before", None)
            params[key] = cursor
            return "?" + params.urlencode()

        return {
            "next_url": link("after", self.next_cursor) if self.next_cursor else "",
            "previous_url": link("before", self.previous_cursor) if self.previous_cursor else "",
        }


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any] | None:
    """The values of a cursor, or None when it was not made by `encode_cursor`."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != width:
        return None
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return None
    return values


def _beyond(order: Sequence[str], values: Sequence[Any], lookup: str) -> Q:
    """Rows strictly after (`gt`) or before (`lt`) `values` in the order `order`."""
    condition = Q()
    for i, name in enumerate(order):
        step = Q(**{f"{name}__{lookup}": values[i]})
        for previous, value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{previous: value})
        condition |= step
    return condition


def keyset_page(
    queryset: QuerySet[M],
    order: Sequence[str],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Page[M]:
    """One page of `queryset` in `order`, after or before a cursor, with no COUNT."""
    before_values = decode_cursor(before, len(order))
    after_values = None if before_values else decode_cursor(after, len(order))
    if before_values is not None:
        backwards = queryset.filter(_beyond(order, before_values, "lt"))
        rows = list(backwards.order_by(*[f"-{name}" for name in order])[: size + 1])
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
    else:
        if after_values is not None:
            queryset = queryset.filter(_beyond(order, after_values, "gt"))
        rows = list(queryset.order_by(*order)[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after_values is not None
    if not rows:
        return Page(rows=[])

    def cursor(row: M) -> str:
        return encode_cursor([getattr(row, name) for name in order])

    return Page(
        rows=rows,
        next_cursor=cursor(rows[-1]) if has_next else "",
        previous_cursor=cursor(rows[0]) if has_previous else "",
    )


# --- Associations -------------------------------------------------------------


def association_rows(user: User) -> QuerySet[Association]:
    """What a table of associations shows, for the associations `user` may see."""
    return (
        access.associations_visible_to(user)
        .select_related("embassy", "home_region", "home_prefecture")
        .prefetch_related("sectors")
    )


def filter_associations(
    queryset: QuerySet[Association], filters: Mapping[str, Any]
) -> QuerySet[Association]:
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    if filters.get("embassy"):
        queryset = queryset.filter(embassy=filters["embassy"])
    if filters.get("home_region"):
        queryset = queryset.filter(home_region=filters["home_region"])
    if filters.get("sector"):
        queryset = queryset.filter(sectors__code=filters["sector"])
    text = (filters.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(acronym__icontains=text) | Q(city__icontains=text)
        )
    return queryset


def association_page(
    user: User, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[Association]:
    queryset = filter_associations(association_rows(user), filters)
    return keyset_page(queryset, ASSOCIATION_ORDER, after=after, before=before)


ACTION_LABELS = {
    "create": gettext_lazy("Inscription"),
    "update": gettext_lazy("Modification"),
    "verify": gettext_lazy("Vérification"),
    "reject": gettext_lazy("Rejet"),
    "add_member": gettext_lazy("Ajout d'un membre"),
    "import": gettext_lazy("Import CSV"),
}


@dataclass
class TimelineRow:
    entry: HistoryEntry
    action: str
    source_state: str
    target_state: str
    refused: bool
    comment: str = ""

    @property
    def changed_state(self) -> bool:
        return bool(self.target_state) and self.source_state != self.target_state


def _status_label(value: str) -> str:
    if value in AssociationStatus.values:
        return str(AssociationStatus(value).label)
    return value


def association_timeline(association: Association) -> list[TimelineRow]:
    """The association's history, oldest first, refused attempts included."""
    entries = HistoryEntry.objects.for_object(association).select_related("by")
    return [
        TimelineRow(
            entry=entry,
            action=str(ACTION_LABELS.get(entry.action, entry.action)),
            source_state=_status_label(entry.source_state),
            target_state=_status_label(entry.target_state),
            refused=entry.outcome == Outcome.REFUSED,
            comment=describe(entry),
        )
        for entry in entries
    ]


def associations_to_verify(user: User) -> QuerySet[Association]:
    return (
        access.associations_visible_to(user)
        .filter(status=AssociationStatus.PENDING, embassy__in=access.focal_embassies(user))
        .select_related("embassy")
    )


def work_items(user: User, limit: int = 200) -> list[WorkItem]:
    """The focal point's open work: the associations of its jurisdiction to verify."""
    if not has_role(user, Role.EMBASSY_FOCAL_POINT):
        return []
    return [
        WorkItem(
            process="association",
            object_id=association.pk,
            task="verify",
            label=_("Vérifier l'association"),
            since=association.created_at,
            url=f"{association.get_absolute_url()}#{action_anchor('verify')}",
            reference=association.acronym or association.name,
            title=association.name,
        )
        for association in associations_to_verify(user).order_by("created_at", "id")[:limit]
    ]


# --- Experts ------------------------------------------------------------------


def expert_rows(user: User) -> QuerySet[Expert]:
    return access.experts_visible_to(user).prefetch_related("competences")


def filter_experts(queryset: QuerySet[Expert], filters: Mapping[str, Any]) -> QuerySet[Expert]:
    if filters.get("competence"):
        queryset = queryset.filter(competences=filters["competence"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    if filters.get("teaching"):
        queryset = queryset.filter(available_teaching=True)
    if filters.get("medical"):
        queryset = queryset.filter(available_medical=True)
    text = (filters.get("q") or "").strip()
    if text:
        condition = Q()
        for word in text.split():
            condition &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(profession__icontains=word)
                | Q(education_field__icontains=word)
            )
        queryset = queryset.filter(condition)
    return queryset


def expert_page(
    user: User, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[Expert]:
    queryset = filter_experts(expert_rows(user), filters)
    return keyset_page(queryset, EXPERT_ORDER, after=after, before=before)


# --- Links and the home page --------------------------------------------------


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
    return HomeItem(
        label=str(association),
        url=association.get_absolute_url(),
        detail=detail,
        badge=association.get_status_display(),
        badge_css=f"status-{association.status}",
    )


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

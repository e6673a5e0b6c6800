"""`{% documents_panel owner %}`: the generated documents of a proposal or case page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from documents import access, registry, services
from documents.models import DocumentKind

register = template.Library()


def panels_for(
    owner: models.Model, user: AnyUser, next_url: str = "", *, seen: bool = False
) -> list[dict[str, Any]]:
    """One panel per kind of document the owner's model produces, for a user who sees it
    (`seen`: the page has already checked that the user sees the owner).

    Usable from a view too: `{"document_panels": panels_for(proposal, request.user)}` and
    `{% include "documents/_documents_panels.html" with panels=document_panels %}`.
    """
    if not seen and not access.can_see_owner(user, owner):
        return []
    labels = dict(DocumentKind.choices)
    panels = []
    for producer in registry.producers_for(owner):
        panels.append(
            {
                "kind": producer.kind,
                "title": labels.get(producer.kind, _("Documents")),
                "documents": list(services.documents_of(owner, producer.kind)),
                # Open failures and documents still being prepared, each `{"at": …}`.
                **services.unresolved_of(owner, producer.kind),
                "can_regenerate": bool(access.can_regenerate(user, owner, producer.kind)),
                "regenerate_url": reverse("documents:regenerate", args=[producer.kind, owner.pk]),
                "next": next_url,
            }
        )
    return panels


@register.inclusion_tag("documents/_documents_panels.html", takes_context=True)
def documents_panel(
    context: template.Context, owner: models.Model, seen: bool = False
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return {"panels": []}
    next_url = request.get_full_path() if request is not None else ""
    # An inclusion tag draws with a context of its own: the retry form needs the token.
    return {
        "panels": panels_for(owner, user, next_url, seen=seen),
        "csrf_token": context.get("csrf_token"),
    }

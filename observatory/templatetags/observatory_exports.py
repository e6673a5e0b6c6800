"""The export buttons of a list page: « Exporter (CSV) », « Exporter (XLSX) », each
carrying the page's current filters (not its position in the list); and the
dashboard's line saying which lists the user may export and where the files are."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy

from observatory.exports.datasets import DATASETS
from observatory.models import ExportFormat

register = template.Library()

# What a list page's query string holds that is not a filter.
NOT_FILTERS = ("after", "before", "format", "page")


@register.inclusion_tag("observatory/_export_buttons.html", takes_context=True)
def export_buttons(context: Any, kind: str) -> dict[str, Any]:
    request = context["request"]
    dataset = DATASETS[kind]
    if not dataset.allowed(request.user):
        return {"links": []}
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    address = reverse("observatory:export", args=[kind])
    links = []
    for value in ExportFormat.values:
        params["format"] = value
        links.append((value.upper(), f"{address}?{params.urlencode()}"))
    return {"links": links}


# The list pages where each dataset is exported, in the order the dashboard names them.
LISTS = (
    ("proposals", gettext_lazy("Projets"), "workflows:proposal_list"),
    ("cases", gettext_lazy("Dossiers"), "cases:case_list"),
    ("associations", gettext_lazy("Associations"), "registry:association_list"),
    ("experts", gettext_lazy("Experts"), "registry:expert_list"),
)


@register.inclusion_tag("observatory/_export_places.html", takes_context=True)
def export_places(context: Any) -> dict[str, Any]:
    """One line saying where the user's exports are made (the lists they may export,
    each a link) and where they are found (« Mes exports »); nothing if none."""
    user = context["request"].user
    lists = [(label, reverse(name)) for kind, label, name in LISTS if DATASETS[kind].allowed(user)]
    return {"lists": lists}

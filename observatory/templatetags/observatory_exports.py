"""The export buttons of a list page: « Exporter (CSV) », « Exporter (XLSX) », each
carrying the page's current filters (not its position in the list)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

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

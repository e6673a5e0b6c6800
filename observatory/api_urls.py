"""The observatory's API: /api/v1/stats/… and /api/v1/exports/…."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from observatory.exports.api import ExportView
from observatory.urls import KINDS

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(rf"^exports/(?P<kind>{KINDS})/$", ExportView.as_view(), name="export"),
]

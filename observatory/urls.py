"""The observatory's pages, under /observatoire/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from observatory.exports import views as export_views
from observatory.models import ExportKind

app_name = "observatory"

KINDS = "|".join(ExportKind.values)

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(rf"^exports/(?P<kind>{KINDS})/$", export_views.export, name="export"),
]

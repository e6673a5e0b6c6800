"""The observatory's pages, under /observatoire/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from observatory import views
from observatory.exports import job_views
from observatory.exports import views as export_views
from observatory.models import ExportKind

app_name = "observatory"

KINDS = "|".join(ExportKind.values)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    re_path(rf"^exports/(?P<kind>{KINDS})/$", export_views.export, name="export"),
    path("exports/", job_views.export_list, name="export_list"),
    path("exports/<int:pk>/", job_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", job_views.export_download, name="export_download"),
]

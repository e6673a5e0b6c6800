"""The observatory's pages, under /observatoire/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from observatory.exports import job_views

app_name = "observatory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("exports/", job_views.export_list, name="export_list"),
    path("exports/<int:pk>/", job_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", job_views.export_download, name="export_download"),
]

"""The observatory's pages, under /observatoire/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from observatory import views

app_name = "observatory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
]

"""The observatory's pages, under /observatoire/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "observatory"

urlpatterns: list[URLPattern | URLResolver] = []

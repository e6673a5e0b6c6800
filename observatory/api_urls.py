"""The observatory's API: /api/v1/stats/… and /api/v1/exports/…."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

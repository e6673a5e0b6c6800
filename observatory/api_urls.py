"""The observatory's API: /api/v1/stats/… and /api/v1/exports/…."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from observatory.api.cases import CaseStatsView
from observatory.api.diaspora import DiasporaStatsView
from observatory.api.proposals import ProposalStatsView

urlpatterns: list[URLPattern | URLResolver] = [
    path("stats/proposals/", ProposalStatsView.as_view(), name="stats-proposals"),
    path("stats/cases/", CaseStatsView.as_view(), name="stats-cases"),
    path("stats/diaspora/", DiasporaStatsView.as_view(), name="stats-diaspora"),
]

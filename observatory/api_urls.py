"""The observatory's API: /api/v1/stats/… and /api/v1/exports/…."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from observatory.api.cases import CaseStatsView
from observatory.api.diaspora import DiasporaStatsView
from observatory.api.difficulties import DifficultyStatsView
from observatory.api.missions import MissionStatsView
from observatory.api.proposals import ProposalStatsView
from observatory.exports import job_api
from observatory.exports.api import ExportView
from observatory.urls import KINDS

urlpatterns: list[URLPattern | URLResolver] = [
    path("stats/proposals/", ProposalStatsView.as_view(), name="stats-proposals"),
    path("stats/cases/", CaseStatsView.as_view(), name="stats-cases"),
    path("stats/diaspora/", DiasporaStatsView.as_view(), name="stats-diaspora"),
    path("stats/missions/", MissionStatsView.as_view(), name="stats-missions"),
    path("stats/difficulties/", DifficultyStatsView.as_view(), name="stats-difficulties"),
    re_path(rf"^exports/(?P<kind>{KINDS})/$", ExportView.as_view(), name="export"),
    path("exports/jobs/<int:pk>/", job_api.ExportJobView.as_view(), name="export-job"),
    path(
        "exports/jobs/<int:pk>/download/",
        job_api.ExportJobDownload.as_view(),
        name="export-job-download",
    ),
]

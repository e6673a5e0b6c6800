from django.urls import path
from rest_framework.routers import SimpleRouter

from difficulties import api

router = SimpleRouter()
router.register("difficulties", api.DifficultyViewSet, basename="difficulty")

urlpatterns = [
    path(
        "public/difficulties/",
        api.PublicReportView.as_view(),
        name="public-difficulty-report",
    ),
    path(
        "public/difficulties/<str:tracking_code>/",
        api.PublicTrackingView.as_view(),
        name="public-difficulty-tracking",
    ),
    path(
        "public/difficulties/<str:tracking_code>/feedback/",
        api.PublicFeedbackView.as_view(),
        name="public-difficulty-feedback",
    ),
    *router.urls,
]

from django.db import models
from django.urls import URLPattern, path

from documents import views

app_name = "documents"


def attachment_download_path(owner_model: type[models.Model]) -> URLPattern:
    """The download address of the pieces attached to `owner_model`'s objects, among its
    app's URLs (`<app>:attachment_download`): only pieces of that owner are found there."""
    return path(
        "attachments/<int:pk>/",
        views.attachment_download,
        {"owner_model": owner_model},
        name="attachment_download",
    )


urlpatterns: list[URLPattern] = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:sha256>/", views.verify_hash, name="verify_hash"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path(
        "documents/regenerate/<str:kind>/<int:object_id>/",
        views.regenerate,
        name="regenerate",
    ),
]

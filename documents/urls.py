from django.urls import URLPattern, path

from documents import views

app_name = "documents"

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

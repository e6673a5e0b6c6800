"""The register's pages for focal points, officers and auditors, and the reference
data officers keep."""

from django.urls import URLPattern, path

from difficulties.models import Difficulty
from difficulties.views import administrations, reference, register, reports
from documents import views as documents_views

urlpatterns: list[URLPattern] = [
    path("difficultes/", register.difficulty_list, name="list"),
    path("difficultes/nouvelle/", register.difficulty_create, name="create"),
    path("difficultes/<int:pk>/", register.difficulty_detail, name="detail"),
    path(
        "difficultes/<int:pk>/transitions/<str:name>/",
        register.difficulty_transition,
        name="transition",
    ),
    path("difficultes/<int:pk>/pieces/", register.difficulty_attach, name="attach"),
    path(
        "difficultes/pieces/<int:pk>/",
        documents_views.attachment_download,
        {"owner_model": Difficulty},
        name="attachment_download",
    ),
    path("difficultes/rapports/", reports.report_list, name="report_list"),
    path("difficultes/rapports/<int:pk>/", reports.report_detail, name="report_detail"),
    path(
        "difficultes/administrations/",
        administrations.administration_list,
        name="administration_list",
    ),
    path(
        "difficultes/administrations/<int:pk>/",
        administrations.administration_edit,
        name="administration_edit",
    ),
    path("demarches/nouvelle/", reference.online_service_create, name="online_service_create"),
    path("demarches/<int:pk>/", reference.online_service_edit, name="online_service_edit"),
]

"""The pages of the missions, the experts' availability, licences and accounts."""

from django.urls import URLPattern, path

from documents.views import attachment_download
from missions.models import Mission, ProfessionalLicence
from missions.views import experts, missions

urlpatterns: list[URLPattern] = [
    path("missions/", missions.mission_list, name="mission_list"),
    path("missions/<int:pk>/", missions.mission_detail, name="mission_detail"),
    path(
        "missions/<int:pk>/transitions/<str:name>/",
        missions.mission_transition,
        name="mission_transition",
    ),
    path("missions/<int:pk>/attach/", missions.mission_attach, name="mission_attach"),
    # The pieces of one kind of owner only (documents.urls.attachment_download_path).
    path(
        "missions/pieces/<int:pk>/",
        attachment_download,
        {"owner_model": Mission},
        name="mission_attachment_download",
    ),
    path("availability/", experts.availability, name="availability"),
    path("availability/<int:pk>/delete/", experts.availability_delete, name="availability_delete"),
    path("licences/", experts.licence_list, name="licence_list"),
    path("licences/new/", experts.licence_create, name="licence_create"),
    path("licences/<int:pk>/", experts.licence_detail, name="licence_detail"),
    path(
        "licences/<int:pk>/transitions/<str:name>/",
        experts.licence_transition,
        name="licence_transition",
    ),
    path(
        "licences/pieces/<int:pk>/",
        attachment_download,
        {"owner_model": ProfessionalLicence},
        name="licence_attachment_download",
    ),
    path("expert-accounts/", experts.expert_accounts, name="expert_accounts"),
    path(
        "expert-accounts/<int:pk>/verify/",
        experts.expert_account_verify,
        name="expert_account_verify",
    ),
]

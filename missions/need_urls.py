"""The pages of the needs, their candidates and the host institutions."""

from django.urls import URLPattern, path

from documents import views as documents_views
from missions.models import MissionNeed
from missions.views import candidates, institutions, needs

urlpatterns: list[URLPattern] = [
    path("", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path(
        "needs/<int:pk>/transitions/<str:name>/",
        needs.need_transition,
        name="need_transition",
    ),
    path("needs/<int:pk>/attachments/", needs.need_attach, name="need_attach"),
    # The download of a need's pieces (a mission's have their own address).
    path(
        "needs/attachments/<int:pk>/",
        documents_views.attachment_download,
        {"owner_model": MissionNeed},
        name="need_attachment_download",
    ),
    path("needs/<int:pk>/apply/", candidates.need_apply, name="need_apply"),
    path("needs/<int:pk>/candidates/", candidates.need_candidates, name="need_candidates"),
    path("needs/<int:pk>/invite/", candidates.need_invite, name="need_invite"),
    path("institutions/", institutions.institution_list, name="institution_list"),
    path("institutions/new/", institutions.institution_create, name="institution_create"),
    path("institutions/<int:pk>/", institutions.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", institutions.institution_edit, name="institution_edit"),
]

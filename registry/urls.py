from django.urls import path

from registry import import_views
from registry.views import associations, experts, geography

app_name = "registry"

urlpatterns = [
    path("associations/", associations.association_list, name="association_list"),
    path("associations/new/", associations.association_create, name="association_create"),
    path("associations/<int:pk>/", associations.association_detail, name="association_detail"),
    path("associations/<int:pk>/edit/", associations.association_edit, name="association_edit"),
    path(
        "associations/<int:pk>/verify/",
        associations.association_verify,
        name="association_verify",
    ),
    path(
        "associations/<int:pk>/reject/",
        associations.association_reject,
        name="association_reject",
    ),
    path("experts/", experts.expert_list, name="expert_list"),
    path("experts/new/", experts.expert_create, name="expert_create"),
    path("experts/<int:pk>/", experts.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert_edit"),
    path("prefectures/", geography.prefecture_options, name="prefecture_options"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
]

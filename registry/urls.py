from django.urls import path

from registry import import_views, views

app_name = "registry"

urlpatterns = [
    path("associations/", views.association_list, name="association_list"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
    path("associations/<int:pk>/edit/", views.association_edit, name="association_edit"),
    path("associations/<int:pk>/verify/", views.association_verify, name="association_verify"),
    path("associations/<int:pk>/reject/", views.association_reject, name="association_reject"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("prefectures/", views.prefecture_options, name="prefecture_options"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
]

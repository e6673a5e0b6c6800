from django.urls import path

from cases import views
from cases.models import Case
from documents.urls import attachment_download_path

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("decisions/", views.decision_queue, name="decision_queue"),
    path("caseload/", views.caseload, name="caseload"),
    path("prefectures/", views.prefecture_options, name="prefecture_options"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/assessment/", views.assessment_form, name="assessment_form"),
    path("<int:pk>/plan/", views.plan_builder, name="plan_builder"),
    path("<int:pk>/plan/<int:item_pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("<int:pk>/referrals/new/", views.referral_create, name="referral_create"),
    path("<int:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("<int:pk>/transitions/<str:name>/", views.case_transition, name="case_transition"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/export/<str:fmt>/", views.case_export, name="case_export"),
    path("<int:pk>/erase/", views.case_erase, name="case_erase"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    attachment_download_path(Case),
    path(
        "referrals/<int:pk>/transitions/<str:name>/",
        views.referral_transition,
        name="referral_transition",
    ),
]

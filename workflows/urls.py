from django.urls import path

from documents.urls import attachment_download_path
from workflows import views
from workflows.models import Proposal

app_name = "workflows"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/rules/", views.rules_check, name="rules_check"),
    path("proposals/prefectures/", views.prefecture_options, name="prefecture_options"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "proposals/<int:pk>/transitions/<str:name>/",
        views.proposal_transition,
        name="proposal_transition",
    ),
    path("proposals/<int:pk>/review/", views.review_form, name="review_form"),
    path("proposals/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    attachment_download_path(Proposal),
    path(
        "tranches/<int:pk>/transitions/<str:name>/",
        views.tranche_transition,
        name="tranche_transition",
    ),
    path("screening/", views.screening_queue, name="screening_queue"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("committee/", views.committee_queue, name="committee_queue"),
    path("execution/", views.execution_queue, name="execution_queue"),
    path("finance/", views.finance_queue, name="finance_queue"),
]

"""Case pages (being written)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


case_list = case_create = decision_queue = caseload = case_detail = case_edit = _todo
assessment_form = plan_builder = plan_item_delete = referral_create = follow_up_create = _todo
case_transition = case_assign = attachment_upload = attachment_download = _todo
referral_transition = _todo

"""Co-realisation pages (being written)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


call_list = call_create = call_detail = call_edit = _todo
proposal_list = proposal_create = rules_check = proposal_detail = proposal_edit = _todo
proposal_transition = review_form = attachment_upload = attachment_download = _todo
tranche_transition = screening_queue = review_queue = committee_queue = _todo
execution_queue = finance_queue = _todo

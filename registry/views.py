"""Registry pages (being written)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


association_list = association_create = association_detail = association_edit = _todo
association_verify = association_reject = expert_list = expert_create = _todo
expert_detail = expert_edit = prefecture_options = import_upload = import_preview = _todo

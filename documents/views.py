"""Public verification, and downloads and regeneration for those who see the owner."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Source
from audit.services import record_refusal
from documents import access, registry, services
from documents.attachments import attachment_response, file_response
from documents.forms import VerifyForm
from documents.models import Attachment, StoredDocument


def _not_found(request: HttpRequest, form: VerifyForm | None = None) -> HttpResponse:
    return render(
        request, "documents/verify_not_found.html", {"form": form or VerifyForm()}, status=404
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a document by its code or by the file itself; no login."""
    if request.method != "POST":
        return render(request, "documents/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "documents/verify.html", {"form": form}, status=400)
    digest = form.sha256()
    found = (
        services.verify_by_hash(digest)
        if digest is not None
        else services.verify_by_code(form.cleaned_data["code"])
    )
    if found is None:
        return _not_found(request, form)
    return redirect("documents:verify_hash", sha256=found.sha256)


@require_http_methods(["GET"])
def verify_hash(request: HttpRequest, sha256: str) -> HttpResponse:
    found = services.verify_by_hash(sha256)
    if found is None:
        return _not_found(request)
    return render(request, "documents/verify_result.html", {"found": found})


@login_required
@require_http_methods(["GET"])
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Stored PDFs are never public: only someone who sees the owner downloads them."""
    document = StoredDocument.objects.filter(pk=pk).first()
    if document is None or not access.can_download(request.user, document):
        raise Http404
    return pdf_response(document)


def pdf_response(document: StoredDocument) -> FileResponse:
    """The stored file as a download; the caller has checked `access.can_download`."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    return file_response(handle, name=document.download_name, content_type="application/pdf")


@login_required
@require_http_methods(["GET"])
def attachment_download(
    request: HttpRequest, pk: int, owner_model: type[models.Model] | None = None
) -> FileResponse:
    """Pieces are never public: only someone who sees the owner downloads them.

    `owner_model`, given by the URL, limits the address to the pieces of one kind of owner.
    """
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None or not access.can_download(request.user, attachment):
        raise Http404
    if owner_model is not None and (
        attachment.content_type_id != ContentType.objects.get_for_model(owner_model).pk
    ):
        raise Http404
    return attachment_response(attachment)


@login_required
@require_POST
def regenerate(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """A new version of the owner's document (also the retry after a failure)."""
    producer = registry.producer_for(kind)
    if producer is None:
        raise Http404
    owner = producer.model._default_manager.filter(pk=object_id).first()
    if owner is None or not access.can_see_owner(request.user, owner):
        raise Http404
    decision = access.can_regenerate(request.user, owner, kind)
    if not decision:
        record_refusal(
            obj=owner,
            action="regenerate_document",
            by=request.user,
            source=Source.WEB,
            reason=decision.reason,
            state=str(getattr(owner, "status", "")),
        )
        raise PermissionDenied(decision.reason)
    document = services.generate_or_record_failure(
        owner=owner, kind=kind, by=request.user, source=Source.WEB
    )
    if document is None:
        messages.error(
            request,
            _(
                "La génération du document a échoué. L'incident est enregistré ; "
                "réessayez dans quelques instants ou prévenez l'administrateur."
            ),
        )
    else:
        messages.success(
            request,
            _("« %(kind)s », version %(version)s : le document est prêt.")
            % {"kind": document.get_kind_display(), "version": document.version},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = owner.get_absolute_url() if hasattr(owner, "get_absolute_url") else "/"
    return redirect(target)

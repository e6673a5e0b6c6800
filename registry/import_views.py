"""Pages of the CSV import: upload a file, read its preview, import it (all or nothing)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from audit.models import Source
from processes.transitions import ActionRefused
from registry import access, importing
from registry.models import ImportBatch, ImportKind, ImportStatus
from registry.views.editing import require

RECENT_BATCHES = 10


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Type de fichier"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        allow_empty_file=True,
        help_text=gettext_lazy(
            "Séparateur « ; » ou « , », encodage UTF-8 ou Windows (export Excel), "
            "première ligne : les noms des colonnes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _require_import(request: HttpRequest) -> None:
    require(access.can_import(request.user))


def _upload_context(request: HttpRequest, form: ImportUploadForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "columns": [(ImportKind(kind), columns) for kind, columns in importing.COLUMNS.items()],
        "codes": importing.reference_codes(),
        "batches": access.import_batches_visible_to(request.user)[:RECENT_BATCHES],
        "max_bytes": settings.REGISTRY_IMPORT_MAX_BYTES,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    if request.method != "POST":
        form = ImportUploadForm(initial={"kind": request.GET.get("kind", ImportKind.ASSOCIATIONS)})
        return render(request, "registry/import_upload.html", _upload_context(request, form))
    form = ImportUploadForm(request.POST, request.FILES)
    file_name = ""
    if form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            importing.check_size(upload.size)
            parsed = importing.read(form.cleaned_data["kind"], upload.read())
            preview = importing.validate(parsed, request.user)
        except importing.ImportFileError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            batch = importing.save_batch(
                parsed=parsed, preview=preview, file_name=file_name, by=request.user
            )
            return redirect("registry:import_preview", pk=batch.pk)
    context = _upload_context(request, form, file_name=file_name)
    return render(request, "registry/import_upload.html", context, status=400)


def _preview_response(
    request: HttpRequest,
    batch: ImportBatch,
    *,
    preview: importing.Preview | None = None,
    refusal: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    file_errors: list[str] = []
    if preview is None and batch.status == ImportStatus.PREVIEWED:
        try:
            preview = importing.preview_batch(batch=batch, by=request.user)
        except importing.ImportFileError as exc:
            file_errors = exc.messages
    form = ImportUploadForm(initial={"kind": batch.kind})
    context = {
        "batch": batch,
        "preview": preview,
        "file_errors": file_errors,
        "refusal": refusal or [],
        "form": form,
        "imported": batch.status == ImportStatus.IMPORTED,
        "is_associations": batch.kind == ImportKind.ASSOCIATIONS,
        "max_bytes": settings.REGISTRY_IMPORT_MAX_BYTES,
    }
    return render(request, "registry/import_preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_import(request)
    batch = get_object_or_404(access.import_batches_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return _preview_response(request, batch)
    try:
        count = importing.import_batch(batch=batch, by=request.user, source=Source.WEB)
    except importing.ImportRefused as exc:
        return _preview_response(
            request,
            batch,
            preview=exc.preview,
            refusal=[_("Des erreurs sont apparues au moment de l'import : rien n'a été importé.")],
            status=exc.status,
        )
    except ActionRefused as exc:
        return _preview_response(request, batch, refusal=exc.messages, status=exc.status)
    if batch.kind == ImportKind.ASSOCIATIONS:
        message = ngettext(
            "%(count)d association importée depuis « %(file)s ». Elle est en attente de "
            "vérification par le point focal de son ambassade.",
            "%(count)d associations importées depuis « %(file)s ». Elles sont en attente de "
            "vérification par le point focal de leur ambassade.",
            count,
        )
    else:
        message = ngettext(
            "%(count)d membre de la diaspora importé depuis « %(file)s ».",
            "%(count)d membres de la diaspora importés depuis « %(file)s ».",
            count,
        )
    messages.success(request, message % {"count": count, "file": batch.file_name})
    return redirect("registry:import_preview", pk=batch.pk)

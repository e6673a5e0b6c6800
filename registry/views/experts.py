"""Expert directory pages: the search, the profile, registration and edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Source
from processes.forms import style
from registry import access, selectors, services
from registry.forms import ExpertFilterForm, ExpertForm
from registry.models import Expert
from registry.views.editing import form_page, list_page, require


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        "registry/expert_list.html",
        ExpertFilterForm(request.GET),
        selectors.expert_page,
        "experts",
        can_create=access.can_create_expert(request.user),
    )


@login_required
@require_GET
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_for_page(request.user, pk)
    return render(
        request,
        "registry/expert_detail.html",
        {
            "expert": expert,
            "competences": selectors.expert_competences(expert),
            "can_edit": access.can_edit_expert(request.user, expert),
        },
    )


def _expert_form_page(
    request: HttpRequest, form: ExpertForm, expert: Expert | None, title: str
) -> HttpResponse:
    style(form, textarea_rows=4)
    return render(
        request,
        "registry/expert_form.html",
        {"form": form, "expert": expert, "title": title},
    )


def _save(request: HttpRequest, expert: Expert | None) -> HttpResponse:
    """The registration form (no `expert`) or the edit form of `expert`."""
    if expert is None:
        title = _("Inscrire un membre de la diaspora")
    else:
        title = _("Modifier le profil — %(name)s") % {"name": expert.full_name}

    def save(form: ExpertForm) -> Expert:
        fields = {
            "by": request.user,
            "source": Source.WEB,
            "competences": form.cleaned_data["competences"],
        }
        if expert is None:
            return services.expert_create(**fields, **form.service_fields())
        return services.expert_update(expert=expert, **fields, **form.service_fields())

    def success(saved: Expert) -> str:
        if expert is not None:
            return _("Les modifications sont enregistrées.")
        return _("Profil enregistré : %(name)s.") % {"name": saved.full_name}

    return form_page(
        request,
        ExpertForm,
        expert,
        lambda form: _expert_form_page(request, form, expert, title),
        save,
        # Saving is allowed (checked before): what is refused is the country's embassy.
        refused_field="country",
        success=success,
    )


@login_required
def expert_create(request: HttpRequest) -> HttpResponse:
    require(access.can_create_expert(request.user))
    return _save(request, None)


@login_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_for_page(request.user, pk)
    require(access.can_edit_expert(request.user, expert))
    return _save(request, expert)

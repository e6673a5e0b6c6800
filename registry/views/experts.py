"""Expert directory pages: the search, the profile, registration and edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Source
from registry import access, selectors, services
from registry.forms import ExpertFilterForm, ExpertForm, valid_filters
from registry.models import Expert
from registry.views.editing import require, save_form, style


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    form = ExpertFilterForm(request.GET)
    page = selectors.expert_page(
        request.user,
        valid_filters(form),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    style(form)
    return render(
        request,
        "registry/expert_list.html",
        {
            "form": form,
            "page": page,
            "experts": page.rows,
            "can_create": access.can_create_expert(request.user),
            **page.links(request.GET),
        },
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
    style(form)
    return render(
        request,
        "registry/expert_form.html",
        {"form": form, "expert": expert, "title": title},
    )


@login_required
def expert_create(request: HttpRequest) -> HttpResponse:
    require(access.can_create_expert(request.user))
    title = _("Inscrire un membre de la diaspora")
    if request.method != "POST":
        return _expert_form_page(request, ExpertForm(), None, title)
    form = ExpertForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda: services.expert_create(
            by=request.user,
            source=Source.WEB,
            competences=form.cleaned_data["competences"],
            **form.service_fields(),
        ),
        # Creating is allowed (checked above): what is refused is the country's embassy.
        refused_field="country",
        success=lambda expert: _("Profil enregistré : %(name)s.") % {"name": expert.full_name},
    )
    return saved or _expert_form_page(request, form, None, title)


@login_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.expert_for_page(request.user, pk)
    require(access.can_edit_expert(request.user, expert))
    title = _("Modifier le profil — %(name)s") % {"name": expert.full_name}
    if request.method != "POST":
        form = ExpertForm(instance=expert)
        return _expert_form_page(request, form, expert, title)
    form = ExpertForm(request.POST, instance=expert)
    saved = save_form(
        request,
        form,
        lambda: services.expert_update(
            expert=expert,
            by=request.user,
            source=Source.WEB,
            competences=form.cleaned_data["competences"],
            **form.service_fields(),
        ),
        refused_field="country",
        success=lambda _expert: _("Les modifications sont enregistrées."),
    )
    return saved or _expert_form_page(request, form, expert, title)

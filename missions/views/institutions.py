"""The host institutions: the officers register them (which verifies them), edit them
and name the users who act for them; the auditors read them; a host reads its own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role, has_role
from audit.models import Source
from audit.security import record_if_hidden
from missions import access, services
from missions.forms.institutions import InstitutionFilterForm, InstitutionForm
from missions.forms.needs import follow_region
from missions.models import HostInstitution
from missions.selectors import needs as selectors
from missions.views.needs import save_from_form
from processes.forms import style
from processes.page_actions import deny_unless
from processes.pages import linked


def _visible_institution(request: HttpRequest, pk: int) -> HostInstitution:
    institution = selectors.institution_for_page(request.user, pk)
    if institution is None:
        record_if_hidden(HostInstitution, pk=pk)
        raise Http404
    return institution


@login_required
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (access.reads_everything(user) or has_role(user, Role.HOST_INSTITUTION)):
        raise PermissionDenied(
            _("La liste des établissements d'accueil est réservée aux chargés de programme.")
        )
    form = InstitutionFilterForm(request.GET)
    page = selectors.institution_page(
        user,
        form.filters(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    style(form)
    return render(
        request,
        "missions/institution_list.html",
        {
            "form": form,
            "institutions": linked(page.rows, "missions:institution_detail"),
            "can_create": access.can_register_institution(user).allowed,
            **page.links(request.GET),
        },
    )


@login_required
@require_GET
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    institution = _visible_institution(request, pk)
    detail = selectors.institution_detail(user, institution)
    return render(
        request,
        "missions/institution_detail.html",
        {
            "institution": institution,
            "members": institution.member_list,  # type: ignore[attr-defined]
            "needs": linked(detail.needs, "missions:need_detail"),
            "timeline": detail.timeline,
            "can_edit": access.can_register_institution(user).allowed,
        },
    )


def _form_page(
    request: HttpRequest,
    form: InstitutionForm,
    institution: HostInstitution | None,
    *,
    status: int = 200,
) -> HttpResponse:
    follow_region(form)
    style(form)
    if institution is None:
        title = _("Inscrire un établissement d'accueil")
    else:
        title = _("Modifier « %(name)s »") % {"name": institution.name}
    return render(
        request,
        "missions/institution_form.html",
        {"form": form, "institution": institution, "title": title},
        status=status,
    )


def _save(
    request: HttpRequest, form: InstitutionForm, institution: HostInstitution | None
) -> HttpResponse:
    user = request.user

    def write() -> HostInstitution:
        fields, members = form.service_fields(), form.cleaned_data["members"]
        if institution is None:
            return services.institution_register(
                fields=fields, members=members, by=user, source=Source.WEB
            )
        return services.institution_update(
            institution=institution, fields=fields, members=members, by=user, source=Source.WEB
        )

    return save_from_form(
        request,
        form,
        institution,
        write,
        done=lambda saved: _("L'établissement « %(name)s » est enregistré.") % {"name": saved.name},
        again=lambda form: _form_page(request, form, institution, status=400),
    )


@login_required
def institution_create(request: HttpRequest) -> HttpResponse:
    deny_unless(access.can_register_institution(request.user))
    if request.method != "POST":
        return _form_page(request, InstitutionForm(), None)
    return _save(request, InstitutionForm(request.POST), None)


@login_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _visible_institution(request, pk)
    deny_unless(access.can_register_institution(request.user))
    if request.method != "POST":
        return _form_page(request, InstitutionForm(instance=institution), institution)
    return _save(request, InstitutionForm(request.POST, instance=institution), institution)

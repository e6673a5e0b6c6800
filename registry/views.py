"""Registry pages: associations, their verification, and the expert directory.

Who sees and does what is always asked of `registry.access`; every write goes
through `registry.services`. An object the user may not see answers 404; an
action the user may not take answers 403 with the reason.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries
from django_fsm import ConcurrentTransition

from audit.models import Source
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed, StaleObject
from registry import access, selectors, services
from registry.forms import AssociationForm, ExpertForm
from registry.models import (
    Association,
    AssociationStatus,
    CompetenceDomain,
    Embassy,
    Expert,
    Prefecture,
    Region,
    Sector,
)

# --- Filters ------------------------------------------------------------------


def _country_choices() -> list[tuple[str, str]]:
    return [("", _("Tous les pays")), *((str(code), str(name)) for code, name in countries)]


class AssociationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Recherche"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        required=False,
        choices=lambda: [("", _("Tous les statuts")), *AssociationStatus.choices],
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Pays"), required=False, choices=_country_choices
    )
    embassy = forms.ModelChoiceField(
        label=gettext_lazy("Ambassade"),
        queryset=Embassy.objects.all(),
        required=False,
        empty_label=gettext_lazy("Toutes les ambassades"),
    )
    home_region = forms.ModelChoiceField(
        label=gettext_lazy("Région d'origine"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=gettext_lazy("Toutes les régions"),
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("Secteur"),
        required=False,
        choices=lambda: [("", _("Tous les secteurs")), *Sector.choices],
    )


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Recherche"), required=False, max_length=100)
    competence = forms.ModelChoiceField(
        label=gettext_lazy("Domaine de compétence"),
        queryset=CompetenceDomain.objects.all(),
        required=False,
        empty_label=gettext_lazy("Tous les domaines"),
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Pays de résidence"), required=False, choices=_country_choices
    )
    teaching = forms.BooleanField(label=gettext_lazy("Disponible pour enseigner"), required=False)
    medical = forms.BooleanField(
        label=gettext_lazy("Disponible pour des missions médicales"), required=False
    )


def _filters(form: forms.Form) -> dict[str, Any]:
    """The valid filters of a GET form; a bad value drops that filter only."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


# --- Form rendering -----------------------------------------------------------


def _style(form: forms.BaseForm) -> forms.BaseForm:
    """Give widgets their Bootstrap classes, marking fields in error."""
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = 4
    return form


def _attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the service's model validation errors on the fields they name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        # Errors on fields the form does not show (or on the whole object) go on top.
        form.add_error(name if name in form.fields else None, errors)


def _narrow_prefectures(form: AssociationForm) -> None:
    """Offer only the prefectures of the chosen region (and keep what was typed)."""
    region = form["home_region"].value()
    selected = form["home_prefecture"].value()
    if not region or not str(region).isdigit():
        return
    shown = Q(region_id=region)
    if selected and str(selected).isdigit():
        shown |= Q(pk=selected)
    field = cast(forms.ModelChoiceField, form.fields["home_prefecture"])
    field.queryset = Prefecture.objects.filter(shown)


def _association_form_page(
    request: HttpRequest,
    form: AssociationForm,
    association: Association | None,
    title: str,
) -> HttpResponse:
    _narrow_prefectures(form)
    _style(form)
    form.fields["home_region"].widget.attrs.update(
        {
            "hx-get": reverse("registry:prefecture_options"),
            "hx-target": "#" + form["home_prefecture"].id_for_label,
            "hx-trigger": "change",
        }
    )
    return render(
        request,
        "registry/association_form.html",
        {"form": form, "association": association, "title": title},
    )


# --- Associations -------------------------------------------------------------


@login_required
@require_GET
def association_list(request: HttpRequest) -> HttpResponse:
    form = AssociationFilterForm(request.GET)
    page = selectors.association_page(
        request.user,
        _filters(form),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    _style(form)
    return render(
        request,
        "registry/association_list.html",
        {
            "form": form,
            "page": page,
            "associations": page.rows,
            "can_create": access.can_create_association(request.user),
            **page.links(request.GET),
        },
    )


def _visible_association(request: HttpRequest, pk: int) -> Association:
    return get_object_or_404(
        access.associations_visible_to(request.user).select_related(
            "embassy", "home_region", "home_prefecture"
        ),
        pk=pk,
    )


def _detail_page(
    request: HttpRequest,
    association: Association,
    *,
    reject_comment: str = "",
    reject_errors: list[str] | None = None,
) -> HttpResponse:
    user = request.user
    can_edit = access.can_edit_association(user, association)
    can_verify = (
        association.status == AssociationStatus.PENDING
        and access.can_verify_association(user, association).allowed
    )
    memberships = (
        list(association.memberships.select_related("user").order_by("user__last_name", "id"))
        if can_edit
        else []
    )
    return render(
        request,
        "registry/association_detail.html",
        {
            "association": association,
            "sectors": list(association.sectors.all()),
            "can_edit": can_edit,
            "can_verify": can_verify,
            "memberships": memberships,
            "timeline": selectors.association_timeline(association),
            "reject_comment": reject_comment,
            "reject_errors": reject_errors or [],
        },
    )


@login_required
@require_GET
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_association(request, pk))


@login_required
def association_create(request: HttpRequest) -> HttpResponse:
    decision = access.can_create_association(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    title = _("Inscrire une association")
    if request.method != "POST":
        return _association_form_page(request, AssociationForm(), None, title)
    form = AssociationForm(request.POST)
    if form.is_valid():
        try:
            association = services.association_create(
                by=request.user,
                source=Source.WEB,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _attach_errors(form, error)
        except NotAllowed as refusal:
            # Creating is allowed (checked above): what is refused is the embassy.
            form.add_error("embassy", refusal.detail)
        else:
            messages.success(
                request,
                _(
                    "L'association « %(name)s » est inscrite. Elle attend la vérification "
                    "du point focal de son ambassade."
                )
                % {"name": association.name},
            )
            return redirect(association)
    return _association_form_page(request, form, None, title)


@login_required
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    association = _visible_association(request, pk)
    decision = access.can_edit_association(request.user, association)
    if not decision:
        raise PermissionDenied(decision.reason)
    title = _("Modifier « %(name)s »") % {"name": association}
    if request.method != "POST":
        form = AssociationForm(instance=association)
        return _association_form_page(request, form, association, title)
    form = AssociationForm(request.POST, instance=association)
    if form.is_valid():
        try:
            services.association_update(
                association=association,
                by=request.user,
                source=Source.WEB,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _attach_errors(form, error)
        except NotAllowed as refusal:
            form.add_error("embassy", refusal.detail)
        except ConcurrentTransition:
            form.add_error(None, StaleObject().detail)
        else:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect(association)
    return _association_form_page(request, form, association, title)


@login_required
@require_POST
def association_verify(request: HttpRequest, pk: int) -> HttpResponse:
    association = _visible_association(request, pk)
    try:
        services.association_verify(
            association=association,
            by=request.user,
            source=Source.WEB,
            expected_state=request.POST.get("expected_state", ""),
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        messages.error(request, refusal.detail)
    else:
        messages.success(request, _("L'association est vérifiée."))
    return redirect(association)


@login_required
@require_POST
def association_reject(request: HttpRequest, pk: int) -> HttpResponse:
    association = _visible_association(request, pk)
    comment = request.POST.get("comment", "")
    try:
        services.association_reject(
            association=association,
            by=request.user,
            source=Source.WEB,
            comment=comment,
            expected_state=request.POST.get("expected_state", ""),
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        messages.error(request, refusal.detail)
    except ConditionsUnmet as refusal:
        return _detail_page(
            request,
            association,
            reject_comment=comment,
            reject_errors=refusal.fields.get("comment", refusal.messages),
        )
    else:
        messages.success(request, _("L'inscription de l'association est rejetée."))
    return redirect(association)


@login_required
@require_GET
def prefecture_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the prefecture select for one region (htmx)."""
    region = request.GET.get("home_region", "")
    prefectures = (
        Prefecture.objects.filter(region_id=region).order_by("name")
        if region.isdigit()
        else Prefecture.objects.none()
    )
    return render(request, "registry/_prefecture_options.html", {"prefectures": prefectures})


# --- Experts ------------------------------------------------------------------


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    form = ExpertFilterForm(request.GET)
    page = selectors.expert_page(
        request.user,
        _filters(form),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    _style(form)
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


def _visible_expert(request: HttpRequest, pk: int) -> Expert:
    return get_object_or_404(
        access.experts_visible_to(request.user).select_related("embassy", "home_region"),
        pk=pk,
    )


@login_required
@require_GET
def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _visible_expert(request, pk)
    return render(
        request,
        "registry/expert_detail.html",
        {
            "expert": expert,
            "competences": list(expert.competences.all()),
            "can_edit": access.can_edit_expert(request.user, expert),
        },
    )


def _expert_form_page(
    request: HttpRequest, form: ExpertForm, expert: Expert | None, title: str
) -> HttpResponse:
    _style(form)
    return render(
        request,
        "registry/expert_form.html",
        {"form": form, "expert": expert, "title": title},
    )


@login_required
def expert_create(request: HttpRequest) -> HttpResponse:
    decision = access.can_create_expert(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    title = _("Inscrire un membre de la diaspora")
    if request.method != "POST":
        return _expert_form_page(request, ExpertForm(), None, title)
    form = ExpertForm(request.POST)
    if form.is_valid():
        try:
            expert = services.expert_create(
                by=request.user,
                source=Source.WEB,
                competences=form.cleaned_data["competences"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _attach_errors(form, error)
        except NotAllowed as refusal:
            # Creating is allowed (checked above): what is refused is the country's embassy.
            form.add_error("country", refusal.detail)
        else:
            messages.success(
                request, _("Profil enregistré : %(name)s.") % {"name": expert.full_name}
            )
            return redirect(expert)
    return _expert_form_page(request, form, None, title)


@login_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _visible_expert(request, pk)
    decision = access.can_edit_expert(request.user, expert)
    if not decision:
        raise PermissionDenied(decision.reason)
    title = _("Modifier le profil — %(name)s") % {"name": expert.full_name}
    if request.method != "POST":
        form = ExpertForm(instance=expert)
        return _expert_form_page(request, form, expert, title)
    form = ExpertForm(request.POST, instance=expert)
    if form.is_valid():
        try:
            services.expert_update(
                expert=expert,
                by=request.user,
                source=Source.WEB,
                competences=form.cleaned_data["competences"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _attach_errors(form, error)
        except NotAllowed as refusal:
            form.add_error("country", refusal.detail)
        else:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect(expert)
    return _expert_form_page(request, form, expert, title)

"""Association pages: the list, the profile, registration and edits, verification."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Source
from processes.forms import style
from processes.page_actions import record_conflict
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from registry import access, selectors, services
from registry.forms import AssociationFilterForm, AssociationForm
from registry.models import Association, AssociationStatus
from registry.views.editing import form_page, list_page, require


def _narrow_prefectures(form: AssociationForm) -> None:
    """Offer only the prefectures of the chosen region (and keep what was typed)."""
    shown = selectors.prefecture_choices(
        form["home_region"].value(), form["home_prefecture"].value()
    )
    if shown is not None:
        cast(forms.ModelChoiceField, form.fields["home_prefecture"]).queryset = shown


def _association_form_page(
    request: HttpRequest,
    form: AssociationForm,
    association: Association | None,
    title: str,
) -> HttpResponse:
    _narrow_prefectures(form)
    style(form, textarea_rows=4)
    form.fields["home_region"].widget.attrs.update(
        {
            "hx-get": reverse("registry:prefecture_options"),
            "hx-target": "#" + form["home_prefecture"].id_for_label,
            "hx-trigger": "change",
        }
    )
    # A member is told before saving what an identity change does (see association_update).
    reverifies = (
        association is not None
        and association.is_verified
        and not access.keeps_verification(request.user, association)
    )
    return render(
        request,
        "registry/association_form.html",
        {"form": form, "association": association, "title": title, "reverifies": reverifies},
    )


@login_required
@require_GET
def association_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        "registry/association_list.html",
        AssociationFilterForm(request.GET),
        selectors.association_page,
        "associations",
        route="registry:association_detail",
        can_create=access.can_create_association(request.user),
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
    detail = selectors.association_detail(association, with_members=bool(can_edit))
    return render(
        request,
        "registry/association_detail.html",
        {
            "association": association,
            "sectors": detail.sectors,
            "can_edit": can_edit,
            "can_verify": can_verify,
            "memberships": detail.memberships,
            "timeline": detail.timeline,
            "reject_comment": reject_comment,
            "reject_errors": reject_errors or [],
        },
    )


@login_required
@require_GET
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.association_for_page(request.user, pk))


def _save(request: HttpRequest, association: Association | None) -> HttpResponse:
    """The registration form (no `association`) or the edit form of `association`."""
    if association is None:
        title = _("Inscrire une association")
    else:
        title = _("Modifier « %(name)s »") % {"name": association}

    def save(form: AssociationForm) -> Association:
        fields = {"by": request.user, "source": Source.WEB, "sectors": form.cleaned_data["sectors"]}
        if association is None:
            return services.association_create(**fields, **form.service_fields())
        return services.association_update(
            association=association, **fields, **form.service_fields()
        )

    was_verified = association is not None and association.is_verified

    def success(saved: Association) -> str:
        if was_verified and saved.status == AssociationStatus.PENDING:
            return _(
                "Les modifications sont enregistrées. L'identité ou la juridiction de "
                "l'association ayant changé, elle retourne en vérification auprès du point "
                "focal de son ambassade (%(embassy)s)."
            ) % {"embassy": saved.embassy}
        if association is not None:
            return _("Les modifications sont enregistrées.")
        return _(
            "L'association « %(name)s » est inscrite. Elle attend la vérification "
            "du point focal de son ambassade."
        ) % {"name": saved.name}

    return form_page(
        request,
        AssociationForm,
        association,
        lambda form: _association_form_page(request, form, association, title),
        save,
        refused_field="embassy",
        success=success,
    )


@login_required
def association_create(request: HttpRequest) -> HttpResponse:
    require(access.can_create_association(request.user))
    return _save(request, None)


@login_required
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_for_page(request.user, pk)
    require(access.can_edit_association(request.user, association))
    return _save(request, association)


@login_required
@require_POST
def association_verify(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_for_page(request.user, pk)
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
        record_conflict(request, refusal, association)
        messages.error(request, refusal.detail)
    else:
        messages.success(request, _("L'association est vérifiée."))
    return redirect(association)


@login_required
@require_POST
def association_reject(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_for_page(request.user, pk)
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
        record_conflict(request, refusal, association)
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

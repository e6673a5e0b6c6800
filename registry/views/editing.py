"""How the registry's pages check a permission, list rows, render a form and save it
through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_fsm import ConcurrentTransition

from processes.forms import FilterForm, add_validation_error, style
from processes.pages import Page, linked
from processes.transitions import Decision, NotAllowed, StaleObject


class HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


M = TypeVar("M", bound=HasPage)
F = TypeVar("F", bound=forms.ModelForm)


def require(decision: Decision) -> None:
    """403 with the reason when `decision` refuses."""
    if not decision:
        raise PermissionDenied(decision.reason)


def list_page(
    request: HttpRequest,
    template: str,
    form: FilterForm,
    rows: Callable[..., Page[Any]],
    rows_name: str,
    *,
    route: str = "",
    **context: Any,
) -> HttpResponse:
    """A list page: its filter form, one keyset page of the rows it filters, the pager links.

    `rows` is the selector (`user, filters, after=, before=`); the template finds the
    rows under `rows_name`, each with its `url` at `route` when one is given.
    """
    page = rows(
        request.user,
        form.filters(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    style(form, textarea_rows=4)
    context = {
        "form": form,
        "page": page,
        rows_name: linked(page.rows, route) if route else page.rows,
        **context,
        **page.links(request.GET),
    }
    return render(request, template, context)


def form_page(
    request: HttpRequest,
    form_class: type[F],
    instance: Any,
    page: Callable[[F], HttpResponse],
    save: Callable[[F], M],
    *,
    refused_field: str,
    success: Callable[[M], str],
) -> HttpResponse:
    """A form saved through a service: shown on GET; on POST, saved then left for the
    saved object's page, or shown again with the reasons it was refused (a refused
    embassy goes on `refused_field`).
    """
    if request.method != "POST":
        return page(form_class(instance=instance))
    form = form_class(request.POST, instance=instance)
    if not form.is_valid():
        return page(form)
    try:
        saved = save(form)
    except ValidationError as error:
        add_validation_error(form, error)
    except NotAllowed as refusal:
        # Editing is allowed (checked before): what is refused is the embassy.
        form.add_error(refused_field, refusal.detail)
    except ConcurrentTransition:
        form.add_error(None, StaleObject().detail)
    else:
        messages.success(request, success(saved))
        return redirect(saved)
    return page(form)

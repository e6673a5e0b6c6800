"""The prefecture select of the registry's forms, refreshed when the region changes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry import selectors


@login_required
@require_GET
def prefecture_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the prefecture select for one region (htmx): the region sent
    as `home_region` (the registry's forms) or `region` (the missions' forms)."""
    region = request.GET.get("home_region") or request.GET.get("region", "")
    prefectures = selectors.prefectures_of_region(region)
    return render(request, "registry/_prefecture_options.html", {"prefectures": prefectures})

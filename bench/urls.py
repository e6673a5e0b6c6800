"""The site's URLs plus `/bench/ping/`: the smallest honest logged-in page (session and
user read, every middleware, a two-byte answer), the baseline of every ratio."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config.urls import handler403, handler500
from config.urls import urlpatterns as site

__all__ = ["handler403", "handler500", "urlpatterns"]


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("bench/ping/", ping, name="bench_ping"), *site]

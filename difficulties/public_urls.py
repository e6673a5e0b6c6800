"""The public pages (no account): the report form, its confirmation, the tracking page,
the online services."""

from django.urls import URLPattern, path

from difficulties.views import public

urlpatterns: list[URLPattern] = [
    path("signaler/", public.report, name="report"),
    path("signaler/envoye/<str:code>/", public.reported, name="reported"),
    path("signaler/confirmer/<str:token>/", public.confirm, name="confirm"),
    path("suivi/", public.tracking_lookup, name="tracking_lookup"),
    path("suivi/<str:code>/", public.tracking, name="tracking"),
    path("demarches/", public.online_services, name="online_services"),
]

"""The pages of the missions, the experts' availability, licences and accounts."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

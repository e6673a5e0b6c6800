"""The pages of the needs, their candidates and the host institutions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

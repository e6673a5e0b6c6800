"""Registry API (being written)."""

from rest_framework import viewsets

from registry.models import Association, Expert


class AssociationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Association.objects.none()


class ExpertViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Expert.objects.none()

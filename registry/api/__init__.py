"""Registry API: associations (`associations`) and experts (`experts`).

Serializers check the shape of a request, `registry.access` decides who sees
and does what, `registry.services` does every write. The serializer fields every
API shares are in `processes.api.fields`.
"""

from registry.api.associations import AssociationViewSet
from registry.api.experts import ExpertViewSet

__all__ = ["AssociationViewSet", "ExpertViewSet"]

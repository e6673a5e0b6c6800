"""Registry API: associations (`associations`) and experts (`experts`).

Serializers check the shape of a request, `registry.access` decides who sees
and does what, `registry.services` does every write. `fields` holds the
serializer fields the other processes' APIs reuse.
"""

from registry.api.associations import AssociationViewSet
from registry.api.experts import ExpertViewSet
from registry.api.fields import CountryCodeField, ServiceWrittenSerializer, StateField

__all__ = [
    "AssociationViewSet",
    "CountryCodeField",
    "ExpertViewSet",
    "ServiceWrittenSerializer",
    "StateField",
]

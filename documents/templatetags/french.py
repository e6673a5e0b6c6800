"""French grammar for names in the generated documents: `{% load french %}`."""

from __future__ import annotations

from django import template

from documents.formatting import de_name as _de_name

register = template.Library()


@register.filter
def de_name(name: object) -> str:
    """`{{ prefecture|de_name }}` → `d'Agou`, `de Kloto`."""
    return _de_name(name)

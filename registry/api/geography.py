"""Regions and prefectures in an API body: named by their code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from processes.api.fields import code_of
from registry.models import Prefecture, Region


def region_code(**kwargs: Any) -> serializers.SlugRelatedField:
    """A region named by its code; an unknown code is named in the message."""
    kwargs.setdefault("help_text", "Region code, e.g. `plateaux`.")
    return code_of(Region, _("Région inconnue : « {value} »."), **kwargs)


def prefecture_code(**kwargs: Any) -> serializers.SlugRelatedField:
    """A prefecture named by its code (optional); an unknown code is named in the message."""
    kwargs.setdefault("help_text", "Prefecture code, e.g. `kloto`.")
    return code_of(
        Prefecture,
        _("Préfecture inconnue : « {value} »."),
        required=False,
        allow_null=True,
        **kwargs,
    )

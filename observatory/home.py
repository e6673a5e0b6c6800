"""The observatory on the home page ("Mon espace") and in the navigation: for observers
only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from observatory.access import can_observe
from registry.selectors import HomeItem, HomeSection


def dashboard_url(user: AnyUser) -> str:
    """The dashboard's address if the user observes, else ""."""
    return reverse("observatory:dashboard") if can_observe(user) else ""


def home_sections(user: AnyUser) -> list[HomeSection]:
    url = dashboard_url(user)
    if not url:
        return []
    return [
        HomeSection(
            title=_("Observatoire"),
            intro=_(
                "Les chiffres du programme de coréalisation, de la réintégration et de la "
                "diaspora, avec leurs cartes."
            ),
            actions=[HomeItem(label=_("Ouvrir l'observatoire"), url=url)],
        )
    ]

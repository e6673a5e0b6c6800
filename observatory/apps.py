from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "observatory"
    verbose_name = _("Observatoire de la diaspora")

    def ready(self) -> None:
        from observatory import receivers  # noqa: F401 (connects the login receiver)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        # Connects the password-change and session receivers.
        from accounts import receivers, sessions  # noqa: F401

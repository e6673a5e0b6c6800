from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Connects the password-change and session receivers.
        from accounts import receivers, sessions  # noqa: F401
        from accounts.two_factor import on_login

        user_logged_in.connect(on_login, dispatch_uid="accounts.two_factor")

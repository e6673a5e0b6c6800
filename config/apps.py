from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's assembly: settings, URLs, and the checks of how it is deployed."""

    name = "config"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the deployment checks)

from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    """The ground floor every process stands on: the transition runner and table,
    the API and page kits, the viewflow helpers. It imports no process."""

    name = "processes"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Each process app describes its documents in `<app>/documents.py`
        # (producer, access rules, hooks); importing them registers them, the
        # way the admin discovers `admin.py`.
        autodiscover_modules("documents")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DifficultiesConfig(AppConfig):
    name = "difficulties"
    verbose_name = _("Difficultés consulaires et administratives")

    def ready(self) -> None:
        from django.urls import reverse

        from difficulties import access
        from difficulties.models import Difficulty
        from documents import registry

        registry.register_owner(
            Difficulty,
            can_see=access.can_see,
            can_attach=access.can_attach,
            attach_open=access.attachment_open,
            attachment_kinds=access.ATTACHMENT_KINDS,
            attachment_api_path=lambda piece: reverse(
                "api:difficulty-attachment-download", args=[piece.object_id, piece.pk]
            ),
        )

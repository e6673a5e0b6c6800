from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DifficultiesConfig(AppConfig):
    name = "difficulties"
    verbose_name = _("Difficultés consulaires et administratives")

    def ready(self) -> None:
        from difficulties import access
        from difficulties import documents as papers
        from difficulties.models import Difficulty, QuarterlyReport
        from documents import registry

        registry.register_owner(
            Difficulty,
            can_see=access.can_see,
            can_attach=papers.can_attach_to_difficulty,
            attach_open=papers.difficulty_attachment_open,
            attachment_kinds=access.ATTACHMENT_KINDS,
            attachment_api_path=papers.difficulty_attachment_api_path,
        )
        registry.register_owner(
            QuarterlyReport,
            can_see=access.can_see_report,
            can_regenerate=papers.can_regenerate_quarterly,
        )
        registry.register_producer(
            papers.QUARTERLY,
            model=QuarterlyReport,
            build=papers.quarterly_report_spec,
            due=papers.reports_due,
        )

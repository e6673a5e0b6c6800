from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Volontariat solidaire (missions)")

    def ready(self) -> None:
        from django.urls import reverse

        from documents import registry
        from missions import access
        from missions import documents as papers
        from missions.models import Mission, MissionNeed, ProfessionalLicence

        registry.register_owner(
            MissionNeed,
            can_see=access.can_see_need,
            can_attach=access.can_attach_to_need,
            attach_open=access.need_attachment_open,
            attachment_kinds=access.NEED_ATTACHMENT_KINDS,
            attachment_api_path=lambda piece: reverse(
                "api:mission-need-attachment-download", args=[piece.object_id, piece.pk]
            ),
        )
        registry.register_owner(
            Mission,
            can_see=access.can_see_mission,
            can_regenerate=papers.can_regenerate_mission_documents,
            can_attach=access.can_attach_to_mission,
            attach_open=access.mission_attachment_open,
            attachment_kinds=access.MISSION_ATTACHMENT_KINDS,
            attachment_api_path=lambda piece: reverse(
                "api:mission-attachment-download", args=[piece.object_id, piece.pk]
            ),
        )
        registry.register_owner(
            ProfessionalLicence,
            can_see=access.can_see_licence,
            can_attach=access.can_attach_to_licence,
            attach_open=access.licence_attachment_open,
            attachment_kinds=access.LICENCE_ATTACHMENT_KINDS,
        )
        registry.register_producer(
            papers.ORDER,
            model=Mission,
            build=papers.mission_order_spec,
            due=papers.missions_due_an_order,
            can_regenerate=papers.can_regenerate_order,
        )
        registry.register_producer(
            papers.CERTIFICATE,
            model=Mission,
            build=papers.mission_certificate_spec,
            due=papers.missions_due_a_certificate,
            can_regenerate=papers.can_regenerate_certificate,
        )

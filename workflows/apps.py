from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Coréalisation")

    def ready(self) -> None:
        from django.urls import reverse

        from documents import registry
        from registry import access as registry_access
        from workflows import access
        from workflows import documents as agreement
        from workflows.models import Proposal

        registry.register_owner(
            Proposal,
            can_see=access.can_see_proposal,
            can_regenerate=agreement.can_regenerate_agreement,
            can_attach=access.can_attach_kind,
            attach_open=access.attachment_open,
            attachment_kinds=access.ATTACHMENT_KINDS,
            attachment_api_path=lambda piece: reverse("api:attachment-download", args=[piece.pk]),
        )
        # Evaluators, committee members and finance officers see the associations of
        # the proposals they see.
        registry_access.see_associations_through(access.associations_of_visible_proposals)
        registry.register_producer(
            agreement.KIND,
            model=Proposal,
            build=agreement.agreement_spec,
            due=agreement.proposals_due_an_agreement,
        )

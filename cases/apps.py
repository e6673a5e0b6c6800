from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Réintégration des migrants de retour")

    def ready(self) -> None:
        from django.urls import reverse

        from cases import access
        from cases import documents as plan
        from cases.models import Case
        from documents import registry

        registry.register_owner(
            Case,
            can_see=plan.can_see_case,
            can_regenerate=plan.can_regenerate_plan,
            can_attach=lambda user, case, kind: access.can_work(user, case),
            attachment_kinds=access.ATTACHMENT_KINDS,
            attachment_api_path=lambda piece: reverse(
                "api:case-document-download", args=[piece.object_id, piece.pk]
            ),
        )
        registry.register_producer(
            plan.KIND, model=Case, build=plan.plan_spec, due=plan.cases_due_a_plan
        )

"""Django admin of the co-realisation programme.

A call and its review grid are saved through `services.call_save`, like on the
pages. A proposal is read-only here: its status moves only through the
transition actions (the offered rows of `workflows.transitions.PROPOSAL_TABLE`),
fired through the table's dispatcher with `source=admin` (so the history says
where the change came from), and each refusal is shown with its reason.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import Source
from documents.formatting import format_xof
from processes.admin import ReadOnlyAdmin, ReadOnlyInline, action_form_page, fire_on_each
from processes.transitions import ActionRefused
from workflows import services
from workflows.forms import ProposalTransitionForm
from workflows.models import BudgetLine, Call, Contribution, Criterion, Proposal, Review, Tranche
from workflows.models.calls import EDITABLE_FIELDS
from workflows.transitions import PROPOSAL_TABLE


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "label", "weight"]


class CallAdminForm(ModelForm):
    class Meta:
        model = Call
        fields = list(EDITABLE_FIELDS)

    def clean_envelope(self) -> int:
        envelope = self.cleaned_data["envelope"]
        if self.instance.pk is not None and envelope is not None:
            committed = Call.objects.filter(pk=self.instance.pk).values_list(
                "committed", flat=True
            )[0]
            if envelope < committed:
                raise ValidationError(
                    _("L'enveloppe ne peut pas descendre sous le montant déjà engagé (%s).")
                    % format_xof(committed)
                )
        return envelope


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title", "year", "opens_at", "closes_at", "envelope", "committed", "max_grant"]
    list_filter = ["year"]
    search_fields = ["title"]
    readonly_fields = ["committed", "created_at"]
    inlines = [CriterionInline]

    def save_model(self, request: HttpRequest, obj: Call, form: ModelForm, change: bool) -> None:
        # Saved with its review grid in save_related, in one call of the service.
        pass

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm,
        formsets: list[BaseInlineFormSet],
        change: bool,
    ) -> None:
        criteria = None
        for formset in formsets:
            if formset.model is not Criterion:
                continue
            rows = [
                (
                    row.cleaned_data.get("position") or 0,
                    index,
                    (
                        row.cleaned_data["code"],
                        row.cleaned_data["label"],
                        row.cleaned_data["weight"],
                    ),
                )
                for index, row in enumerate(formset.forms)
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ]
            criteria = [criterion for _position, _index, criterion in sorted(rows)]
        try:
            services.call_save(
                call=form.instance, criteria=criteria, by=request.user, source=Source.ADMIN
            )
        except ActionRefused as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        for formset in formsets:
            # The admin's change message reads what the formsets saved; the service did.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_delete_permission(self, request: HttpRequest, obj: Call | None = None) -> bool:
        # A call has its history from the moment it is saved (and its proposals'
        # history refers to it): it is closed by its dates, never deleted.
        return False


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = readonly_fields = ("label", "amount")


class ContributionInline(ReadOnlyInline):
    model = Contribution
    fields = readonly_fields = ("source", "kind", "amount")


class ReviewInline(ReadOnlyInline):
    model = Review
    fk_name = "proposal"
    fields = readonly_fields = (
        "evaluator",
        "round",
        "assigned_at",
        "submitted_at",
        "weighted_score",
        "recommendation",
        "comment",
    )


class TrancheInline(ReadOnlyInline):
    model = Tranche
    fields = readonly_fields = (
        "number",
        "percentage",
        "amount",
        "status",
        "requested_at",
        "approved_at",
        "payment_reference",
        "paid_on",
    )


def _transition_action(name: str) -> Callable[..., HttpResponse | None]:
    def action(
        modeladmin: ProposalAdmin, request: HttpRequest, queryset: QuerySet[Proposal]
    ) -> HttpResponse | None:
        return modeladmin.fire(request, queryset, name)

    action.__name__ = f"fire_{name}"
    return admin.action(description=PROPOSAL_TABLE.label(name))(action)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "title",
        "association",
        "call",
        "status",
        "grant_amount",
        "submitted_at",
    ]
    list_filter = ["status", "call", "region", "sector"]
    search_fields = ["reference", "title", "association__name", "locality"]
    list_select_related = ["association", "call"]
    inlines = [BudgetLineInline, ContributionInline, ReviewInline, TrancheInline]
    actions = [_transition_action(name) for name in PROPOSAL_TABLE.offered_names]

    def fire(
        self, request: HttpRequest, queryset: QuerySet[Proposal], name: str
    ) -> HttpResponse | None:
        """Fire `name` on each selected proposal; ask first for the inputs it takes."""
        row = PROPOSAL_TABLE[name]
        inputs = row.inputs
        form = ProposalTransitionForm(row, request.POST if "apply" in request.POST else None)
        if inputs and not form.is_valid():
            return action_form_page(
                self,
                request,
                "admin/workflows/proposal/transition.html",
                title=row.label,
                form=form,
                proposals=queryset,
                action=f"fire_{name}",
            )
        data = form.service_data() if inputs else {}
        done = fire_on_each(
            self,
            request,
            queryset,
            lambda proposal: PROPOSAL_TABLE.fire(
                name,
                obj=proposal,
                by=request.user,
                source=Source.ADMIN,
                data={**data, "expected_state": proposal.status},
            ),
            name=lambda proposal: proposal.reference,
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "« %(action)s » : %(count)d projet traité.",
                    "« %(action)s » : %(count)d projets traités.",
                    done,
                )
                % {"action": row.label, "count": done},
                messages.SUCCESS,
            )
        return None

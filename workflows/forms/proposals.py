"""The proposal form, its budget and contribution tables, and the list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from processes.forms import AmountField, FilterForm, any_of, blank_first, one_of, style
from registry import access as registry_access
from registry.forms import check_prefecture_in_region, prefecture_field, region_field
from registry.models import Association, AssociationStatus, Prefecture, Region, Sector
from workflows import access
from workflows.forms.rows import RowForm, RowsFormSet, parse_amount
from workflows.models import (
    Call,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalStatus,
)
from workflows.models.proposals import DESCRIPTION_FIELDS
from workflows.services import BudgetInput, ContributionInput


class BudgetLineForm(RowForm):
    significant = ("label", "amount")

    label = forms.CharField(label=_("Poste de dépense"), max_length=200)
    amount = AmountField(label=_("Montant (FCFA)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages["required"] = _("Nommez ce poste de dépense.")
        self.fields["amount"].error_messages["required"] = _("Indiquez le montant de ce poste.")


class ContributionForm(RowForm):
    significant = ("amount",)

    source = forms.ChoiceField(label=_("Source"), choices=blank_first(ContributionSource.choices))
    kind = forms.ChoiceField(label=_("Nature"), choices=blank_first(ContributionKind.choices))
    amount = AmountField(label=_("Montant (FCFA)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = _("Choisissez la source de cet apport.")
        self.fields["kind"].error_messages["required"] = _(
            "Choisissez la nature de cet apport (numéraire ou nature)."
        )


BudgetFormSet = forms.formset_factory(
    BudgetLineForm, formset=RowsFormSet, extra=0, max_num=100, absolute_max=100
)

ContributionFormSet = forms.formset_factory(
    ContributionForm, formset=RowsFormSet, extra=0, max_num=50, absolute_max=50
)

# What a new proposal starts with: the four usual contributors, amounts to fill.
CONTRIBUTION_STARTER = [
    {"source": ContributionSource.ASSOCIATION, "kind": ContributionKind.CASH},
    {"source": ContributionSource.COMMUNITY, "kind": ContributionKind.IN_KIND},
    {"source": ContributionSource.STATE, "kind": ContributionKind.CASH},
    {"source": ContributionSource.PARTNER, "kind": ContributionKind.CASH},
]


def budget_formsets(
    data: Any = None, proposal: Proposal | None = None
) -> tuple[RowsFormSet, RowsFormSet]:
    """The budget and contribution tables, bound to `data` or showing `proposal`'s rows."""
    if data is not None:
        return (
            cast(RowsFormSet, BudgetFormSet(data, prefix="budget")),
            cast(RowsFormSet, ContributionFormSet(data, prefix="contrib")),
        )
    if proposal is None:
        return (
            cast(RowsFormSet, BudgetFormSet(prefix="budget", initial=[{}, {}, {}])),
            cast(RowsFormSet, ContributionFormSet(prefix="contrib", initial=CONTRIBUTION_STARTER)),
        )
    lines = [{"label": b.label, "amount": b.amount} for b in proposal.budget_lines.all()]
    contributions = [
        {"source": c.source, "kind": c.kind, "amount": c.amount}
        for c in proposal.contributions.all()
    ]
    return (
        cast(RowsFormSet, BudgetFormSet(prefix="budget", initial=lines or [{}])),
        cast(
            RowsFormSet,
            ContributionFormSet(prefix="contrib", initial=contributions or CONTRIBUTION_STARTER),
        ),
    )


def budget_inputs(formset: RowsFormSet) -> list[BudgetInput]:
    return [BudgetInput(row["label"], row["amount"]) for row in formset.filled()]


def contribution_inputs(formset: RowsFormSet) -> list[ContributionInput]:
    return [
        ContributionInput(row["source"], row["kind"], row["amount"]) for row in formset.filled()
    ]


def typed_figures(
    budget: RowsFormSet, contributions: RowsFormSet
) -> tuple[list[int], list[tuple[str, str, int]]]:
    """The amounts typed so far, even in rows that are not complete yet (for the live panel)."""
    amounts = []
    for form in budget.forms:
        amount = parse_amount(form["amount"].value())
        if amount is not None:
            amounts.append(amount)
    rows = []
    for form in contributions.forms:
        amount = parse_amount(form["amount"].value())
        if amount is not None:
            rows.append(
                (str(form["source"].value() or ""), str(form["kind"].value() or ""), amount)
            )
    return amounts, rows


def open_calls(user: Any) -> QuerySet[Call]:
    now = timezone.now()
    return access.calls_visible_to(user).filter(opens_at__lte=now, closes_at__gte=now)


def filing_associations(user: Any) -> QuerySet[Association]:
    """The verified associations `user` may file a proposal for."""
    return Association.objects.filter(
        pk__in=registry_access.member_association_ids(user), status=AssociationStatus.VERIFIED
    ).order_by("name")


class ProposalForm(forms.ModelForm):
    """The proposal's own fields; the call and the association are chosen only at creation."""

    region = region_field(_("Région"))
    prefecture = prefecture_field(_("Préfecture"))

    class Meta:
        model = Proposal
        fields = [
            "call",
            "association",
            *DESCRIPTION_FIELDS,
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            calls = cast(forms.ModelChoiceField, self.fields["call"])
            calls.queryset = open_calls(user)
            calls.label = _("Appel à projets")
            only_call = list(calls.queryset[:2])
            if len(only_call) == 1:
                calls.empty_label = None
                self.fields["call"].initial = only_call[0].pk
            associations = cast(forms.ModelChoiceField, self.fields["association"])
            associations.queryset = filing_associations(user)
            associations.label = _("Association porteuse")
            associations.help_text = _("Seules les associations vérifiées déposent des projets.")
            only_association = list(associations.queryset[:2])
            if len(only_association) == 1:
                associations.empty_label = None
                self.fields["association"].initial = only_association[0].pk
        else:
            del self.fields["call"]
            del self.fields["association"]
        cast(forms.ChoiceField, self.fields["sector"]).choices = blank_first(Sector.choices)
        self.fields["local_partner"].help_text = _(
            "Commune, comité de développement, coopérative… qui porte le projet sur place. "
            "Obligatoire pour soumettre."
        )
        self._narrow_prefectures()

    def _narrow_prefectures(self) -> None:
        """Offer the prefectures of the chosen region only (keeping the one chosen)."""
        region = self["region"].value()
        selected = self["prefecture"].value()
        field = cast(forms.ModelChoiceField, self.fields["prefecture"])
        if not region or not str(region).isdigit():
            field.queryset = Prefecture.objects.none() if not selected else field.queryset
            return
        shown = Q(region_id=region)
        if selected and str(selected).isdigit():
            shown |= Q(pk=selected)
        field.queryset = Prefecture.objects.filter(shown).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        check_prefecture_in_region(self, data, "region", "prefecture")
        return data

    def _post_clean(self) -> None:
        # The model is validated by the service, which owns the write.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("call", None)
        data.pop("association", None)
        return data


class ProposalFilterForm(FilterForm):
    status = one_of(_("Statut"), ProposalStatus.choices, _("Tous les statuts"))
    # Every signed-in user sees every call (`access.calls_visible_to`): one list for all.
    call = any_of(_("Appel"), Call.objects.all(), _("Tous les appels"))
    region = any_of(_("Région"), Region.objects.all(), _("Toutes les régions"))
    sector = one_of(_("Secteur"), Sector.choices, _("Tous les secteurs"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

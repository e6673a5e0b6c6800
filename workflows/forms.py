"""Forms of the co-realisation pages and the admin.

They check the shape of what was typed (a number is a number, a date a date);
the rules of the programme are checked by `workflows.services`, whose refusals
the views put back on these forms, field by field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from documents.models import attachment_kind_choices
from processes.forms import AmountField, TransitionForm, blank_first, style
from processes.table import Transition
from registry import access as registry_access
from registry.models import Association, AssociationStatus, Prefecture, Region, Sector
from workflows import access
from workflows.models import (
    Call,
    ContributionKind,
    ContributionSource,
    Proposal,
    ProposalStatus,
    Recommendation,
)
from workflows.services import BudgetInput, ContributionInput

# --- Amounts ----------------------------------------------------------------------


def parse_amount(value: Any) -> int | None:
    """The amount typed in a field, or None when it is blank or not an amount."""
    try:
        return AmountField(required=False).clean(value)
    except ValidationError:
        return None


# --- Rows typed in the browser (budget lines, contributions, criteria) -------------


class RowForm(forms.Form):
    """One row of a table the user can extend; a row left blank is skipped."""

    significant: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The formset's empty row (the browser's template for new rows) is styled too.
        style(self, errors=False)

    def has_changed(self) -> bool:
        # Selects always carry a value: a row counts once something was typed in it.
        return any(
            str(self.data.get(self.add_prefix(name), "") or "").strip() for name in self.significant
        )


class RowsFormSet(forms.BaseFormSet):
    """Rows that can be added and removed in the browser.

    No row is "initial": every row may be left blank or removed from the page,
    and the remaining ones are renumbered by nobody — a missing index is simply
    a blank row.
    """

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return max(len(self.initial or ()), self.extra, 1)

    def filled(self) -> list[dict[str, Any]]:
        """The cleaned rows that were filled in (call after is_valid)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


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


# --- Proposals --------------------------------------------------------------------


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

    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Région"))
    prefecture = forms.ModelChoiceField(
        queryset=Prefecture.objects.select_related("region"),
        required=False,
        label=_("Préfecture"),
    )

    class Meta:
        model = Proposal
        fields = [
            "call",
            "association",
            "title",
            "summary",
            "sector",
            "region",
            "prefecture",
            "locality",
            "local_partner",
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
        region, prefecture = data.get("region"), data.get("prefecture")
        if region and prefecture and prefecture.region_id != region.pk:
            self.add_error(
                "prefecture",
                _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.")
                % {"prefecture": prefecture, "region": region},
            )
        return data

    def _post_clean(self) -> None:
        # The model is validated by the service, which owns the write.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("call", None)
        data.pop("association", None)
        return data


# --- Transitions ------------------------------------------------------------------


def evaluator_choices() -> list[tuple[str, str]]:
    users = (
        get_user_model()
        .objects.filter(groups__name=Role.EVALUATOR, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )
    return [
        (user.get_username(), f"{user.get_full_name() or user.get_username()}") for user in users
    ]


class ProposalTransitionForm(TransitionForm):
    """A proposal transition's form: the evaluators to choose from (the active ones,
    unless the page listed them already), and the largest grant the rules allow as the
    amount's first value."""

    def __init__(
        self,
        row: Transition,
        *args: Any,
        evaluators: list[tuple[str, str]] | None = None,
        headroom: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(row, *args, **kwargs)
        if "evaluators" in self.fields:
            field = cast(forms.MultipleChoiceField, self.fields["evaluators"])
            field.choices = evaluators if evaluators is not None else evaluator_choices()
        if "grant_amount" in self.fields and headroom is not None:
            self.fields["grant_amount"].initial = headroom


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"),
        choices=blank_first(attachment_kind_choices(access.ATTACHMENT_KINDS)),
    )
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG)"),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier est vide."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choisissez le type de pièce.")
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        style(self, errors=False)


# --- Reviews ----------------------------------------------------------------------

SCORE_CHOICES = [(str(n), str(n)) for n in range(6)]


class ReviewForm(forms.Form):
    """The call's grid: one 0–5 choice per criterion, the recommendation and a comment."""

    recommendation = forms.ChoiceField(
        label=_("Recommandation"),
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, criteria: Sequence[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        cast(forms.ChoiceField, self.fields["recommendation"]).choices = Recommendation.choices
        self.fields["recommendation"].marked = True  # type: ignore[attr-defined]
        for criterion in self.criteria:
            self.fields[self.score_name(criterion.code)] = forms.ChoiceField(
                label=criterion.label,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        style(self, errors=False)

    @staticmethod
    def score_name(code: str) -> str:
        return f"score_{code}"

    def score_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(c, self[self.score_name(c.code)]) for c in self.criteria]

    def scores(self) -> dict[str, int]:
        """The scores given so far (after is_valid)."""
        found = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(self.score_name(criterion.code))
            if value not in (None, ""):
                found[criterion.code] = int(value)
        return found

    def typed_scores(self) -> dict[str, int]:
        """The scores chosen so far, read from the raw data (for the live score)."""
        found = {}
        for criterion in self.criteria:
            value = str(self[self.score_name(criterion.code)].value() or "")
            if value.isdigit() and 0 <= int(value) <= 5:
                found[criterion.code] = int(value)
        return found

    def mark_missing(self) -> None:
        for criterion in self.criteria:
            name = self.score_name(criterion.code)
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, _("Notez ce critère (de 0 à 5)."))


def weighted_score(criteria: Sequence[Any], scores: dict[str, int]) -> Decimal | None:
    """The weighted mean the review service will compute, once every criterion is scored."""
    if not criteria or any(c.code not in scores for c in criteria):
        return None
    total = sum((c.weight for c in criteria), Decimal(0))
    if not total:
        return Decimal(0)
    value = sum((c.weight * scores[c.code] for c in criteria), Decimal(0)) / total
    return value.quantize(Decimal("0.01"))


# --- Calls ------------------------------------------------------------------------


class PercentListField(forms.Field):
    """Tranche plan typed as "40, 40, 20"."""

    widget = forms.TextInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:
        text = str(value or "").strip()
        if not text:
            return []
        parts = [p for p in re.split(r"[\s,;/%]+", text) if p]
        plan = []
        for part in parts:
            if not part.isdigit():
                raise ValidationError(
                    _("« %(value)s » n'est pas un pourcentage entier."), params={"value": part}
                )
            plan.append(int(part))
        return plan


class CallForm(forms.ModelForm):
    tranche_plan = PercentListField(
        label=_("Plan des tranches (%)"),
        help_text=_(
            "Pourcentages de la subvention séparés par des virgules, par exemple 40, 40, 20."
        ),
    )
    envelope = AmountField(label=_("Enveloppe (FCFA)"))
    max_grant = AmountField(label=_("Plafond par projet (FCFA)"))

    class Meta:
        model = Call
        fields = [
            "title",
            "year",
            "description",
            "opens_at",
            "closes_at",
            "envelope",
            "max_grant",
            "matching_ratio",
            "max_grant_share",
            "min_community_share",
            "required_reviews",
            "tranche_plan",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.widget = forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
        for name in ("matching_ratio", "max_grant_share", "min_community_share"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["max_grant_share"].help_text = _(
            "Subvention ≤ cette part du budget total, entre 0 et 1 (0,5 pour la moitié)."
        )
        self.fields["min_community_share"].help_text = _(
            "Apport de la communauté locale ≥ cette part du budget total, entre 0 et 1."
        )

    def _post_clean(self) -> None:
        # `call_save` validates the model (and keeps `committed` out of the form's reach).
        pass

    def apply_to(self, call: Call) -> Call:
        for name, value in self.cleaned_data.items():
            setattr(call, name, value)
        return call


class CriterionForm(RowForm):
    significant = ("code", "label", "weight")

    label = forms.CharField(label=_("Critère"), max_length=160)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Laissez vide pour le déduire du libellé."),
        error_messages={
            "invalid": _("Le code ne prend que des lettres sans accent, chiffres, - et _.")
        },
    )
    weight = forms.DecimalField(
        label=_("Poids"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages["required"] = _("Nommez ce critère.")
        self.fields["weight"].error_messages["required"] = _("Indiquez le poids de ce critère.")

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("label") and not data.get("code"):
            data["code"] = slugify(data["label"])[:40] or "critere"
        return data


class BaseCriteriaFormSet(RowsFormSet):
    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        codes = [row["code"] for row in self.filled()]
        if not codes:
            raise ValidationError(_("La grille doit compter au moins un critère."))
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise ValidationError(
                    _("Deux critères ont le même code « %(code)s »."), params={"code": code}
                )
            seen.add(code)

    def criteria(self) -> list[tuple[str, str, Decimal]]:
        return [(row["code"], row["label"], row["weight"]) for row in self.filled()]


CriteriaFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriteriaFormSet, extra=0, max_num=40, absolute_max=40
)


def criteria_formset(data: Any = None, call: Call | None = None) -> BaseCriteriaFormSet:
    if data is not None:
        return cast(BaseCriteriaFormSet, CriteriaFormSet(data, prefix="criteria"))
    rows = (
        [{"code": c.code, "label": c.label, "weight": c.weight} for c in call.criteria.all()]
        if call is not None
        else []
    )
    return cast(BaseCriteriaFormSet, CriteriaFormSet(prefix="criteria", initial=rows or [{}] * 3))


# --- Filters of the proposal list ---------------------------------------------------


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Statut"), required=False)
    call = forms.ModelChoiceField(
        label=_("Appel"),
        queryset=Call.objects.none(),
        required=False,
        empty_label=_("Tous les appels"),
    )
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Toutes les régions"),
    )
    sector = forms.ChoiceField(label=_("Secteur"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Tous les statuts")),
            *ProposalStatus.choices,
        ]
        cast(forms.ChoiceField, self.fields["sector"]).choices = [
            ("", _("Tous les secteurs")),
            *Sector.choices,
        ]
        cast(forms.ModelChoiceField, self.fields["call"]).queryset = access.calls_visible_to(user)
        style(self)

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value drops that filter only."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

"""Forms of the case pages.

They check the shape of what was typed (a date is a date, a code is one of the
known codes); the rules of the cell are checked by `cases.services`, whose
refusals the views put back on these forms, field by field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.types import AuthUser
from cases import access
from cases.models import (
    Assessment,
    AssistanceKind,
    Case,
    ClosureReason,
    Dimension,
    PlanItem,
    Referral,
    SurveyIndicator,
    Vulnerability,
)
from cases.services import INTAKE_FIELDS
from documents.formatting import strip_grouping
from documents.models import attachment_kind_choices
from registry.models import Prefecture, Region

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
SENSITIVE_HELP = _(
    "Information sensible, visible du seul travailleur social chargé du dossier et des "
    "superviseurs."
)
# A budget line cannot reach this; it keeps a typo from overflowing the column.
MAX_AMOUNT = 10**12


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Indiquez une date valide (jj/mm/aaaa).")},
        **kwargs,
    )


def _blank_first(choices: Iterable[tuple[str, Any]], blank: Any = "---------") -> list[Any]:
    return [("", blank), *choices]


# --- Rendering ------------------------------------------------------------------


def style(form: forms.BaseForm) -> forms.BaseForm:
    """Give the widgets their Bootstrap classes, marking fields in error."""
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
        if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows", "10")) == "10":
            widget.attrs["rows"] = 3
    return form


def add_refusal(form: forms.BaseForm, fields: dict[str, list[str]]) -> None:
    """Put a service refusal's messages on the fields they name (the others go on top)."""
    for name, messages in fields.items():
        form.add_error(name if name in form.fields else None, list(messages))


# --- Intake ---------------------------------------------------------------------


class CaseForm(forms.ModelForm):
    """The intake of a returnee: identity, return, settlement, consent, needs."""

    sex = forms.ChoiceField(
        label=_("Sexe"),
        choices=Case._meta.get_field("sex").choices,
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance"),
        error_messages={"invalid": _("Indiquez une année en chiffres, par exemple 1994.")},
    )
    return_date = _date_field(_("Date de retour au Togo"))
    region = forms.ModelChoiceField(queryset=Region.objects.all(), label=_("Région d'installation"))
    prefecture = forms.ModelChoiceField(
        queryset=Prefecture.objects.select_related("region"),
        required=False,
        label=_("Préfecture d'installation"),
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnérabilités"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Information sensible : seuls le travailleur social chargé du dossier et les "
            "superviseurs la voient."
        ),
    )
    health_notes = forms.CharField(
        label=_("Notes de santé"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Information sensible, visible du seul travailleur social et des superviseurs."
        ),
    )
    consent_given = forms.BooleanField(
        label=_("La personne consent au traitement de ses données par la cellule"),
        required=False,
        help_text=_(
            "Expliquez-lui, dans une langue qu'elle comprend, que ses données (identité, "
            "retour, besoins, santé) sont conservées par la cellule d'information et de "
            "coordination pour organiser son accompagnement, qu'elles ne sont vues que par "
            "son travailleur social et les superviseurs, et qu'elle peut refuser. Sans "
            "consentement, le dossier reste enregistré mais ne peut pas être évalué."
        ),
    )
    caseworker = forms.ChoiceField(
        label=_("Travailleur social"),
        required=False,
        help_text=_("Laissez vide pour attribuer le dossier plus tard."),
    )

    class Meta:
        model = Case
        fields = [
            "first_name",
            "last_name",
            "sex",
            "birth_year",
            "phone",
            "return_date",
            "returned_from",
            "return_type",
            "region",
            "prefecture",
            "consent_given",
            "vulnerabilities",
            "health_notes",
            "immediate_needs",
        ]
        widgets = {"immediate_needs": forms.Textarea}

    def __init__(
        self,
        *args: Any,
        caseworkers: Sequence[AuthUser] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "max": this_year})
        self.fields["return_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].choices = _blank_first(  # type: ignore[attr-defined]
                ((u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers),
                _("— Non attribué —"),
            )
        self.consent_recorded = bool(self.instance.pk and self.instance.consent_given)
        if self.consent_recorded:
            # Once recorded, consent is not withdrawn from this form (closing the case does).
            self.fields["consent_given"].disabled = True
        self._narrow_prefectures()

    def _narrow_prefectures(self) -> None:
        """Offer only the prefectures of the chosen region (and keep what was typed)."""
        field = self.fields["prefecture"]
        assert isinstance(field, forms.ModelChoiceField)
        region = self["region"].value()
        if not region or not str(region).isdigit():
            field.queryset = Prefecture.objects.none()
            return
        shown = Q(region_id=region)
        selected = self["prefecture"].value()
        if selected and str(selected).isdigit():
            shown |= Q(pk=selected)
        field.queryset = Prefecture.objects.filter(shown)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(
                _("L'année de naissance doit être comprise entre 1900 et %(year)s.")
                % {"year": this_year}
            )
        return year

    def clean_return_date(self) -> Any:
        day = self.cleaned_data.get("return_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("La date de retour ne peut pas être dans le futur."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        region, prefecture = data.get("region"), data.get("prefecture")
        if region and prefecture and prefecture.region_id != region.pk:
            self.add_error(
                "prefecture",
                _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.")
                % {"prefecture": prefecture, "region": region},
            )
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service, on a locked copy of the case.
        pass

    def service_fields(self) -> dict[str, Any]:
        """The intake fields for `case_create` / `case_update`."""
        fields = {
            name: self.cleaned_data[name]
            for name in INTAKE_FIELDS
            if name in self.cleaned_data and name in self.fields
        }
        if self.consent_recorded:
            fields.pop("consent_given", None)
        fields["vulnerabilities"] = list(fields.get("vulnerabilities") or [])
        return fields


# --- Assessment -------------------------------------------------------------------

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]
YES_PARTLY_NO = [("yes", _("Oui")), ("partly", _("En partie")), ("no", _("Non"))]


@dataclass(frozen=True)
class Question:
    code: str
    label: Any
    choices: list[tuple[str, Any]]


# A few simple questions per dimension; the answers are kept as {code: choice}.
QUESTIONS: dict[str, list[Question]] = {
    Dimension.ECONOMIC: [
        Question(
            "employment",
            _("Situation d'emploi"),
            [
                ("none", _("Sans activité")),
                ("informal", _("Activité informelle")),
                ("employed", _("Salarié(e)")),
                ("self_employed", _("À son compte")),
            ],
        ),
        Question(
            "income_covers_needs",
            _("Le revenu couvre-t-il les besoins essentiels ?"),
            YES_PARTLY_NO,
        ),
        Question("migration_debt", _("Dettes liées à la migration"), YES_NO),
    ],
    Dimension.SOCIAL: [
        Question(
            "housing",
            _("Logement"),
            [
                ("own", _("Logement à soi (propriétaire ou locataire)")),
                ("family", _("Hébergé(e) par la famille")),
                ("temporary", _("Hébergement temporaire")),
                ("none", _("Sans logement")),
            ],
        ),
        Question("family_support", _("Soutien de la famille ou de la communauté"), YES_PARTLY_NO),
        Question("identity_documents", _("Pièces d'identité valides"), YES_NO),
    ],
    Dimension.PSYCHOSOCIAL: [
        Question(
            "wellbeing",
            _("Bien-être ressenti"),
            [("good", _("Bon")), ("fair", _("Moyen")), ("poor", _("Difficile"))],
        ),
        Question("sleep_problems", _("Troubles du sommeil"), YES_NO),
        Question("wants_support", _("Souhaite un soutien psychosocial"), YES_NO),
    ],
}


def answer_labels(dimension: str, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) pairs of a dimension's stored answers, in the questions' order."""
    pairs = []
    for question in QUESTIONS.get(dimension, []):
        value = answers.get(question.code)
        if value in (None, ""):
            continue
        label = dict(question.choices).get(value, value)
        pairs.append((str(question.label), str(label)))
    return pairs


class AssessmentForm(forms.Form):
    """The three dimensions of sustainable reintegration, each with its questions and notes."""

    economic_notes = forms.CharField(
        label=_("Situation économique"), required=False, widget=forms.Textarea
    )
    social_notes = forms.CharField(
        label=_("Situation sociale"), required=False, widget=forms.Textarea
    )
    psychosocial_notes = forms.CharField(
        label=_("Situation psychosociale"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Information sensible, visible du seul travailleur social et des superviseurs."
        ),
    )
    skills = forms.CharField(
        label=_("Compétences et expérience"), required=False, widget=forms.Textarea
    )
    complete = forms.BooleanField(
        label=_("L'évaluation est complète"),
        required=False,
        help_text=_("Nécessaire pour soumettre le plan au superviseur."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension, questions in QUESTIONS.items():
            for question in questions:
                self.fields[self.answer_name(dimension, question.code)] = forms.ChoiceField(
                    label=question.label,
                    choices=question.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
        style(self)

    @staticmethod
    def answer_name(dimension: str, code: str) -> str:
        return f"{dimension}__{code}"

    @classmethod
    def initial_from(cls, assessment: Assessment | None) -> dict[str, Any]:
        if assessment is None:
            return {}
        initial: dict[str, Any] = {
            name: getattr(assessment, name)
            for name in ("economic_notes", "social_notes", "psychosocial_notes", "skills")
        }
        initial["complete"] = assessment.complete
        for dimension in QUESTIONS:
            answers = getattr(assessment, f"{dimension}_answers") or {}
            for code, value in answers.items():
                initial[cls.answer_name(dimension, code)] = value
        return initial

    def parts(self) -> list[dict[str, Any]]:
        """The three parts of the page: the dimension, its questions, its notes."""
        return [
            {
                "dimension": dimension,
                "label": Dimension(dimension).label,
                "questions": [self[self.answer_name(dimension, q.code)] for q in questions],
                "notes": self[f"{dimension}_notes"],
                "sensitive": dimension == Dimension.PSYCHOSOCIAL,
            }
            for dimension, questions in QUESTIONS.items()
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            name: data.get(name, "")
            for name in ("economic_notes", "social_notes", "psychosocial_notes", "skills")
        }
        fields["complete"] = bool(data.get("complete"))
        for dimension, questions in QUESTIONS.items():
            fields[f"{dimension}_answers"] = {
                q.code: data[self.answer_name(dimension, q.code)]
                for q in questions
                if data.get(self.answer_name(dimension, q.code))
            }
        return fields


# --- Plan -------------------------------------------------------------------------


class AmountField(forms.IntegerField):
    """A whole number of FCFA; spaces between thousands and a trailing "FCFA" are accepted."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Indiquez un montant en chiffres, sans centimes (par exemple 450 000)."),
        "min_value": _("Le montant ne peut pas être négatif."),
        "max_value": _("Ce montant est trop élevé."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)
        self.widget.attrs.pop("min", None)
        self.widget.attrs.pop("max", None)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = strip_grouping(value)
            value = re.sub(r"(?i)f?cfa$|xof$", "", value)
        return super().to_python(value)


class PlanItemForm(forms.ModelForm):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=_blank_first(Dimension.choices))
    kind = forms.ChoiceField(
        label=_("Type d'assistance"), choices=_blank_first(AssistanceKind.choices)
    )
    budget = AmountField(label=_("Budget (FCFA)"))
    target_date = _date_field(_("Échéance"))

    class Meta:
        model = PlanItem
        fields = ["dimension", "kind", "provider", "budget", "target_date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- Referrals --------------------------------------------------------------------


class ReferralForm(forms.ModelForm):
    service = forms.ChoiceField(label=_("Service"), choices=_blank_first(AssistanceKind.choices))
    due_date = _date_field(
        _("Échéance"), help_text=_("Passé ce jour, l'orientation est en retard.")
    )

    class Meta:
        model = Referral
        fields = ["service", "provider", "due_date", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


REFERRAL_INPUTS: dict[str, tuple[str, ...]] = {
    "accept": (),
    "decline": ("note",),
    "complete": ("outcome", "delivered_on"),
}
REFERRAL_LABELS: dict[str, Any] = {
    "accept": _("Acceptée par le prestataire"),
    "decline": _("Déclinée par le prestataire"),
    "complete": _("Réalisée"),
}


class ReferralActionForm(forms.Form):
    """What the prestataire answered: accepted, declined (why), or delivered (what, when)."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name = name
        inputs = REFERRAL_INPUTS[name]
        if "note" in inputs:
            self.fields["note"] = forms.CharField(
                label=_("Motif (facultatif)"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if "outcome" in inputs:
            self.fields["outcome"] = forms.CharField(
                label=_("Ce qui a été réalisé"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields["outcome"].marked = True  # type: ignore[attr-defined]
        if "delivered_on" in inputs:
            self.fields["delivered_on"] = _date_field(
                _("Réalisée le"), required=False, initial=timezone.localdate
            )
        style(self)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "note": data.get("note") or "",
            "outcome": data.get("outcome") or "",
            "delivered_on": data.get("delivered_on"),
            "expected_state": data.get("expected_state") or None,
        }


# --- Follow-ups -------------------------------------------------------------------

SCORE_CHOICES = [
    ("0", "0"),
    ("0.25", "0,25"),
    ("0.5", "0,5"),
    ("0.75", "0,75"),
    ("1", "1"),
]


class FollowUpForm(forms.Form):
    """A monitoring visit: the date, one 0–1 answer per active indicator, notes."""

    visit_date = _date_field(_("Date de la visite"), initial=timezone.localdate)
    notes = forms.CharField(label=_("Notes de la visite"), required=False, widget=forms.Textarea)

    def __init__(self, indicators: Sequence[SurveyIndicator], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.fields["visit_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        for indicator in self.indicators:
            self.fields[self.answer_name(indicator.code)] = forms.ChoiceField(
                label=indicator.label,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        style(self)

    @staticmethod
    def answer_name(code: str) -> str:
        return f"answer_{code}"

    def groups(self) -> list[dict[str, Any]]:
        grouped = []
        for dimension in Dimension:
            fields = [
                (indicator, self[self.answer_name(indicator.code)])
                for indicator in self.indicators
                if indicator.dimension == dimension.value
            ]
            if fields:
                grouped.append({"label": dimension.label, "fields": fields})
        return grouped

    def clean_visit_date(self) -> Any:
        day = self.cleaned_data.get("visit_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("La date de la visite ne peut pas être dans le futur."))
        return day

    def answers(self) -> dict[str, Decimal]:
        return {
            indicator.code: Decimal(self.cleaned_data[self.answer_name(indicator.code)])
            for indicator in self.indicators
            if self.cleaned_data.get(self.answer_name(indicator.code))
        }


# --- Transitions, assignment, attachments, filters --------------------------------

COMMENT_LABELS: dict[str, Any] = {
    "return_plan": _("Ce qu'il faut revoir dans le plan"),
    "refuse_closure": _("Pourquoi la clôture est refusée"),
    "reopen": _("Pourquoi le dossier est rouvert"),
}
COMMENT_NEEDED = set(COMMENT_LABELS)


class TransitionForm(forms.Form):
    """The inputs one transition takes. Nothing is required here: the service says what
    is missing (and keeps a trace of the refusal); the form only checks each value's shape."""

    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, name: str, inputs: Sequence[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name = name
        for field in inputs:
            if field == "comment":
                made: forms.Field = forms.CharField(
                    label=COMMENT_LABELS.get(name, _("Commentaire (facultatif)")),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                made.marked = name in COMMENT_NEEDED  # type: ignore[attr-defined]
            elif field == "reason":
                made = forms.ChoiceField(
                    label=_("Motif de clôture"),
                    required=False,
                    choices=_blank_first(ClosureReason.choices),
                )
                made.marked = True  # type: ignore[attr-defined]
            else:  # pragma: no cover - every input of CASE_TRANSITION_INPUTS is listed above
                raise ValueError(field)
            self.fields[field] = made
        style(self)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AssignForm(forms.Form):
    caseworker = forms.ChoiceField(label=_("Travailleur social"))

    def __init__(self, caseworkers: Sequence[AuthUser], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = _blank_first(  # type: ignore[attr-defined]
            (u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers
        )
        self.fields["caseworker"].error_messages["required"] = _(
            "Choisissez le travailleur social."
        )
        style(self)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"),
        choices=_blank_first(attachment_kind_choices(access.ATTACHMENT_KINDS)),
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
        style(self)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Statut"), required=False)
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Toutes les régions"),
    )
    caseworker = forms.ChoiceField(label=_("Travailleur social"), required=False)
    overdue = forms.BooleanField(label=_("Orientations en retard seulement"), required=False)

    def __init__(
        self, *args: Any, caseworkers: Sequence[AuthUser] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Tous les statuts")),
            *Case._meta.get_field("status").choices,
        ]
        if caseworkers is None:
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].choices = [  # type: ignore[attr-defined]
                ("", _("Tous")),
                ("none", _("Non attribués")),
                *((u.get_username(), u.get_full_name() or u.get_username()) for u in caseworkers),
            ]
        style(self)

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value drops that filter only."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

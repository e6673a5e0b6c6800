"""The assessment's questions, its form, and the labels of the stored answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Assessment,
    Dimension,
)
from processes.forms import radio_choice, style
from processes.table import text_limit

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
        label=_("Situation économique"),
        required=False,
        max_length=text_limit(Assessment, "economic_notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    social_notes = forms.CharField(
        label=_("Situation sociale"),
        required=False,
        max_length=text_limit(Assessment, "social_notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    psychosocial_notes = forms.CharField(
        label=_("Situation psychosociale"),
        required=False,
        max_length=text_limit(Assessment, "psychosocial_notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Information sensible, visible du seul travailleur social et des superviseurs."
        ),
    )
    skills = forms.CharField(
        label=_("Compétences et expérience"),
        required=False,
        max_length=text_limit(Assessment, "skills"),
        widget=forms.Textarea(attrs={"rows": 3}),
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
                self.fields[self.answer_name(dimension, question.code)] = radio_choice(
                    question.label, question.choices
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

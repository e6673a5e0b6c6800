"""Every edit's history row names the fields it changed, from what to what, in words in
the reader's language on the pages and in the API; a sensitive case field is named,
never its values; an edit that changes nothing writes no row."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from django.utils import translation

from audit.labels import describe
from audit.models import HistoryEntry, Source
from cases import services as case_services
from cases.models import CaseStatus
from registry import services as registry_services
from tests.cases.builders import make_case
from tests.factories import ExpertFactory
from tests.workflows.builders import BUDGET, new_proposal
from workflows import services as workflow_services
from workflows.services import BudgetInput


def _changes(entry: HistoryEntry) -> dict[str, Any]:
    return {c["field"]: c for c in entry.data["changes"]}


def _last(obj: Any, action: str = "update") -> HistoryEntry:
    return HistoryEntry.objects.for_object(obj).filter(action=action).latest("id")


def test_an_expert_edit_names_the_fields_and_their_values(officer: Any) -> None:
    expert: Any = ExpertFactory(profession="Médecin", city="Lyon")
    registry_services.expert_update(
        expert=expert, by=officer, source=Source.WEB, profession="Pharmacien", city="Lyon"
    )
    entry = _last(expert)
    assert list(_changes(entry)) == ["profession"]
    assert describe(entry) == "profession : « Médecin » → « Pharmacien »"
    with translation.override("en"):
        assert describe(entry) == "profession: “Médecin” → “Pharmacien”"


def test_a_draft_edit_names_its_fields_and_its_budget(cast: Any) -> None:
    proposal = new_proposal(call=cast["call"])
    member = proposal.created_by
    budget = [*BUDGET[:2], BudgetInput("Formation du comité de gestion", 2_500_000)]
    edits: dict[str, Any] = {
        "title": "Forage de Kpalimé",
        "locality": "Kpalimé",
        "budget_lines": budget,
    }
    workflow_services.proposal_update(proposal=proposal, by=member, source=Source.API, **edits)
    entry = _last(proposal)
    changes = _changes(entry)
    assert set(changes) == {"title", "budget_lines"}
    assert changes["title"]["to"] == "Forage de Kpalimé"
    text = describe(entry)
    assert "intitulé : « Adduction d'eau potable à Kpalimé-Agou » → « Forage de Kpalimé »" in text
    assert "Formation du comité de gestion : 2 500 000 FCFA" in text.replace("\u202f", " ")

    # Saved again unchanged: no row.
    count = HistoryEntry.objects.for_object(proposal).count()
    workflow_services.proposal_update(
        proposal=proposal, by=member, source=Source.API, title="Forage de Kpalimé"
    )
    assert HistoryEntry.objects.for_object(proposal).count() == count


def test_a_call_edit_names_the_fields_and_the_grid(officer: Any, cast: Any) -> None:
    call = cast["call"]
    old_ratio = call.matching_ratio
    call.matching_ratio = Decimal("2.5")
    criteria = [(c.code, c.label, c.weight) for c in call.criteria.all()]
    workflow_services.call_save(call=call, criteria=criteria, by=officer, source=Source.WEB)
    entry = _last(call)
    assert list(_changes(entry)) == ["matching_ratio"]
    assert _changes(entry)["matching_ratio"]["from"] == {"number": str(old_ratio)}


def test_a_case_edit_keeps_the_values_of_codes_and_only_the_names_of_personal_fields(
    api_for: Any, client_for: Any, caseworker1: Any, supervisor: Any
) -> None:
    """The history is indelible: a returnee's phone or health notes, once erased from the
    file, must not survive in it; a code (the return type) may."""
    case = make_case(CaseStatus.REGISTERED)
    response = api_for(caseworker1).patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "phone": "+228 91 44 55 66",
            "health_notes": "Diabète, traitement en cours",
            "return_type": "forced",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    entry = _last(case)
    changes = _changes(entry)
    assert changes["phone"] == {"field": "phone", "label": "téléphone", "sensitive": True}
    assert changes["health_notes"] == {
        "field": "health_notes",
        "label": "notes de santé",
        "sensitive": True,
    }
    assert changes["return_type"]["to"] != changes["return_type"]["from"]
    assert "Diabète" not in str(entry.data) and "91 44 55 66" not in str(entry.data)

    history = api_for(supervisor).get(f"/api/v1/cases/{case.pk}/history/").json()
    comment = next(row["comment"] for row in history if row["transition"] == "update")
    assert "téléphone : modifié" in comment
    assert "notes de santé : modifié" in comment
    assert "Diabète" not in str(history) and "91 44 55 66" not in str(history)

    page = html.unescape(client_for(caseworker1).get(case.get_absolute_url()).content.decode())
    assert "notes de santé : modifié" in page
    assert "Diabète" in page  # the intake shows it to its caseworker…
    assert page.count("Diabète") == 1  # …but the history does not


def test_an_assessment_names_its_notes_without_their_content(
    caseworker1: Any,
) -> None:
    case = make_case(CaseStatus.ASSESSMENT)
    notes = {"economic_notes": "Sans emploi", "psychosocial_notes": "Troubles du sommeil"}
    case_services.assessment_save(case=case, by=caseworker1, source=Source.WEB, **notes)
    entry = _last(case, "assessment")
    changes = _changes(entry)
    assert changes["economic_notes"].get("sensitive") is True
    assert changes["psychosocial_notes"].get("sensitive") is True
    assert "Sans emploi" not in str(entry.data)
    assert "Troubles du sommeil" not in str(entry.data)
    assert "Troubles du sommeil" not in describe(entry)


def test_numbers_choices_and_places_are_shown_as_people_read_them(
    officer: Any, paris_association: Any, brussels_embassy: Any
) -> None:
    founded = paris_association.founded_year
    registry_services.association_update(
        association=paris_association,
        by=officer,
        source=Source.WEB,
        founded_year=founded + 1,
        embassy=brussels_embassy,
        country="BE",
    )
    text = describe(_last(paris_association))
    assert f"année de création : « {founded} » → « {founded + 1} »" in text
    assert "pays : « France » → « Belgique »" in text
    with translation.override("en"):
        assert "country: “France” → “Belgium”" in describe(_last(paris_association))

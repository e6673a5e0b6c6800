"""`/api/v1/mission-needs/`: who sees which needs, who drafts and edits them, what a
bad body is told, the transitions, history and candidates."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome
from missions.choices import NeedStatus
from missions.models import MissionNeed
from tests.api.missions.conftest import day, ids
from tests.missions.builders import make_mission, make_need

pytestmark = pytest.mark.django_db

URL = "/api/v1/mission-needs/"


# --- Listing and reading ---------------------------------------------------------------


def test_each_role_lists_the_needs_it_may_see(
    cast: dict[str, Any], teaching_need: Any, api_as: Any
) -> None:
    lome_draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    kara_draft = make_need(NeedStatus.DRAFT, host="chr_kara", kind="medical")
    published = teaching_need
    every = set(MissionNeed.objects.values_list("pk", flat=True))

    assert ids(api_as("officer").get(URL)) == every
    assert ids(api_as("auditor").get(URL)) == every
    lome = ids(api_as("univ_lome").get(URL))
    assert lome_draft.pk in lome and kara_draft.pk not in lome
    assert lome == set(
        MissionNeed.objects.filter(host__name="Université de Lomé").values_list("pk", flat=True)
    )
    expert = ids(api_as("expert_paris").get(URL))
    assert published.pk in expert
    assert expert == set(
        MissionNeed.objects.filter(status="published").values_list("pk", flat=True)
    )
    assert ids(api_as("assoc_paris").get(URL)) == set()
    assert api_as("anonymous").get(URL).status_code == 401


def test_an_expert_sees_the_needs_asking_for_its_domains_first(
    cast: dict[str, Any], api_as: Any
) -> None:
    other = make_need(NeedStatus.PUBLISHED, domains=("medicine",), kind="medical", host="chr_kara")
    matching = make_need(NeedStatus.PUBLISHED, domains=("ict", "teaching"))
    rows = api_as("expert_paris").get(URL).json()["results"]
    order = [row["id"] for row in rows]
    assert order.index(matching.pk) < order.index(other.pk)


def test_a_need_shows_its_fields_with_codes(
    cast: dict[str, Any], teaching_need: Any, api_as: Any
) -> None:
    need = teaching_need
    data = api_as("univ_lome").get(f"{URL}{need.pk}/").json()
    assert data["status"] == "published"
    assert data["status_label"] == "Publiée"
    assert data["host"] == need.host_id
    assert data["host_name"] == "Université de Lomé"
    assert sorted(data["domains"]) == ["ict", "teaching"]
    assert data["region"] == "grand-lome"
    assert data["prefecture"] == "golfe"
    assert data["host_provides"] == ["lodging", "meals"]
    for name in ("kind", "title", "starts_on", "ends_on", "volunteers", "languages"):
        assert name in data


def test_a_need_out_of_sight_is_not_found(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    for persona in ("chr_kara", "expert_paris", "assoc_paris", "focal_paris"):
        assert api_as(persona).get(f"{URL}{draft.pk}/").status_code == 404, persona


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=open", "status"), ("kind=cooking", "kind"), ("status=" + "x" * 300, "status")],
)
def test_an_unknown_filter_value_is_refused_in_words(
    cast: dict[str, Any], api_as: Any, query: str, field: str
) -> None:
    response = api_as("officer").get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_list_filters_by_status_and_kind(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    assert ids(api_as("officer").get(f"{URL}?status=draft")) == {draft.pk}
    medical = ids(api_as("officer").get(f"{URL}?kind=medical"))
    assert medical == set(MissionNeed.objects.filter(kind="medical").values_list("pk", flat=True))


# --- Creating and editing --------------------------------------------------------------


def test_a_host_drafts_a_need_for_its_institution(
    cast: dict[str, Any], api_as: Any, need_body: Any, institution: Any
) -> None:
    response = api_as("univ_lome").post(URL, need_body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["host"] == institution("univ_lome").pk
    need = MissionNeed.objects.get(pk=data["id"])
    assert list(need.domains.values_list("code", flat=True)) == ["ict"]
    assert HistoryEntry.objects.for_object(need).get().action == "create"


@pytest.mark.parametrize("who", ["officer", "expert_paris", "auditor", "assoc_paris"])
def test_only_a_host_drafts_a_need(
    cast: dict[str, Any], api_as: Any, need_body: Any, who: str
) -> None:
    response = api_as(who).post(URL, need_body(), format="json")
    assert response.status_code == 403
    assert "établissement d'accueil" in response.json()["detail"]


def test_a_host_of_several_institutions_names_the_one(
    cast: dict[str, Any], api_as: Any, need_body: Any, institution: Any, univ_lome: Any
) -> None:
    kara = institution("chr_kara")
    kara.members.add(univ_lome)
    client = api_as("univ_lome")
    response = client.post(URL, need_body(), format="json")
    assert response.status_code == 400
    assert "host" in response.json()["errors"]
    response = client.post(URL, need_body(host=kara.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["host_name"] == "CHR de Kara"


def test_a_host_cannot_draft_for_another_institution(
    cast: dict[str, Any], api_as: Any, need_body: Any, institution: Any
) -> None:
    response = api_as("univ_lome").post(
        URL, need_body(host=institution("chr_kara").pk), format="json"
    )
    assert response.status_code == 400
    assert "inconnu" in response.json()["errors"]["host"][0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "x" * 161}, "title"),
        ({"title": ""}, "title"),
        ({"description": "x" * 20_000}, "description"),
        ({"kind": "cooking"}, "kind"),
        ({"domains": ["astrology"]}, "domains"),
        ({"domains": []}, "domains"),
        ({"region": "atlantis"}, "region"),
        ({"prefecture": "nowhere"}, "prefecture"),
        ({"prefecture": "kozah"}, "prefecture"),
        ({"languages": ["xx"]}, "languages"),
        ({"host_provides": ["spa"]}, "host_provides"),
        ({"ministry_covers": ["lodging"]}, "ministry_covers"),
        ({"volunteers": 0}, "volunteers"),
        ({"volunteers": 51}, "volunteers"),
        ({"volunteers": "many"}, "volunteers"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"starts_on": "1850-01-01"}, "starts_on"),
        ({"ends_on": day(390)}, "ends_on"),
        ({"ends_on": day(400 + 400)}, "ends_on"),
    ],
)
def test_a_bad_need_is_refused_in_words(
    cast: dict[str, Any], api_as: Any, need_body: Any, changes: dict[str, Any], field: str
) -> None:
    before = MissionNeed.objects.count()
    response = api_as("univ_lome").post(URL, need_body(**changes), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert MissionNeed.objects.count() == before


def test_its_host_edits_a_draft(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    response = api_as("univ_lome").patch(
        f"{URL}{draft.pk}/", {"title": "Nouveau titre", "domains": ["teaching"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Nouveau titre"
    assert response.json()["domains"] == ["teaching"]
    assert HistoryEntry.objects.for_object(draft).filter(action="update").count() == 1


def test_a_need_is_edited_only_as_a_draft_and_by_its_host(
    cast: dict[str, Any], teaching_need: Any, api_as: Any
) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    published = teaching_need
    response = api_as("univ_lome").patch(f"{URL}{published.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 403
    assert "brouillon" in response.json()["detail"]
    assert (
        api_as("officer").patch(f"{URL}{draft.pk}/", {"title": "X"}, format="json").status_code
        == 403
    )
    assert (
        api_as("chr_kara").patch(f"{URL}{draft.pk}/", {"title": "X"}, format="json").status_code
        == 404
    )
    refused = HistoryEntry.objects.for_object(draft).filter(outcome=Outcome.REFUSED)
    assert refused.count() == 1


def test_the_host_of_a_need_is_fixed(
    cast: dict[str, Any], api_as: Any, institution: Any, univ_lome: Any
) -> None:
    kara = institution("chr_kara")
    kara.members.add(univ_lome)
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    response = api_as("univ_lome").patch(f"{URL}{draft.pk}/", {"host": kara.pk}, format="json")
    assert response.status_code == 400
    assert "host" in response.json()["errors"]


# --- Transitions, history ---------------------------------------------------------------


def test_the_host_submits_and_the_officer_publishes(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    host = api_as("univ_lome")
    options = host.get(f"{URL}{draft.pk}/transitions/").json()
    assert [option["name"] for option in options] == ["submit", "cancel"]
    response = host.post(f"{URL}{draft.pk}/transitions/submit/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    officer = api_as("officer")
    assert host.post(f"{URL}{draft.pk}/transitions/publish/", {}, format="json").status_code == 403
    response = officer.post(f"{URL}{draft.pk}/transitions/publish/", {}, format="json")
    assert response.json()["status"] == "published"
    history = officer.get(f"{URL}{draft.pk}/history/").json()
    assert [(row["transition"], row["outcome"]) for row in history] == [
        ("create", "done"),
        ("submit", "done"),
        ("publish", "refused"),
        ("publish", "done"),
    ]


def test_sending_back_and_cancelling_need_a_reason(cast: dict[str, Any], api_as: Any) -> None:
    submitted = make_need(NeedStatus.SUBMITTED, host="univ_lome")
    officer = api_as("officer")
    response = officer.post(f"{URL}{submitted.pk}/transitions/send_back/", {}, format="json")
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    response = officer.post(
        f"{URL}{submitted.pk}/transitions/cancel/", {"comment": "x" * 20_000}, format="json"
    )
    assert response.status_code == 400
    response = api_as("univ_lome").post(
        f"{URL}{submitted.pk}/transitions/cancel/", {"comment": "Budget annulé."}, format="json"
    )
    assert response.json()["status"] == "cancelled"


@pytest.mark.parametrize("name", ["staff", "reopen", "fly"])
def test_a_transition_not_offered_is_unknown(
    cast: dict[str, Any], teaching_need: Any, api_as: Any, name: str
) -> None:
    need = teaching_need
    response = api_as("officer").post(f"{URL}{need.pk}/transitions/{name}/", {}, format="json")
    assert response.status_code == 404
    assert name in response.json()["detail"]


def test_a_stale_state_is_a_conflict(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    response = api_as("univ_lome").post(
        f"{URL}{draft.pk}/transitions/submit/", {"expected_state": "submitted"}, format="json"
    )
    assert response.status_code == 409


# --- Candidates --------------------------------------------------------------------------


def test_the_officer_and_the_host_see_the_ranked_candidates(
    cast: dict[str, Any], teaching_need: Any, api_as: Any
) -> None:
    need = teaching_need
    for persona in ("officer", "univ_lome"):
        response = api_as(persona).get(f"{URL}{need.pk}/candidates/")
        assert response.status_code == 200, response.content
        rows = response.json()
        assert rows, persona
        first = rows[0]
        assert set(first) == {"expert", "score", "reasons"}
        assert {"id", "name", "profession", "country"} <= set(first["expert"])
        assert set(first["reasons"]) == {
            "domains",
            "available",
            "languages",
            "certified_missions",
            "mean_rating",
            "country",
        }
        scores = [row["score"] for row in rows]
        assert scores == sorted(scores, reverse=True)


def test_a_host_reads_a_candidates_contact_only_once_it_applied(
    cast: dict[str, Any], teaching_need: Any, api_as: Any
) -> None:
    need = teaching_need
    host = api_as("univ_lome")

    def paris() -> dict[str, Any]:
        rows = host.get(f"{URL}{need.pk}/candidates/").json()
        return next(row["expert"] for row in rows if row["expert"]["name"] == "Kodjovi Afanou")

    assert "email" not in paris() and "phone" not in paris()
    officer_view = api_as("officer").get(f"{URL}{need.pk}/candidates/").json()
    shown = next(row["expert"] for row in officer_view if row["expert"]["name"] == "Kodjovi Afanou")
    assert shown["email"]
    # Once applied the expert is no longer a candidate to rank: the mission shows the contact.
    mission = make_mission(need=need, expert_user="expert_paris")
    data = host.get(f"/api/v1/missions/{mission.pk}/").json()
    assert data["expert"]["email"]


@pytest.mark.parametrize(
    ("who", "code"),
    [("expert_paris", 403), ("chr_kara", 404), ("auditor", 403), ("assoc_paris", 404)],
)
def test_no_one_else_sees_the_candidates(
    cast: dict[str, Any], teaching_need: Any, api_as: Any, who: str, code: int
) -> None:
    need = teaching_need
    response = api_as(who).get(f"{URL}{need.pk}/candidates/")
    assert response.status_code == code
    if code == 403:
        assert "candidats" in response.json()["detail"]

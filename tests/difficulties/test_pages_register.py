"""The register's pages: who reaches them, the list's filters and its median delays, an
overdue referral shown in red and in words, a report recorded on someone's behalf."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Source
from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from processes.pages import PAGE_SIZE
from tests.cases.pages import persona_client
from tests.difficulties.builders import empty_the_register, make_difficulty, reported

S = DifficultyStatus
LIST = reverse("difficulties:list")
CREATE = reverse("difficulties:create")
WEB = Source.WEB


@pytest.fixture(autouse=True)
def empty_register(cast: dict[str, Any]) -> None:
    """The register without the demo's reports: each test counts its own."""
    empty_the_register()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _codes(response: Any) -> set[str]:
    return {d.tracking_code for d in response.context["difficulties"]}


def _overdue(**fields: Any) -> Difficulty:
    difficulty = make_difficulty(S.REFERRED, **fields)
    Difficulty.objects.filter(pk=difficulty.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    return Difficulty.objects.get(pk=difficulty.pk)


def _age(difficulty: Difficulty, *, answered: float, resolved: float | None = None) -> None:
    """The report answered `answered` days (and resolved `resolved` days) after it was
    reported."""
    start = timezone.now() - datetime.timedelta(days=60)
    Difficulty.objects.filter(pk=difficulty.pk).update(
        reported_at=start,
        answered_at=start + datetime.timedelta(days=answered),
        first_answered_at=start + datetime.timedelta(days=answered),
        feedback_at=start + datetime.timedelta(days=resolved) if resolved is not None else None,
    )


# --- Who reaches the list ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["focal_paris", "officer", "auditor"])
def test_the_register_lists_what_each_staff_role_sees(cast: dict[str, Any], persona: str) -> None:
    paris = make_difficulty(S.QUALIFIED)
    desk = make_difficulty(S.REPORTED, by=cast["users"]["officer"], country="SN")

    response = persona_client(cast, persona).get(LIST)

    assert response.status_code == 200
    expected = {paris.tracking_code} | (set() if persona == "focal_paris" else {desk.tracking_code})
    assert _codes(response) == expected


def test_a_focal_point_of_another_embassy_sees_none_of_paris(
    cast: dict[str, Any], focal_berlin: User
) -> None:
    make_difficulty(S.QUALIFIED)
    berlin = make_difficulty(S.REPORTED, by=cast["users"]["officer"], country="DE")

    response = _client(focal_berlin).get(LIST)

    assert response.status_code == 200
    assert _codes(response) == {berlin.tracking_code}


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "expert_paris", "univ_lome"])
def test_the_register_is_refused_to_the_other_roles(cast: dict[str, Any], persona: str) -> None:
    assert persona_client(cast, persona).get(LIST).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(cast: dict[str, Any]) -> None:
    response = Client().get(LIST)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unconfirmed_reports_are_listed_only_phone_only_under_a_confirmer(
    cast: dict[str, Any],
) -> None:
    by_mail = reported()
    by_phone = reported(email="", phone="+33 6 12 34 56 78")
    registered = make_difficulty(S.REPORTED)
    client = persona_client(cast, "focal_paris")

    assert _codes(client.get(LIST)) == {registered.tracking_code}
    waiting = client.get(LIST, {"status": S.UNCONFIRMED})
    assert _codes(waiting) == {by_phone.tracking_code}
    assert by_mail.tracking_code not in waiting.content.decode()


# --- Filters -----------------------------------------------------------------------------


def test_the_filters_narrow_the_register(cast: dict[str, Any]) -> None:
    passport = make_difficulty(S.QUALIFIED)
    visa = make_difficulty(S.REPORTED, category="visa")
    spain = make_difficulty(S.REPORTED, country="ES")
    overdue = _overdue()
    desk = make_difficulty(S.REPORTED, by=cast["users"]["officer"], country="SN")
    client = persona_client(cast, "officer")
    paris = cast["embassies"]["paris"]

    assert _codes(client.get(LIST, {"category": "visa"})) == {visa.tracking_code}
    assert _codes(client.get(LIST, {"country": "ES"})) == {spain.tracking_code}
    assert _codes(client.get(LIST, {"embassy": paris.pk})) == {
        passport.tracking_code,
        visa.tracking_code,
        spain.tracking_code,
        overdue.tracking_code,
    }
    assert _codes(client.get(LIST, {"status": S.QUALIFIED})) == {passport.tracking_code}
    assert _codes(client.get(LIST, {"overdue": "on"})) == {overdue.tracking_code}
    assert _codes(client.get(LIST, {"q": desk.tracking_code.lower().replace("-", " ")})) == {
        desk.tracking_code
    }
    assert _codes(client.get(LIST, {"q": desk.tracking_code[:4]})) >= {desk.tracking_code}


def test_a_bad_filter_is_ignored_and_said(cast: dict[str, Any]) -> None:
    make_difficulty(S.REPORTED)
    response = persona_client(cast, "officer").get(LIST, {"status": "nope", "embassy": "x"})

    assert response.status_code == 200
    assert len(response.context["difficulties"]) == 1
    assert "Certains filtres ne sont pas valides" in response.content.decode()


def test_an_overdue_referral_is_red_and_says_so_in_words(cast: dict[str, Any]) -> None:
    overdue = _overdue()
    on_time = make_difficulty(S.REFERRED)
    client = persona_client(cast, "focal_paris")

    page = client.get(LIST).content.decode()
    late_row = page.split(f'id="difficulty-{overdue.pk}"')[1].split("</tr>")[0]
    other_row = page.split(f'id="difficulty-{on_time.pk}"')[1].split("</tr>")[0]
    assert "text-danger" in late_row and "en retard" in late_row
    assert "text-danger" not in other_row and "en retard" not in other_row

    detail = client.get(reverse("difficulties:detail", args=[overdue.pk])).content.decode()
    due = detail.split('id="due-date"')[1].split("</dd>")[0]
    assert "text-danger" in due and "en retard" in due


# --- Median delays -----------------------------------------------------------------------


def test_the_median_delays_of_the_filtered_reports(cast: dict[str, Any]) -> None:
    first = make_difficulty(S.ANSWERED)
    second = make_difficulty(S.RESOLVED)
    third = make_difficulty(S.ANSWERED, category="visa")
    _age(first, answered=2)
    _age(second, answered=5, resolved=9)
    _age(third, answered=1)
    client = persona_client(cast, "officer")

    response = client.get(LIST)
    delays = response.context["delays"]
    passport = next(d for d in delays.by_category if d.key == "passport")
    assert (passport.reports, passport.to_answer, passport.to_resolve) == (2, 3.5, 9.0)
    dgdn = next(d for d in delays.by_administration if d.key == "dgdn")
    assert (dgdn.reports, dgdn.to_answer) == (3, 2.0)
    page = response.content.decode()
    table = page.split('id="delays-category"')[1].split("</table>")[0]
    assert "3,5 jours" in table and "9 jours" in table
    visa = table.split("Visa")[1].split("</tr>")[0]
    assert "1 jour" in visa and "—" in visa

    narrowed = client.get(LIST, {"category": "visa"}).context["delays"]
    assert [d.key for d in narrowed.by_category] == ["visa"]


def test_no_delay_yet_reads_as_a_dash(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "officer").get(LIST)

    assert response.context["delays"].by_category == []
    assert response.status_code == 200


# --- Links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "record", "administrations", "quarterly"),
    [
        ("focal_paris", True, False, False),
        ("officer", True, True, True),
        ("auditor", False, False, True),
    ],
)
def test_the_register_links_each_role_to_its_pages(
    cast: dict[str, Any], persona: str, record: bool, administrations: bool, quarterly: bool
) -> None:
    page = persona_client(cast, persona).get(LIST).content.decode()

    assert (f'href="{CREATE}"' in page) is record
    assert (f'href="{reverse("difficulties:administration_list")}"' in page) is administrations
    assert (f'href="{reverse("difficulties:report_list")}"' in page) is quarterly


# --- Recording a report on someone's behalf ---------------------------------------------


def _record(**fields: Any) -> dict[str, Any]:
    return {
        "category": "passport",
        "country": "FR",
        "administration": "dgdn",
        "description": "Venu à l'ambassade : son passeport est bloqué depuis six mois.",
        "email": "",
        "phone": "+33 6 00 00 00 01",
        "consent": "on",
        **fields,
    }


def test_a_focal_point_records_a_report_registered_at_once(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "focal_paris").post(CREATE, _record())

    difficulty = Difficulty.objects.get()
    assert response.status_code == 302
    assert response["Location"] == difficulty.get_absolute_url()
    assert difficulty.status == S.REPORTED
    assert difficulty.recorded_by == cast["users"]["focal_paris"]
    assert difficulty.administration is not None and difficulty.administration.code == "dgdn"


def test_the_focal_point_s_countries_are_those_of_its_jurisdiction(cast: dict[str, Any]) -> None:
    focal = persona_client(cast, "focal_paris").get(CREATE)
    officer = persona_client(cast, "officer").get(CREATE)

    focal_countries = {code for code, _ in focal.context["form"].fields["country"].choices if code}
    officer_countries = {
        code for code, _ in officer.context["form"].fields["country"].choices if code
    }
    assert "FR" in focal_countries and "DE" not in focal_countries and "SN" not in focal_countries
    assert {"FR", "DE", "SN"} <= officer_countries
    assert "la personne accepte d" in focal.content.decode().lower()


def test_a_country_outside_the_jurisdiction_is_refused_in_words(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "focal_paris").post(CREATE, _record(country="DE"))

    assert response.status_code == 400
    assert response.context["form"].errors["country"]
    assert not Difficulty.objects.exists()


def test_a_report_without_consent_or_contact_is_shown_again(cast: dict[str, Any]) -> None:
    client = persona_client(cast, "officer")

    no_consent = client.post(CREATE, _record(consent=""))
    no_contact = client.post(CREATE, _record(phone=""))

    assert no_consent.status_code == 400
    assert "consent" in no_consent.context["form"].errors
    assert no_contact.status_code == 400
    assert "Donnez une adresse e-mail" in no_contact.content.decode()
    assert not Difficulty.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "assoc_paris", "expert_paris"])
def test_recording_is_refused_to_those_who_do_not_handle_reports(
    cast: dict[str, Any], persona: str
) -> None:
    client = persona_client(cast, persona)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _record()).status_code == 403
    assert not Difficulty.objects.exists()


def _delays_row(page: str, table_id: str, label: str) -> str:
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    return table.split(label)[1].split("</tr>")[0]


def test_the_delay_to_answer_counts_to_the_first_answer(cast: dict[str, Any]) -> None:
    """Referred again after the reporter said it was not solved, and answered again two
    months on: the delay to the first answer stays two days."""
    difficulty = make_difficulty(S.ANSWERED)
    _age(difficulty, answered=2)
    handler = cast["users"]["focal_paris"]
    difficulty = services.give_feedback(
        difficulty=Difficulty.objects.get(pk=difficulty.pk), resolved=False, source=WEB
    )
    difficulty = services.difficulty_refer(
        difficulty=difficulty,
        administration="dgdn",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        by=handler,
        source=WEB,
    )
    again = services.difficulty_answer(
        difficulty=difficulty, answer="Nouvelle réponse.", by=handler, source=WEB
    )
    assert again.answered_at and again.first_answered_at
    assert again.answered_at > again.first_answered_at

    page = persona_client(cast, "officer").get(LIST).content.decode()

    assert "2 jours" in _delays_row(page, "delays-category", "Passeport")
    assert "2 jours" in _delays_row(page, "delays-administration", "Direction générale")


def test_a_duplicate_is_left_out_of_the_delays(cast: dict[str, Any]) -> None:
    """Its main report carries on for it: the register and the observatory count the
    main one only."""
    make_difficulty(S.DUPLICATE, category="visa")  # its main one is about a passport
    client = persona_client(cast, "officer")

    delays = client.get(LIST).context["delays"]

    assert [(d.key, d.reports) for d in delays.by_category] == [("passport", 1)]


def test_a_median_under_a_day_reads_less_than_a_day(cast: dict[str, Any]) -> None:
    _age(make_difficulty(S.ANSWERED), answered=0.25)

    page = persona_client(cast, "officer").get(LIST).content.decode()

    row = _delays_row(page, "delays-category", "Passeport")
    assert "moins d&#x27;un jour" in row and "0 jour" not in row


def test_the_delays_come_after_the_list_and_its_pager(cast: dict[str, Any]) -> None:
    """On a phone, the delays above the list pushed it far down the page."""
    for _ in range(PAGE_SIZE + 1):
        make_difficulty(S.REPORTED)

    page = persona_client(cast, "officer").get(LIST).content.decode()

    assert page.index('class="pagination') < page.index('id="delays"')

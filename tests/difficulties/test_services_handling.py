"""The handling services' rules, each with the refusal its user reads: who may fire each
transition, merging, due dates, answers, feedback, and the queries each one costs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.codes import new_code
from difficulties.models import Difficulty
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from processes.firing import Firing
from processes.table import COMMENT_MAX_LENGTH
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db
S = DifficultyStatus
WEB = "web"
NOT_HANDLER = (
    "Seuls le point focal de l'ambassade compétente et les chargés de programme "
    "traitent ce signalement."
)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def inputs(name: str) -> tuple[str, dict[str, Any]]:
    """The state each transition starts from, and valid inputs for it."""
    if name == "merge":
        return S.REPORTED, {"into": make_difficulty(S.REPORTED).tracking_code}
    starts: dict[str, tuple[str, dict[str, Any]]] = {
        "qualify": (S.REPORTED, {"administration": "dgdn", "urgency": "urgent"}),
        "refer": (S.QUALIFIED, {"administration": "douanes", "due_date": in_days(10)}),
        "answer": (S.REFERRED, {"answer": "Votre passeport est prêt."}),
        "reject": (S.REPORTED, {"reason": "Hors du champ du dispositif."}),
        "close": (S.ANSWERED, {}),
    }
    return starts[name]


TARGET = {
    "qualify": S.QUALIFIED,
    "refer": S.REFERRED,
    "answer": S.ANSWERED,
    "reject": S.REJECTED,
    "close": S.CLOSED,
    "merge": S.DUPLICATE,
}


def fire(name: str, difficulty: Difficulty, by: User, **data: Any) -> Difficulty:
    return DIFFICULTY_TRANSITIONS.fire(name, obj=difficulty, by=by, source=WEB, data=data)


@pytest.mark.parametrize("name", list(TARGET))
@pytest.mark.parametrize("persona", ["focal_paris", "officer"])
def test_the_focal_point_of_the_jurisdiction_and_the_officers_handle_a_report(
    cast: dict[str, Any], name: str, persona: str
) -> None:
    state, data = inputs(name)
    difficulty = make_difficulty(state)
    done = fire(name, difficulty, cast["users"][persona], **data)
    assert done.status == TARGET[name]


@pytest.mark.parametrize("name", list(TARGET))
@pytest.mark.parametrize("persona", ["focal_berlin", "auditor", "assoc_paris"])
def test_anyone_else_is_refused_before_the_inputs_are_read(
    cast: dict[str, Any], focal_berlin: User, name: str, persona: str
) -> None:
    state, data = inputs(name)
    difficulty = make_difficulty(state)
    with pytest.raises(NotAllowed) as refused:
        fire(name, difficulty, cast["users"].get(persona) or focal_berlin, **data)
    assert refused.value.detail == NOT_HANDLER
    difficulty.refresh_from_db()
    assert difficulty.status == state


def test_a_report_no_embassy_covers_is_the_officers_alone(officer: User, focal_paris: User) -> None:
    difficulty = make_difficulty(S.REPORTED, by=officer, country="SN")
    assert difficulty.embassy is None
    with pytest.raises(NotAllowed):
        services.difficulty_qualify(
            difficulty=difficulty, administration="dgdn", by=focal_paris, source=WEB
        )
    done = services.difficulty_qualify(
        difficulty=difficulty, administration="dgdn", by=officer, source=WEB
    )
    assert done.status == S.QUALIFIED


def test_a_phone_only_report_is_confirmed_by_its_handlers_not_an_e_mailed_one(
    focal_paris: User, focal_berlin: User, auditor: User
) -> None:
    by_phone = make_difficulty(S.UNCONFIRMED, email="", phone="+33 6 12 34 56 78")
    for outsider in (focal_berlin, auditor):
        with pytest.raises(NotAllowed) as refused:
            services.difficulty_confirm(difficulty=by_phone, by=outsider, source=WEB)
        assert refused.value.detail == NOT_HANDLER
    confirmed = services.difficulty_confirm(difficulty=by_phone, by=focal_paris, source=WEB)
    assert confirmed.status == S.REPORTED
    assert confirmed.reported_at is not None
    by_mail = make_difficulty(S.UNCONFIRMED)
    with pytest.raises(NotAllowed) as refused:
        services.difficulty_confirm(difficulty=by_mail, by=focal_paris, source=WEB)
    assert refused.value.detail == "Ce signalement se confirme par le lien envoyé à son adresse."


# --- Merging ------------------------------------------------------------------------


def merge_refusal(difficulty: Difficulty, into: Any, by: User) -> str:
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_merge(difficulty=difficulty, into=into, by=by, source=WEB)
    assert list(refused.value.fields) == ["into"]
    difficulty.refresh_from_db()
    assert difficulty.status == S.REPORTED
    return refused.value.detail


def test_a_report_is_not_merged_into_itself(focal_paris: User) -> None:
    difficulty = make_difficulty(S.REPORTED)
    assert merge_refusal(difficulty, difficulty.tracking_code, focal_paris) == (
        "Un signalement ne peut pas être fusionné avec lui-même."
    )


@pytest.mark.parametrize("state", [S.CLOSED, S.DUPLICATE, S.REJECTED, S.UNCONFIRMED])
def test_a_report_is_merged_only_into_one_being_handled(focal_paris: User, state: str) -> None:
    difficulty = make_difficulty(S.REPORTED)
    main = make_difficulty(state)
    assert merge_refusal(difficulty, main.tracking_code, focal_paris) == (
        "Le signalement principal doit être en cours de traitement."
    )


def test_a_report_is_not_merged_into_another_jurisdictions_one(
    focal_paris: User, officer: User
) -> None:
    difficulty = make_difficulty(S.REPORTED)
    german = make_difficulty(S.REPORTED, country="DE", by=officer)
    assert merge_refusal(difficulty, german.tracking_code, focal_paris) == (
        "Aucun signalement que vous traitez ne porte ce code."
    )
    assert merge_refusal(difficulty, new_code(), focal_paris) == (
        "Aucun signalement que vous traitez ne porte ce code."
    )
    assert merge_refusal(difficulty, "", focal_paris) == (
        "Donnez le code de suivi du signalement principal."
    )


def test_a_merged_reports_own_duplicates_follow_it(focal_paris: User) -> None:
    first = make_difficulty(S.REPORTED)
    follower = make_difficulty(S.REPORTED)
    services.difficulty_merge(
        difficulty=follower, into=first.tracking_code, by=focal_paris, source=WEB
    )
    main = make_difficulty(S.QUALIFIED)
    services.difficulty_merge(
        difficulty=first, into=main.tracking_code.lower(), by=focal_paris, source=WEB
    )
    follower.refresh_from_db()
    first.refresh_from_db()
    assert first.merged_into == main and follower.merged_into == main
    assert set(main.duplicates.all()) == {first, follower}
    assert first.closed_at is not None


# --- Referral, answer, rejection -----------------------------------------------------


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        (None, "Indiquez la date à laquelle la réponse est attendue."),
        (in_days(0), "La réponse est attendue après aujourd'hui."),
        (in_days(-3), "La réponse est attendue après aujourd'hui."),
        (in_days(367), "La réponse est attendue dans l'année."),
    ],
)
def test_a_referral_is_due_after_today_and_within_a_year(
    focal_paris: User, due_date: datetime.date | None, message: str
) -> None:
    difficulty = make_difficulty(S.QUALIFIED)
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_refer(
            difficulty=difficulty,
            administration="dgdn",
            due_date=due_date,
            by=focal_paris,
            source=WEB,
        )
    assert refused.value.fields == {"due_date": [message]}


def test_a_referral_names_a_listed_administration(focal_paris: User) -> None:
    difficulty = make_difficulty(S.QUALIFIED)
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_refer(
            difficulty=difficulty,
            administration="inconnue",
            due_date=in_days(5),
            by=focal_paris,
            source=WEB,
        )
    assert refused.value.fields == {
        "administration": ["Choisissez une administration de la liste."]
    }
    referred = services.difficulty_refer(
        difficulty=difficulty,
        administration="douanes",
        due_date=in_days(366),
        by=focal_paris,
        source=WEB,
    )
    assert referred.referred_to is not None and referred.referred_to.code == "douanes"
    assert referred.due_date == in_days(366)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Écrivez la réponse au déclarant."),
        (
            "x" * (COMMENT_MAX_LENGTH + 1),
            f"La réponse tient en {COMMENT_MAX_LENGTH} caractères au plus.",
        ),
    ],
)
def test_an_answer_is_written_and_bounded(focal_paris: User, text: str, message: str) -> None:
    difficulty = make_difficulty(S.REFERRED)
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_answer(difficulty=difficulty, answer=text, by=focal_paris, source=WEB)
    assert refused.value.fields == {"answer": [message]}
    assert not difficulty.answers.exists()


def test_an_answer_is_kept_with_its_administration(focal_paris: User) -> None:
    difficulty = make_difficulty(S.REFERRED)
    done = services.difficulty_answer(
        difficulty=difficulty, answer="  Prêt au consulat.  ", by=focal_paris, source=WEB
    )
    answer = done.answers.get()
    assert answer.administration is not None
    assert (answer.text, answer.administration.code, answer.by) == (
        "Prêt au consulat.",
        "dgdn",
        focal_paris,
    )
    assert done.answered_at is not None


def test_a_rejection_gives_its_reason(focal_paris: User) -> None:
    difficulty = make_difficulty(S.REPORTED)
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_reject(difficulty=difficulty, reason="", by=focal_paris, source=WEB)
    assert refused.value.fields == {"reason": ["Indiquez le motif du rejet."]}


def test_a_referred_report_is_not_closed_before_its_answer(focal_paris: User) -> None:
    difficulty = make_difficulty(S.REFERRED)
    with pytest.raises(InvalidState):
        services.difficulty_close(difficulty=difficulty, by=focal_paris, source=WEB)


# --- Feedback -------------------------------------------------------------------------


def test_the_feedback_is_given_once_on_an_answered_report(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    done = services.give_feedback(
        difficulty=difficulty, resolved=False, note="Toujours rien reçu.", source=WEB
    )
    assert (done.status, done.feedback_resolved, done.feedback_note) == (
        S.UNRESOLVED,
        False,
        "Toujours rien reçu.",
    )
    with pytest.raises(InvalidState):
        services.give_feedback(difficulty=done, resolved=True, source=WEB)
    with pytest.raises(InvalidState):
        services.give_feedback(difficulty=make_difficulty(S.REFERRED), resolved=True, source=WEB)


def test_a_feedback_note_is_bounded(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    with pytest.raises(ConditionsUnmet) as refused:
        services.give_feedback(difficulty=difficulty, resolved=True, note="x" * 1001, source=WEB)
    assert refused.value.fields == {"note": ["L'avis tient en 1000 caractères au plus."]}


# --- Queries --------------------------------------------------------------------------


# Roles and embassies of the user (2), the row locked and written (2), the history
# (2), the savepoint (2); plus what each one reads or writes of its own (a merge locks
# both reports first, in a savepoint of its own: 3 more).
QUERIES = {"qualify": 9, "refer": 9, "answer": 10, "reject": 8, "close": 8, "merge": 14}


@pytest.mark.parametrize("name", list(QUERIES))
def test_each_transition_costs_a_few_queries(
    focal_paris: User, name: str, django_assert_max_num_queries: Any
) -> None:
    state, data = inputs(name)
    difficulty = Difficulty.objects.get(pk=make_difficulty(state).pk)
    focal_paris = User.objects.get(pk=focal_paris.pk)
    with django_assert_max_num_queries(QUERIES[name]):
        fire(name, difficulty, focal_paris, **data)


def test_a_report_is_merged_into_a_resolved_one(focal_paris: User) -> None:
    """A resolved report is still open (it closes later): its duplicates join it."""
    main = make_difficulty(S.RESOLVED)
    difficulty = make_difficulty(S.REPORTED)
    merged = services.difficulty_merge(
        difficulty=difficulty, into=main.tracking_code, by=focal_paris, source=WEB
    )
    assert (merged.status, merged.merged_into) == (S.DUPLICATE, main)


def test_the_first_answer_s_time_is_kept_when_answered_again(cast: dict[str, Any]) -> None:
    firing: Firing = {"by": cast["users"]["focal_paris"], "source": WEB}
    difficulty = make_difficulty(S.UNRESOLVED)
    first = difficulty.first_answered_at
    assert first is not None and first == difficulty.answered_at
    referred = services.difficulty_refer(
        difficulty=difficulty, administration="dgdn", due_date=in_days(5), **firing
    )
    again = services.difficulty_answer(difficulty=referred, answer="Voici la suite.", **firing)
    assert again.first_answered_at == first
    assert again.answered_at is not None and again.answered_at > first

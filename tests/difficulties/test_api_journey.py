"""A report's whole way through the API: sent without an account, confirmed by the
mailed link, qualified, referred and answered by the focal point, read back and judged
by its reporter with the code, closed; and a duplicate merged into it."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import Source
from difficulties import services
from difficulties.access import by_tracking_code
from difficulties.codes import code_of_token
from difficulties.models import Difficulty

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/public/difficulties/"
STAFF = "/api/v1/difficulties/"


def report(**changes: Any) -> dict[str, Any]:
    return {
        "category": "passport",
        "country": "FR",
        "administration": "",
        "description": "Mon passeport demandé au consulat il y a six mois n'est jamais arrivé.",
        "email": "ama@example.org",
        "phone": "",
        "consent": True,
        **changes,
    }


def confirm_from_mail(tracking_code: str) -> Difficulty:
    """Follow the confirmation link mailed for `tracking_code`, as the reporter does."""
    [message] = [m for m in mail.outbox if tracking_code in m.subject]
    [token] = re.findall(r"/signaler/confirmer/([^/\s]+)/", str(message.body))
    assert code_of_token(token) == tracking_code
    difficulty = by_tracking_code(tracking_code)
    assert difficulty is not None
    return services.difficulty_confirm_by_link(difficulty=difficulty, source=Source.WEB)


def fire(client: APIClient, pk: int, name: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{STAFF}{pk}/transitions/{name}/", body, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_a_report_goes_from_the_public_api_to_its_closure(
    api_for: Any, focal_paris: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    public = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        sent = public.post(PUBLIC, report(), format="json")
    assert sent.status_code == 201, sent.content
    assert set(sent.json()) == {"tracking_code", "status"}
    assert sent.json()["status"] == "unconfirmed"
    code = sent.json()["tracking_code"]

    # Unconfirmed, it is not in the register yet (it waits for its own link).
    focal = api_for(focal_paris)
    codes = [row["tracking_code"] for row in focal.get(STAFF).json()["results"]]
    assert code not in codes

    difficulty = confirm_from_mail(code)
    assert difficulty.status == "reported"
    assert public.get(f"{PUBLIC}{code}/").json()["status"] == "reported"

    shown = focal.get(f"{STAFF}{difficulty.pk}/").json()
    assert shown["tracking_code"] == code
    assert shown["email"] == "ama@example.org"
    offered = [o["name"] for o in focal.get(f"{STAFF}{difficulty.pk}/transitions/").json()]
    assert offered == ["qualify", "merge", "reject"]

    fire(focal, difficulty.pk, "qualify", administration="dgdn", urgency="urgent")
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    referred = fire(focal, difficulty.pk, "refer", administration="dgdn", due_date=due)
    assert referred["status"] == "referred"
    assert referred["referred_to"] == "dgdn"
    assert referred["due_date"] == due
    assert referred["overdue"] is False
    with django_capture_on_commit_callbacks(execute=True):
        answered = fire(
            focal, difficulty.pk, "answer", answer="Votre passeport est prêt au consulat."
        )
    assert answered["status"] == "answered"
    assert [a["text"] for a in answered["answers"]] == ["Votre passeport est prêt au consulat."]
    assert any(code in m.body and "ama@example.org" in m.to for m in mail.outbox[1:])

    followed = public.get(f"{PUBLIC}{code}/").json()
    assert followed["status"] == "answered"
    assert [a["text"] for a in followed["answers"]] == ["Votre passeport est prêt au consulat."]

    judged = public.post(
        f"{PUBLIC}{code}/feedback/", {"resolved": True, "note": "Reçu, merci."}, format="json"
    )
    assert judged.status_code == 200, judged.content
    assert judged.json()["status"] == "resolved"
    again = public.post(f"{PUBLIC}{code}/feedback/", {"resolved": False}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"]

    closed = fire(api_for(officer), difficulty.pk, "close")
    assert closed["status"] == "closed"
    assert closed["feedback_resolved"] is True
    assert closed["feedback_note"] == "Reçu, merci."
    history = focal.get(f"{STAFF}{difficulty.pk}/history/").json()
    done = [row["transition"] for row in history if row["outcome"] != "refused"]
    assert done == [
        "create",
        "confirm",
        "qualify",
        "refer",
        "answer",
        "resolve",
        "close",
    ]
    assert [row["transition"] for row in history if row["outcome"] == "refused"] == ["unresolve"]


def test_a_duplicate_merged_through_the_api_follows_its_main_report(
    api_for: Any, focal_paris: Any
) -> None:
    public = APIClient()
    first = public.post(PUBLIC, report(email="kofi@example.org"), format="json").json()
    second = public.post(
        PUBLIC,
        report(email="afi@example.org", description="Passeport jamais reçu depuis six mois."),
        format="json",
    ).json()
    main = services.difficulty_confirm_by_link(
        difficulty=Difficulty.objects.get(tracking_code=first["tracking_code"]), source=Source.API
    )
    duplicate = services.difficulty_confirm_by_link(
        difficulty=Difficulty.objects.get(tracking_code=second["tracking_code"]),
        source=Source.API,
    )
    focal = api_for(focal_paris)

    merged = fire(focal, duplicate.pk, "merge", into=main.tracking_code.lower())
    assert merged["status"] == "duplicate"
    assert merged["merged_into"] == main.tracking_code

    fire(focal, main.pk, "qualify", administration="dgdn")
    fire(focal, main.pk, "answer", answer="Le passeport est disponible au consulat.")
    followed = public.get(f"{PUBLIC}{duplicate.tracking_code}/").json()
    assert followed["tracking_code"] == duplicate.tracking_code
    assert followed["merged_into"] == main.tracking_code
    assert followed["status"] == "answered"
    assert [a["text"] for a in followed["answers"]] == ["Le passeport est disponible au consulat."]
    assert public.get(f"{PUBLIC}{main.tracking_code}/").json()["merged_into"] is None

    # The duplicate's code does not speak for the main report: its reporter does.
    refused = public.post(
        f"{PUBLIC}{duplicate.tracking_code}/feedback/", {"resolved": False}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert "fusionné" in refused.json()["detail"]
    judged = public.post(
        f"{PUBLIC}{main.tracking_code}/feedback/", {"resolved": False}, format="json"
    )
    assert judged.status_code == 200, judged.content
    assert judged.json()["status"] == "unresolved"
    main.refresh_from_db()
    assert main.status == "unresolved"


def test_the_same_report_sent_again_answers_already_sent_without_the_code() -> None:
    public = APIClient()
    first = public.post(PUBLIC, report(), format="json")
    assert first.status_code == 201
    again = public.post(PUBLIC, report(email=" AMA@example.org "), format="json")
    assert again.status_code == 200, again.content
    assert again.json()["tracking_code"] is None
    assert again.json()["status"] == "already_sent"
    assert Difficulty.objects.filter(tracking_code=first.json()["tracking_code"]).count() == 1


def test_a_phone_only_report_waits_in_the_register_for_the_focal_points_call(
    api_for: Any, focal_paris: Any
) -> None:
    sent = APIClient().post(PUBLIC, report(email="", phone="+33 6 12 34 56 78"), format="json")
    assert sent.status_code == 201, sent.content
    code = sent.json()["tracking_code"]
    focal = api_for(focal_paris)
    [row] = [r for r in focal.get(STAFF).json()["results"] if r["tracking_code"] == code]
    assert row["status"] == "unconfirmed"
    assert row["phone"] == "+33 6 12 34 56 78"
    assert [o["name"] for o in focal.get(f"{STAFF}{row['id']}/transitions/").json()] == [
        "confirm",
        "reject",
    ]
    assert fire(focal, row["id"], "confirm")["status"] == "reported"


def test_a_focal_point_records_a_report_on_someones_behalf(
    api_for: Any, focal_paris: Any, focal_berlin: Any
) -> None:
    body = report(email="", phone="+33 6 11 22 33 44", administration="etat-civil")
    recorded = api_for(focal_paris).post(STAFF, body, format="json")
    assert recorded.status_code == 201, recorded.content
    shown = recorded.json()
    assert shown["status"] == "reported"
    assert shown["recorded_by"] == "focal_paris"
    assert shown["administration"] == "etat-civil"
    assert shown["embassy"] == "paris"

    elsewhere = api_for(focal_berlin).post(STAFF, body, format="json")
    assert elsewhere.status_code == 400
    assert "country" in elsewhere.json()["errors"]


def test_attachments_are_listed_uploaded_and_downloaded_like_every_owners(
    api_for: Any, focal_paris: Any, auditor: Any
) -> None:
    from tests.difficulties.builders import make_difficulty
    from tests.workflows.builders import pdf_upload

    difficulty = make_difficulty("qualified")
    focal = api_for(focal_paris)
    url = f"{STAFF}{difficulty.pk}/attachments/"
    sent = focal.post(url, {"file": pdf_upload("recu.pdf")}, format="multipart")
    assert sent.status_code == 201, sent.content
    assert sent.json()["kind"] == "evidence"
    [listed] = api_for(auditor).get(url).json()
    assert listed["name"] == "recu.pdf"
    download = api_for(auditor).get(listed["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    refused = api_for(auditor).post(url, {"file": pdf_upload("x.pdf")}, format="multipart")
    assert refused.status_code == 403

"""Hostile input is a 400 with a readable reason, never a 500 (config/guard.py).

A NUL byte (PostgreSQL refuses it in text), a lone surrogate (not encodable in
UTF-8), or JSON nested deeper than any real body, anywhere in a query string, a
form or a JSON body, pages and API alike: one guard answers before any view
reads them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.models import Attachment
from tests.api.test_associations import new_association
from tests.api.test_experts import new_expert
from tests.api.workflows.test_proposals import body as proposal_body
from tests.workflows.builders import make_proposal

NUL = "\u0000"
NUL_DETAIL = "« region » contient un caractère interdit"


def _detail(response: Any) -> str:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return str(response.json()["detail"])


# --- The reproductions -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/?region=%00",
        "/api/v1/proposals/?region=%00",
        "/api/v1/associations/?region=%00",
        "/api/v1/experts/?region=%00",
        "/api/v1/cases/?region=plateaux%00",
    ],
)
def test_a_nul_in_a_query_parameter_of_the_api_is_a_400(
    api_for: Any, supervisor: Any, officer: Any, path: str
) -> None:
    user = supervisor if "cases" in path else officer
    response = api_for(user).get(path)
    assert response.status_code == 400
    assert NUL_DETAIL in _detail(response)


def test_a_nul_in_a_query_parameter_name_is_a_400(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/proposals/?reg%00ion=plateaux")
    assert response.status_code == 400
    assert "reg\\x00ion" in _detail(response)


def _creations(cast: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        "proposal": (
            "assoc_paris",
            "/api/v1/proposals/",
            proposal_body(cast["call"], cast["paris"], region=f"plateaux{NUL}"),
        ),
        "association": (
            "officer",
            "/api/v1/associations/",
            new_association(home_region=f"plateaux{NUL}"),
        ),
        "expert": ("officer", "/api/v1/experts/", new_expert(home_region=f"maritime{NUL}")),
        "case": (
            "supervisor",
            "/api/v1/cases/",
            {
                "first_name": "Afi",
                "last_name": "Amouzou",
                "sex": "F",
                "birth_year": 1996,
                "return_date": "2026-01-10",
                "returned_from": "LY",
                "return_type": "assisted",
                "region": f"maritime{NUL}",
                "consent_given": True,
            },
        ),
    }


@pytest.mark.parametrize("kind", ["proposal", "association", "expert", "case"])
def test_a_nul_in_a_json_body_is_a_400_and_creates_nothing(
    api_for: Any, cast: dict[str, Any], kind: str
) -> None:
    username, path, payload = _creations(cast)[kind]
    client = api_for(cast["users"][username])
    count_before = client.get(path).json()["results"]
    field = next(key for key, value in payload.items() if NUL in str(value))

    response = client.post(path, payload, format="json")

    assert response.status_code == 400
    assert f"« {field} » contient un caractère interdit" in _detail(response)
    assert client.get(path).json()["results"] == count_before


def test_a_nul_in_a_json_key_or_deep_inside_is_a_400(
    api_for: Any, assoc_paris: Any, cast: dict[str, Any]
) -> None:
    payload = proposal_body(cast["call"], cast["paris"])
    payload["budget_lines"][1]["label"] = f"Formation{NUL}"
    response = api_for(assoc_paris).post("/api/v1/proposals/", payload, format="json")
    assert response.status_code == 400
    assert "« budget_lines.1.label »" in _detail(response)

    response = api_for(assoc_paris).post("/api/v1/proposals/", {f"ti{NUL}tle": "x"}, format="json")
    assert response.status_code == 400


def test_a_lone_surrogate_in_a_json_body_is_a_400(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/",
        json.dumps(new_association(city="Nice"))[:-1] + ', "name": "A\\ud800"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "« name » contient un caractère interdit" in _detail(response)


def test_a_hundred_thousand_nested_brackets_are_a_400(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/", "[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "trop imbriqué" in _detail(response)


@pytest.mark.parametrize(
    ("charset", "body", "reason"),
    [
        # A NUL hidden from a UTF-8 reading by another declared charset.
        ("utf-7", b'{"region": "plateaux+AFw-u0000"}', "encodé en UTF-8"),
        ("latin-1", '{"region": "plateaux\\u0000", "city": "Lomé"}'.encode("latin-1"), "UTF-8"),
        ("latin-1", b"[" * 100_000, "UTF-8"),
        # Declared UTF-8 but not UTF-8.
        ("utf-8", '{"city": "Lomé"}'.encode("latin-1"), "texte UTF-8 valide"),
    ],
)
def test_a_json_body_in_another_charset_than_utf8_is_a_400(
    api_for: Any, assoc_paris: Any, charset: str, body: bytes, reason: str
) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/proposals/", body, content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 400
    assert reason in _detail(response)


def test_a_body_nested_65_deep_is_refused_and_64_is_not(api_for: Any, officer: Any) -> None:
    client = api_for(officer)
    deep = {"name": json.loads("[" * 63 + "]" * 63)}
    assert client.post("/api/v1/associations/", deep, format="json").status_code == 400
    assert "trop imbriqué" not in _detail(client.post("/api/v1/associations/", deep, format="json"))
    deeper = {"name": json.loads("[" * 64 + "]" * 64)}
    response = client.post("/api/v1/associations/", deeper, format="json")
    assert response.status_code == 400
    assert "trop imbriqué" in _detail(response)


def test_a_nul_in_a_form_sent_to_the_api_is_a_400(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/", {"name": f"A{NUL}", "country": "FR"}, format="multipart"
    )
    assert response.status_code == 400
    assert "« name » contient un caractère interdit" in _detail(response)


def test_the_reason_follows_the_language(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/cases/?region=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "« region » contains a forbidden character" in _detail(response)


# --- Pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("supervisor", "/cases/?region=%00"),
        ("officer", "/projects/proposals/?region=%00"),
        ("officer", "/registry/associations/?country=%00"),
        ("officer", "/registry/experts/?q=%00"),
    ],
)
def test_a_nul_in_a_page_address_is_a_readable_400_page(
    client_for: Any, cast: dict[str, Any], username: str, path: str
) -> None:
    response = client_for(cast["users"][username]).get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Requête refusée" in page
    assert "contient un caractère interdit" in page
    # The page is the site's own, with its navigation, for the signed-in user.
    assert "Se déconnecter" in page


@pytest.mark.parametrize(
    ("username", "path", "form"),
    [
        ("assoc_paris", "/registry/associations/new/", {"name": f"Union{NUL}", "country": "FR"}),
        ("officer", "/registry/experts/new/", {"first_name": f"Elom{NUL}"}),
        ("supervisor", "/cases/new/", {"first_name": "Afi", "region": f"maritime{NUL}"}),
        ("assoc_paris", "/projects/proposals/new/", {"title": "T", "region": NUL}),
    ],
)
def test_a_nul_in_a_page_form_is_a_readable_400_page_in_english_too(
    client_for: Any, cast: dict[str, Any], username: str, path: str, form: dict[str, str]
) -> None:
    client = client_for(cast["users"][username])
    response = client.post(path, form)
    assert response.status_code == 400
    assert "Requête refusée" in response.content.decode()

    response = client.post(path, form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Request refused" in response.content.decode()
    assert "contains a forbidden character" in response.content.decode()


def test_a_nul_in_the_login_form_is_a_400(client: Any) -> None:
    response = client.post("/accounts/login/", {"username": f"officer{NUL}", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_a_cookie_is_a_400(client: Any, db: None) -> None:
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/accounts/login/")
    assert response.status_code == 400
    assert "Un cookie de ce site est illisible" in response.content.decode()
    assert response.cookies["sessionid"]["max-age"] == 0


def test_a_nul_in_a_header_is_a_400(client: Any, db: None) -> None:
    response = client.get("/api/v1/calls/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 400
    assert "« Authorization » contient un caractère interdit" in _detail(response)


def test_a_file_is_not_read_by_the_guard(client_for: Any, assoc_paris: Any) -> None:
    """The content of an uploaded file is the upload checks' business, not the guard's."""
    proposal = make_proposal()
    upload = SimpleUploadedFile(
        "rapport.pdf", b"%PDF-1.7\n1 0 obj\n<<\x00\x00>>\nendobj\n%%EOF\n", "application/pdf"
    )
    client_for(assoc_paris).post(
        f"/projects/proposals/{proposal.pk}/attachments/", {"kind": "other", "file": upload}
    )
    assert Attachment.objects.filter(object_id=proposal.pk, original_name="rapport.pdf").exists()


# --- Whatever arrives -----------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=st.text(max_size=40))
def test_any_filter_value_is_never_a_500(api_for: Any, supervisor: Any, value: str) -> None:
    response = api_for(supervisor).get("/api/v1/cases/", {"region": value, "q": value})
    assert response.status_code < 500
    if NUL in value or any("\ud800" <= c <= "\udfff" for c in value):
        assert response.status_code == 400


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=st.dictionaries(st.sampled_from(["name", "city", "region", "x"]), JSON_VALUES))
def test_any_json_body_is_never_a_500(api_for: Any, officer: Any, payload: Any) -> None:
    response = api_for(officer).post("/api/v1/associations/", payload, format="json")
    assert response.status_code < 500
    if NUL in json.dumps(payload, ensure_ascii=False):
        assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/proposals/", {"call": 10**23, "title": "x"}),
        ("/api/v1/associations/", {"name": "x", "members_count": -(10**30)}),
    ],
)
def test_a_number_no_column_holds_is_a_400_not_an_overflow(
    api_for: Any, assoc_paris: Any, path: str, body: dict[str, Any]
) -> None:
    response = api_for(assoc_paris).post(path, body, format="json")
    assert response.status_code == 400
    assert "trop grand" in _detail(response)


@pytest.mark.parametrize("name", ["call", "association"])
def test_an_id_filter_no_column_holds_is_a_400(api_for: Any, officer: Any, name: str) -> None:
    response = api_for(officer).get(f"/api/v1/proposals/?{name}=99999999999999999999999")
    assert response.status_code == 400
    assert name in response.json()["errors"]


# --- The API reads each body once, and checks it as it reads it --------------------


def test_an_api_json_body_is_parsed_once(
    api_for: Any, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposal = make_proposal("submitted")
    read: list[str] = []
    decode = json.JSONDecoder.decode

    def counted(self: json.JSONDecoder, text: str, *args: Any, **kwargs: Any) -> Any:
        read.append(text)
        return decode(self, text, *args, **kwargs)

    monkeypatch.setattr(json.JSONDecoder, "decode", counted)
    response = api_for(officer).post(
        f"/api/v1/proposals/{proposal.pk}/transitions/return_for_completion/",
        {"comment": "Lu une seule fois."},
        format="json",
    )
    assert response.status_code == 200, response.content[:300]
    assert len([text for text in read if "Lu une seule fois." in text]) == 1


def test_an_api_upload_is_parsed_once(
    api_for: Any, assoc_paris: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.http.multipartparser import MultiPartParser

    proposal = make_proposal()
    parses: list[object] = []
    parse = MultiPartParser.parse

    def counted(self: MultiPartParser) -> Any:
        parses.append(self)
        return parse(self)

    monkeypatch.setattr(MultiPartParser, "parse", counted)
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    response = api_for(assoc_paris).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"kind": "other", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.content[:300]
    assert len(parses) == 1


def test_a_nul_in_a_field_of_an_api_upload_is_a_400(api_for: Any, assoc_paris: Any) -> None:
    proposal = make_proposal()
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    response = api_for(assoc_paris).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"kind": f"other{NUL}", "file": upload},
        format="multipart",
    )
    assert response.status_code == 400
    assert "contient un caractère interdit" in _detail(response)
    assert not Attachment.objects.filter(object_id=proposal.pk).exists()

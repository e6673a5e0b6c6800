"""Who reaches what, route by route: every URL pattern of the pages and the API, as every
persona of the demo cast and anonymously, on objects of their own, of someone else and
of no one (the roles of docs/roles.md).

Each target below is one object (or none) and, route by route, the answer each persona
gets when it reads that route (GET), in the columns of COLUMNS: 200 it sees it, 403 it
sees the object but may not do this, 404 the object is not visible to it (its existence
is not leaked), 405 the route only takes writes, 302 a page sends an anonymous visitor to
the login page, 401 the API asks for credentials.

The routes that change something are listed in WRITES with the test that fires them as
every persona (the transition matrices, the upload, assignment and verification tests).
A URL pattern that is in neither fails `test_every_route_has_a_rule`: a new page or API
route cannot be added without saying who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from audit.models import Source
from cases.models import CaseStatus
from difficulties.codes import confirmation_token
from difficulties.demo import REPORTS
from difficulties.models import Administration, Difficulty, OnlineService, QuarterlyReport
from documents.models import Attachment, AttachmentKind, StoredDocument
from documents.uploads import store_attachment
from missions.choices import MissionStatus, NeedStatus
from missions.models import Availability, ProfessionalLicence
from observatory.exports.background import run_later
from observatory.models import Export, ExportFormat, ExportKind
from registry.models import Association, Expert
from registry.models.imports import ImportBatch
from tests.cases.builders import add_plan_item, make_case, make_referral, new_case
from tests.difficulties.builders import reported
from tests.matrix import PERSONAS
from tests.missions.builders import expert_of, host_of, make_mission, make_need
from tests.registry.test_import import csv_bytes, row, upload
from tests.workflows.builders import make_proposal, make_tranche
from workflows.models import Call
from workflows.models import ProposalStatus as S

ANONYMOUS = "anonymous"
COLUMNS = (*PERSONAS, ANONYMOUS)
HEADER = "par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def codes(row: str) -> dict[str, int]:
    """`"200 404 …"` read as {persona: expected answer}, one code per column of HEADER."""
    return dict(zip(COLUMNS, (int(code) for code in row.split()), strict=True))


def client(user: User | None, api: int) -> Client:
    web = APIClient() if api else Client()
    if user is not None:
        web.force_login(user)
    return web


# --- The objects ----------------------------------------------------------------------


def _attach(owner: Any, by: str, kind: str = AttachmentKind.OTHER) -> Attachment:
    upload = SimpleUploadedFile("piece.pdf", PDF, content_type="application/pdf")
    return store_attachment(
        owner=owner,
        upload=upload,
        kind=kind,
        by=User.objects.get(username=by),
        source=Source.WEB,
    )


def nothing() -> dict[str, Any]:
    return {}


def proposal(state: str, acronym: str = "ARKF") -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        made = make_proposal(state, association=Association.objects.get(acronym=acronym))
        return {"pk": made.pk}

    return build


def proposal_attachment() -> dict[str, Any]:
    made = make_proposal(S.UNDER_REVIEW)
    return {"pk": _attach(made, "assoc_paris").pk}


def agreement() -> dict[str, Any]:
    made = make_proposal(S.IN_EXECUTION)

    def document() -> StoredDocument:
        return StoredDocument.objects.get(object_id=made.pk, kind="agreement")

    return {
        "pk": lambda: document().pk,
        "sha256": lambda: document().sha256,
        "documents:regenerate": {"kind": "agreement", "object_id": made.pk},
    }


def tranche() -> dict[str, Any]:
    return {"pk": make_tranche("requested").pk}


def association(acronym: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"pk": Association.objects.get(acronym=acronym).pk}


def expert(embassy: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"pk": Expert.objects.filter(embassy__code=embassy).order_by("pk")[0].pk}


def open_call() -> dict[str, Any]:
    return {"pk": Call.objects.order_by("pk")[0].pk}


def import_batch() -> dict[str, Any]:
    """The officer's CSV of one association, previewed and not yet imported."""
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    data = csv_bytes([row("Association des Togolais de Lyon")])
    upload(officer, data)
    return {"pk": ImportBatch.objects.filter(uploaded_by__username="officer").latest("pk").pk}


def case(caseworker: str | None) -> Callable[[], dict[str, Any]]:
    """A case being assessed by `caseworker`, with one plan item (or a new unassigned one)."""

    def build() -> dict[str, Any]:
        if caseworker is None:
            return {"pk": new_case(User.objects.get(username="supervisor")).pk, "fmt": "json"}
        made = make_case(CaseStatus.ASSESSMENT, caseworker=caseworker)
        item = add_plan_item(made, User.objects.get(username=caseworker))
        return {"pk": made.pk, "item": item.pk, "item_pk": item.pk, "fmt": "json"}

    return build


def case_attachment() -> dict[str, Any]:
    """A piece attached to caseworker1's case: the page's download takes the piece's id,
    the API's the case's and the piece's."""
    made = make_case(CaseStatus.ASSESSMENT, caseworker="caseworker1")
    piece = _attach(made, "caseworker1").pk
    return {"pk": made.pk, "document": piece, "cases:attachment_download": {"pk": piece}}


def export_officer() -> dict[str, Any]:
    """The officer's export of the associations, written in the background."""
    made = Export.objects.create(
        kind=ExportKind.ASSOCIATIONS,
        format=ExportFormat.CSV,
        requested_by=User.objects.get(username="officer"),
    )
    run_later(made)
    return {"pk": made.pk}


def export(kind: str) -> Callable[[], dict[str, Any]]:
    """An export of the list `kind` (as CSV: the format by default)."""
    return lambda: {"kind": kind}


def referral() -> dict[str, Any]:
    return {"pk": make_referral().pk}


def mission() -> dict[str, Any]:
    """expert_paris's application to a need of the Université de Lomé, with a piece."""
    made = make_mission(MissionStatus.APPLIED)
    piece = _attach(made, "expert_paris").pk
    return {"pk": made.pk, "piece": piece, "missions:mission_attachment_download": {"pk": piece}}


def licence() -> dict[str, Any]:
    """A licence filed by expert_paris (Paris), waiting to be checked, with its scan."""
    made = ProfessionalLicence.objects.create(
        expert=expert_of("expert_paris"), country="FR", number="FR-1", profession="Médecin"
    )
    piece = _attach(made, "expert_paris").pk
    return {"pk": made.pk, "missions:licence_attachment_download": {"pk": piece}}


def need(state: str) -> Callable[[], dict[str, Any]]:
    """A need of the Université de Lomé in `state`, with a piece its host attached."""

    def build() -> dict[str, Any]:
        made = make_need(state, host="univ_lome")
        piece = _attach(made, "univ_lome").pk
        return {"pk": made.pk, "piece": piece, "missions:need_attachment_download": {"pk": piece}}

    return build


def mission_in(state: str) -> Callable[[], dict[str, Any]]:
    """expert_paris's mission on a need of the Université de Lomé, with a piece of its own."""

    def build() -> dict[str, Any]:
        made = make_mission(state, expert_user="expert_paris")
        return {"pk": made.pk, "piece": _attach(made, "expert_paris").pk}

    return build


def institution() -> dict[str, Any]:
    return {"pk": host_of("univ_lome").pk}


def mission_order() -> dict[str, Any]:
    """The mission order of expert_paris's approved mission at the Université de Lomé."""
    made = make_mission(MissionStatus.APPROVED)

    def document() -> StoredDocument:
        return StoredDocument.objects.for_owner(made).get(kind="mission_order")

    return {"pk": lambda: document().pk, "sha256": lambda: document().sha256}


def availability() -> dict[str, Any]:
    return {"pk": Availability.objects.filter(expert=expert_of("expert_paris"))[0].pk}


def difficulty(key: str) -> Callable[[], dict[str, Any]]:
    """One of the demo's reports (difficulties/demo.py: `waiting` and `answered` of the
    Paris jurisdiction, `desk` of a country no embassy covers), with a piece its
    handler attached; its tracking code for the public routes."""

    def build() -> dict[str, Any]:
        email = {key: email for key, *_fields, email in REPORTS}[key]
        made = Difficulty.objects.get(email=email)
        handler = "officer" if made.embassy_id is None else "focal_paris"
        piece = _attach(made, handler, AttachmentKind.EVIDENCE).pk
        return {
            "pk": made.pk,
            "piece": piece,
            "code": made.tracking_code,
            "tracking_code": made.tracking_code,
            "difficulties:attachment_download": {"pk": piece},
        }

    return build


def unconfirmed() -> dict[str, Any]:
    """A report just sent from the public form: its code and its confirmation link."""
    made = reported()
    code = made.tracking_code
    return {"pk": made.pk, "code": code, "token": confirmation_token(code), "tracking_code": code}


def online_service() -> dict[str, Any]:
    return {"pk": OnlineService.objects.order_by("position")[0].pk}


def administration() -> dict[str, Any]:
    return {"pk": Administration.objects.get(code="dgdn").pk}


def quarterly_report() -> dict[str, Any]:
    officer = User.objects.get(username="officer")
    return {"pk": QuarterlyReport.objects.create(year=2025, quarter=4, created_by=officer).pk}


@dataclass(frozen=True)
class Target:
    build: Callable[[], dict[str, Any]]
    routes: dict[str, str] = field(default_factory=dict)


# fmt: off
TARGETS: dict[str, Target] = {
    # No object: home, lists, queues, creation pages, the API's lists and its own pages.
    "nothing": Target(nothing, {
        #                                         par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "home":                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "favicon":                               "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "health":                                "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "tasks":                                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "login":                                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "logout":                                "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "password_change":                       "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "password_change_done":                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "set_language":                          "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "registry:association_list":             "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "registry:association_create":           "200 200 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "registry:expert_list":                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "registry:expert_create":                "403 403 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "registry:prefecture_options":           "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "registry:import_upload":                "403 403 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "workflows:call_list":                   "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "workflows:call_create":                 "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "workflows:proposal_list":               "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "workflows:proposal_create":             "200 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "workflows:rules_check":                 "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "workflows:prefecture_options":          "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "workflows:screening_queue":             "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "workflows:review_queue":                "403 403 403 200 200 200 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "workflows:committee_queue":             "403 403 200 403 403 403 200 403 403 403 403 403 200 403 403 403 403 200 302",
        "workflows:execution_queue":             "403 403 200 403 403 403 403 403 403 403 403 403 200 403 403 403 403 200 302",
        "workflows:finance_queue":               "403 403 403 403 403 403 403 200 403 403 403 403 200 403 403 403 403 200 302",
        "cases:case_list":                       "403 403 403 403 403 403 403 403 200 200 200 403 403 403 403 403 403 403 302",
        "cases:case_create":                     "403 403 403 403 403 403 403 403 200 200 200 403 403 403 403 403 403 403 302",
        "cases:decision_queue":                  "403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 302",
        "cases:caseload":                        "403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 302",
        "cases:prefecture_options":              "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "observatory:dashboard":                 "403 403 200 403 403 403 200 200 403 403 200 200 200 403 403 403 403 200 302",
        "documents:verify":                      "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:auth_token":                        "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "api:schema":                            "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:docs":                              "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:association-list":                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:expert-list":                       "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:call-list":                         "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:proposal-list":                     "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:case-list":                         "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:referral-list":                     "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:survey-indicator-list":             "403 403 403 403 403 403 403 403 200 200 200 403 403 403 403 403 403 403 401",
        "api:tasks":                             "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "api:not_found":                         "404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
        "POST logout":                           "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "POST set_language":                     "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "POST api:auth_token":                   "400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400",
        "POST workflows:rules_check":            "200 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST workflows:proposal_create":        "200 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST cases:case_create":                "403 403 403 403 403 403 403 403 400 400 400 403 403 403 403 403 403 403 302",
        "POST registry:association_create":      "200 200 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "POST registry:expert_create":           "403 403 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "POST workflows:call_create":            "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "POST registry:import_upload":           "403 403 400 403 403 403 403 403 403 403 403 400 403 403 403 403 403 400 302",
        "POST api:association-list":             "400 400 400 403 403 403 403 403 403 403 403 400 403 403 403 403 403 400 401",
        "POST api:expert-list":                  "403 403 400 403 403 403 403 403 403 403 403 400 403 403 403 403 403 400 401",
        "POST api:call-list":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "POST api:proposal-list":                "400 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 401",
        "POST api:case-list":                    "403 403 403 403 403 403 403 403 400 400 400 403 403 403 403 403 403 403 401",
        "POST api:referral-list":                "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "security_events":                       "403 403 403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 200 302",
        "api:audit":                             "403 403 403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 200 401",
        "api:stats-proposals":                   "403 403 200 403 403 403 200 200 403 403 403 200 200 403 403 403 403 200 401",
        "api:stats-cases":                       "403 403 200 403 403 403 200 200 403 403 200 200 200 403 403 403 403 200 401",
        "api:stats-diaspora":                    "403 403 200 403 403 403 200 200 403 403 200 200 200 403 403 403 403 200 401",
        "api:stats-missions":                    "403 403 200 403 403 403 200 200 403 403 403 200 200 403 403 403 403 200 401",
        "api:stats-difficulties":                "403 403 200 403 403 403 403 403 403 403 403 200 200 403 403 403 403 200 401",
        "two_factor_verify":                     "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "two_factor_setup":                      "403 403 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "POST two_factor_setup":                 "403 403 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "POST two_factor_verify":                "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
        "DELETE api:auth_token":                 "401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401 401",
        "observatory:export_list":               "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "missions:mission_list":                 "403 403 200 403 403 403 403 403 403 403 403 200 200 200 200 200 200 403 302",
        "missions:availability":                 "403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 200 403 302",
        "POST missions:availability":            "403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 400 400 403 302",
        "missions:licence_list":                 "403 403 200 403 403 403 403 403 403 403 403 403 200 403 403 200 200 403 302",
        "missions:licence_create":               "403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 200 403 302",
        "POST missions:licence_create":          "403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 400 400 403 302",
        "missions:expert_accounts":              "403 403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 200 302",
        "missions:need_list":                    "403 403 200 403 403 403 403 403 403 403 403 200 200 200 200 200 200 403 302",
        "missions:need_create":                  "403 403 403 403 403 403 403 403 403 403 403 403 403 200 200 403 403 403 302",
        "POST missions:need_create":             "403 403 403 403 403 403 403 403 403 403 403 403 403 400 400 403 403 403 302",
        "missions:institution_list":             "403 403 200 403 403 403 403 403 403 403 403 403 200 200 200 403 403 403 302",
        "missions:institution_create":           "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST missions:institution_create":      "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "api:mission-need-list":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "POST api:mission-need-list":            "403 403 403 403 403 403 403 403 403 403 403 403 403 400 400 403 403 403 401",
        "api:mission-list":                      "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "POST api:mission-list":                 "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 400 400 403 401",
        "difficulties:report":                   "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "POST difficulties:report":              "400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400",
        "difficulties:tracking_lookup":          "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "POST difficulties:tracking_lookup":     "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "difficulties:online_services":          "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "difficulties:online_service_create":    "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST difficulties:online_service_create":"403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "difficulties:list":                     "403 403 200 403 403 403 403 403 403 403 403 200 200 403 403 403 403 403 302",
        "difficulties:create":                   "403 403 200 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 302",
        "POST difficulties:create":              "403 403 400 403 403 403 403 403 403 403 403 400 403 403 403 403 403 403 302",
        "difficulties:report_list":              "403 403 200 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 302",
        "POST difficulties:report_list":         "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "difficulties:administration_list":      "403 403 200 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 302",
        "POST difficulties:administration_list": "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "api:difficulty-list":                   "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "POST api:difficulty-list":              "403 403 400 403 403 403 403 403 403 403 403 400 403 403 403 403 403 403 401",
        "api:public-difficulty-report":          "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "POST api:public-difficulty-report":     "400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400",
    }),
    # ARKF's draft: its association's own work (the superuser reads it).
    "draft_paris": Target(proposal(S.DRAFT), {
        #                          par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "workflows:proposal_detail":             "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 302",
        "workflows:proposal_edit":               "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 302",
        "workflows:review_form":                 "403 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 302",
        "api:proposal-detail":                   "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 401",
        "api:proposal-history":                  "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 401",
        "api:proposal-transitions":              "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 401",
        "api:proposal-documents":                "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 401",
        "api:proposal-attachments":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-reviews":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-tranches":                 "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200 401",
        "POST workflows:proposal_edit":          "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 302",
        "PATCH api:proposal-detail":             "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 401",
        "POST workflows:attachment_upload":      "400 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 302",
        "POST api:proposal-attachments":         "415 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403 401",
    }),
    # ARKF's proposal under review by evaluator1 and evaluator2.
    "under_review_paris": Target(proposal(S.UNDER_REVIEW), {
        #                          par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "workflows:proposal_detail":             "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 302",
        "workflows:proposal_edit":               "403 404 403 403 403 404 404 404 404 404 404 404 403 404 404 404 404 403 302",
        "workflows:review_form":                 "403 404 403 200 200 404 404 404 404 404 404 404 403 404 404 404 404 403 302",
        "api:proposal-detail":                   "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-history":                  "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-transitions":              "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-documents":                "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-attachments":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-reviews":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-tranches":                 "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "POST workflows:review_form":            "403 404 403 400 400 404 404 404 404 404 404 404 403 404 404 404 404 403 302",
        "POST workflows:attachment_upload":      "400 404 400 403 403 404 404 404 404 404 404 404 403 404 404 404 404 403 302",
        "POST api:proposal-reviews":             "403 404 403 400 400 404 404 404 404 404 404 404 403 404 404 404 404 403 401",
        "POST api:proposal-attachments":         "415 404 415 403 403 404 404 404 404 404 404 404 403 404 404 404 404 403 401",
        "PATCH api:proposal-detail":             "409 404 403 403 403 404 404 404 404 404 404 404 403 404 404 404 404 403 401",
    }),
    # DSSB's proposal in execution: committee and finance see it from approval on.
    "in_execution_brussels": Target(proposal(S.IN_EXECUTION, "DSSB"), {
        #                          par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "workflows:proposal_detail":             "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 302",
        "workflows:proposal_edit":               "404 403 403 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403 302",
        "workflows:review_form":                 "404 403 403 200 200 404 403 403 404 404 404 404 403 404 404 404 404 403 302",
        "api:proposal-detail":                   "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-history":                  "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-transitions":              "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-documents":                "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "api:proposal-attachments":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-reviews":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:proposal-tranches":                 "404 200 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
    }),
    # The first tranche of ARKF's proposal in execution, requested.
    "tranche": Target(tranche, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "api:tranche-detail":                    "200 404 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "api:tranche-transitions":               "200 404 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "PATCH api:tranche-detail":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
    }),
    # A piece uploaded to ARKF's proposal under review.
    "proposal_attachment": Target(proposal_attachment, {
        #                              par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "workflows:attachment_download":         "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 302",
        "api:attachment-detail":                 "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:attachment-download":               "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
    }),
    # The co-funding agreement of ARKF's proposal in execution.
    "agreement": Target(agreement, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "documents:download":                    "200 404 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 302",
        "documents:verify_hash":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:stored_document_download":          "200 404 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200 401",
        "POST documents:regenerate":             "403 404 302 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403 302",
    }),
    # ARKF, verified, in the Paris embassy's jurisdiction (evaluators, the committee and
    # finance see an association only through a proposal of it that they see).
    "verified_paris": Target(association("ARKF"), {
        #                            par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "registry:association_detail":           "200 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 200 302",
        "registry:association_edit":             "200 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 200 302",
        "api:association-detail":                "200 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 200 401",
        "api:association-history":               "200 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 200 401",
        "api:association-transitions":           "200 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 200 401",
        "POST registry:association_edit":        "200 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 200 302",
        "PATCH api:association-detail":          "200 404 200 404 404 404 404 404 404 404 404 200 403 404 404 404 404 200 401",
    }),
    # CFZA, waiting for the Brussels embassy's verification.
    "pending_brussels": Target(association("CFZA"), {
        #                            par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "registry:association_detail":           "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200 302",
        "registry:association_edit":             "404 404 200 404 404 404 404 404 404 404 404 404 403 404 404 404 404 200 302",
        "api:association-detail":                "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:association-history":               "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "api:association-transitions":           "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200 401",
        "POST registry:association_edit":        "404 404 200 404 404 404 404 404 404 404 404 404 403 404 404 404 404 200 302",
        "PATCH api:association-detail":          "404 404 200 404 404 404 404 404 404 404 404 404 403 404 404 404 404 200 401",
    }),
    # An expert of the Paris embassy's jurisdiction.
    "expert_paris": Target(expert("paris"), {
        #                       par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "registry:expert_detail":                "404 404 200 200 200 200 200 200 200 200 200 200 200 404 404 404 404 200 302",
        "registry:expert_edit":                  "404 404 200 403 403 403 403 403 403 403 403 200 403 404 404 404 404 200 302",
        "api:expert-detail":                     "404 404 200 200 200 200 200 200 200 200 200 200 200 404 404 404 404 200 401",
        "POST registry:expert_edit":             "404 404 200 403 403 403 403 403 403 403 403 200 403 404 404 404 404 200 302",
        "PATCH api:expert-detail":               "404 404 200 403 403 403 403 403 403 403 403 200 403 404 404 404 404 200 401",
    }),
    # An expert of the Brussels embassy's jurisdiction.
    "expert_brussels": Target(expert("bruxelles"), {
        #                       par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "registry:expert_detail":                "404 404 200 200 200 200 200 200 200 200 200 404 200 404 404 404 404 200 302",
        "registry:expert_edit":                  "404 404 200 403 403 403 403 403 403 403 403 404 403 404 404 404 404 200 302",
        "api:expert-detail":                     "404 404 200 200 200 200 200 200 200 200 200 404 200 404 404 404 404 200 401",
        "POST registry:expert_edit":             "404 404 200 403 403 403 403 403 403 403 403 404 403 404 404 404 404 200 302",
        "PATCH api:expert-detail":               "404 404 200 403 403 403 403 403 403 403 403 404 403 404 404 404 404 200 401",
    }),
    # The open call.
    "call": Target(open_call, {
        #                      par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "workflows:call_detail":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "workflows:call_edit":                   "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "api:call-detail":                       "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        "POST workflows:call_edit":              "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200 302",
        "PATCH api:call-detail":                 "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
    }),
    # The officer's previewed CSV import (no one else's).
    "import_batch": Target(import_batch, {
        #                        par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "registry:import_preview":               "403 403 200 403 403 403 403 403 403 403 403 404 403 403 403 403 403 404 302",
        "POST registry:import_preview":          "403 403 302 403 403 403 403 403 403 403 403 404 403 403 403 403 403 404 302",
    }),
    # caseworker1's case being assessed, with a plan item.
    "case_caseworker1": Target(case("caseworker1"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "cases:case_detail":                     "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 302",
        "cases:case_edit":                       "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404 302",
        "cases:assessment_form":                 "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404 302",
        "cases:plan_builder":                    "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404 302",
        "cases:referral_create":                 "404 404 404 404 404 404 404 404 302 404 403 404 404 404 404 404 404 404 302",
        "cases:follow_up_create":                "404 404 404 404 404 404 404 404 302 404 403 404 404 404 404 404 404 404 302",
        "api:case-detail":                       "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "api:case-assessment":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-attachments":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-documents":                    "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "api:case-follow-ups":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-history":                      "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "api:case-plan-items":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-plan-item":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-referrals":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-transitions":                  "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "POST cases:case_edit":                  "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 302",
        "POST cases:assessment_form":            "404 404 404 404 404 404 404 404 302 404 403 404 404 404 404 404 404 404 302",
        "POST cases:plan_builder":               "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 302",
        "POST cases:referral_create":            "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 302",
        "POST cases:follow_up_create":           "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 302",
        "POST cases:case_assign":                "404 404 404 404 404 404 404 404 403 404 400 404 404 404 404 404 404 404 302",
        "POST cases:attachment_upload":          "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 302",
        "PUT api:case-assessment":               "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-plan-items":              "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-referrals":               "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-follow-ups":              "404 404 404 404 404 404 404 404 400 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-transfer":                "404 404 404 404 404 404 404 404 403 404 400 404 404 404 404 404 404 404 401",
        "POST api:case-attachments":             "404 404 404 404 404 404 404 404 415 404 403 404 404 404 404 404 404 404 401",
        "PATCH api:case-detail":                 "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404 401",
        "POST cases:plan_item_delete":           "404 404 404 404 404 404 404 404 302 404 403 404 404 404 404 404 404 404 302",
        "DELETE api:case-plan-item":             "404 404 404 404 404 404 404 404 204 404 403 404 404 404 404 404 404 404 401",
        "PATCH api:case-plan-item":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "cases:case_export":                     "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 302",
        "cases:case_erase":                      "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404 302",
        "api:case-export":                       "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "POST cases:case_erase":                 "404 404 404 404 404 404 404 404 403 404 302 404 404 404 404 404 404 404 302",
        "POST api:case-erase":                   "404 404 404 404 404 404 404 404 403 404 409 404 404 404 404 404 404 404 401",
    }),
    # caseworker2's case being assessed, with a plan item.
    "case_caseworker2": Target(case("caseworker2"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "cases:case_detail":                     "404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 404 404 302",
        "cases:case_edit":                       "404 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 404 302",
        "cases:assessment_form":                 "404 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 404 302",
        "cases:plan_builder":                    "404 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 404 302",
        "cases:referral_create":                 "404 404 404 404 404 404 404 404 404 302 403 404 404 404 404 404 404 404 302",
        "cases:follow_up_create":                "404 404 404 404 404 404 404 404 404 302 403 404 404 404 404 404 404 404 302",
        "api:case-detail":                       "404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 404 404 401",
        "api:case-assessment":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-attachments":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-documents":                    "404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 404 404 401",
        "api:case-follow-ups":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-history":                      "404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 404 404 401",
        "api:case-plan-items":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-plan-item":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-referrals":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-transitions":                  "404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 404 404 401",
        "POST cases:case_edit":                  "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 302",
        "POST cases:assessment_form":            "404 404 404 404 404 404 404 404 404 302 403 404 404 404 404 404 404 404 302",
        "POST cases:plan_builder":               "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 302",
        "POST cases:referral_create":            "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 302",
        "POST cases:follow_up_create":           "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 302",
        "POST cases:case_assign":                "404 404 404 404 404 404 404 404 404 403 400 404 404 404 404 404 404 404 302",
        "POST cases:attachment_upload":          "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 302",
        "PUT api:case-assessment":               "404 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 404 401",
        "POST api:case-plan-items":              "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 401",
        "POST api:case-referrals":               "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 401",
        "POST api:case-follow-ups":              "404 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 404 404 401",
        "POST api:case-transfer":                "404 404 404 404 404 404 404 404 404 403 400 404 404 404 404 404 404 404 401",
        "POST api:case-attachments":             "404 404 404 404 404 404 404 404 404 415 403 404 404 404 404 404 404 404 401",
        "PATCH api:case-detail":                 "404 404 404 404 404 404 404 404 404 200 403 404 404 404 404 404 404 404 401",
        "POST cases:plan_item_delete":           "404 404 404 404 404 404 404 404 404 302 403 404 404 404 404 404 404 404 302",
        "DELETE api:case-plan-item":             "404 404 404 404 404 404 404 404 404 204 403 404 404 404 404 404 404 404 401",
        "PATCH api:case-plan-item":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
    }),
    # A case registered by the supervisor, assigned to no one.
    "case_unassigned": Target(case(None), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "cases:case_detail":                     "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 302",
        "cases:case_edit":                       "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "cases:assessment_form":                 "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "cases:plan_builder":                    "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "cases:referral_create":                 "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "cases:follow_up_create":                "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "api:case-detail":                       "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 401",
        "api:case-assessment":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-attachments":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-documents":                    "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 401",
        "api:case-follow-ups":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-history":                      "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 401",
        "api:case-plan-items":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-referrals":                    "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:case-transitions":                  "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 401",
        "POST cases:case_edit":                  "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "POST cases:assessment_form":            "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "POST cases:plan_builder":               "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "POST cases:referral_create":            "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "POST cases:follow_up_create":           "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "POST cases:case_assign":                "404 404 404 404 404 404 404 404 404 404 400 404 404 404 404 404 404 404 302",
        "POST cases:attachment_upload":          "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 302",
        "PUT api:case-assessment":               "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-plan-items":              "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-referrals":               "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-follow-ups":              "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "POST api:case-transfer":                "404 404 404 404 404 404 404 404 404 404 400 404 404 404 404 404 404 404 401",
        "POST api:case-attachments":             "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "PATCH api:case-detail":                 "404 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 404 404 401",
        "cases:case_export":                     "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 302",
        "cases:case_erase":                      "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 302",
        "api:case-export":                       "404 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 404 404 401",
        "POST cases:case_erase":                 "404 404 404 404 404 404 404 404 404 404 302 404 404 404 404 404 404 404 302",
        "POST api:case-erase":                   "404 404 404 404 404 404 404 404 404 404 409 404 404 404 404 404 404 404 401",
    }),
    # A piece attached to caseworker1's case.
    "case_attachment": Target(case_attachment, {
        #                          par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "cases:attachment_download":             "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 302",
        "api:case-document-download":            "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
    }),
    # The officer's export, written: only the officer sees it.
    "export_officer": Target(export_officer, {
        #                    par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "observatory:export_detail":             "404 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 302",
        "observatory:export_download":           "404 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 302",
        "api:export-job":                        "404 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 401",
        "api:export-job-download":               "404 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 401",
    }),
    # A referral sent for caseworker1's case.
    "referral": Target(referral, {
        #                    par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "api:referral-detail":                   "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "api:referral-transitions":              "404 404 404 404 404 404 404 404 200 404 200 404 404 404 404 404 404 404 401",
        "PATCH api:referral-detail":             "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
    }),
    # The exports of the lists, as CSV.
    "export_proposals": Target(export("proposals"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "observatory:export":                    "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "api:export":                            "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
    }),
    "export_cases": Target(export("cases"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "observatory:export":                    "403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 302",
        "api:export":                            "403 403 403 403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 401",
    }),
    "export_associations": Target(export("associations"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "observatory:export":                    "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 302",
        "api:export":                            "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
    }),
    "export_experts": Target(export("experts"), {
        #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "observatory:export":                    "403 403 200 200 200 200 200 200 200 200 200 200 200 403 403 403 403 200 302",
        "api:export":                            "403 403 200 200 200 200 200 200 200 200 200 200 200 403 403 403 403 200 401",
    }),
    # expert_paris's application to a need of the Université de Lomé, with a piece.
    "mission": Target(mission, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "missions:mission_detail":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 302",
        "POST missions:mission_attach":          "404 404 403 404 404 404 404 404 404 404 404 403 403 400 404 400 404 404 302",
        "missions:mission_attachment_download":  "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 302",
        "api:mission-detail":                    "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "PATCH api:mission-detail":              "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 401",
        "api:mission-history":                   "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-transitions":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-documents":                 "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-attachments":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "POST api:mission-attachments":          "404 404 403 404 404 404 404 404 404 404 404 403 403 415 404 415 404 404 401",
        "api:mission-attachment-download":       "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
    }),
    # expert_paris's mission under way at the Université de Lomé.
    "mission_in_progress": Target(mission_in("in_progress"), {
        #                          par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "api:mission-detail":                    "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-history":                   "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-transitions":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-documents":                 "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-attachments":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "api:mission-attachment-download":       "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "POST api:mission-attachments":          "404 404 403 404 404 404 404 404 404 404 404 403 403 415 404 415 404 404 401",
        "missions:mission_detail":               "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 302",
    }),
    # A licence of expert_paris, to check, with its scan.
    "licence": Target(licence, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "missions:licence_detail":               "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 200 404 404 302",
        "missions:licence_attachment_download":  "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 200 404 404 302",
    }),
    # A draft need of the Université de Lomé, with a piece: its host's own work.
    "need_draft": Target(need(NeedStatus.DRAFT), {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "missions:need_detail":                  "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 302",
        "missions:need_edit":                    "404 404 403 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404 302",
        "POST missions:need_edit":               "404 404 403 404 404 404 404 404 404 404 404 404 403 400 404 404 404 404 302",
        "missions:need_attach":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST missions:need_attach":             "404 404 400 404 404 404 404 404 404 404 404 404 403 400 404 404 404 404 302",
        "missions:need_attachment_download":     "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 302",
        "missions:need_apply":                   "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404 302",
        "POST missions:need_apply":              "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404 302",
        "missions:need_candidates":              "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404 302",
        "missions:need_invite":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST missions:need_invite":             "404 404 400 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404 302",
        "api:mission-need-detail":               "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 401",
        "PATCH api:mission-need-detail":         "404 404 403 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404 401",
        "api:mission-need-history":              "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 401",
        "api:mission-need-transitions":          "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 401",
        "api:mission-need-attachments":          "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 401",
        "POST api:mission-need-attachments":     "404 404 415 404 404 404 404 404 404 404 404 404 403 415 404 404 404 404 401",
        "api:mission-need-candidates":           "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404 401",
        "api:mission-need-attachment-download":  "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 401",
    }),
    # A published need of the Université de Lomé, with a piece: experts see it and apply.
    "need_published": Target(need(NeedStatus.PUBLISHED), {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "missions:need_detail":                  "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 302",
        "missions:need_edit":                    "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 403 403 404 302",
        "POST missions:need_edit":               "404 404 403 404 404 404 404 404 404 404 404 404 403 302 404 403 403 404 302",
        "missions:need_attach":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST missions:need_attach":             "404 404 400 404 404 404 404 404 404 404 404 404 403 400 404 403 403 404 302",
        "missions:need_attachment_download":     "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 302",
        "missions:need_apply":                   "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 200 200 404 302",
        "POST missions:need_apply":              "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 302 302 404 302",
        "missions:need_candidates":              "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 403 403 404 302",
        "missions:need_invite":                  "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST missions:need_invite":             "404 404 400 404 404 404 404 404 404 404 404 404 403 403 404 403 403 404 302",
        "api:mission-need-detail":               "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 401",
        "PATCH api:mission-need-detail":         "404 404 403 404 404 404 404 404 404 404 404 404 403 403 404 403 403 404 401",
        "api:mission-need-history":              "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 401",
        "api:mission-need-transitions":          "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 401",
        "api:mission-need-attachments":          "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 401",
        "POST api:mission-need-attachments":     "404 404 415 404 404 404 404 404 404 404 404 404 403 415 404 403 403 404 401",
        "api:mission-need-candidates":           "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 403 403 404 401",
        "api:mission-need-attachment-download":  "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 200 200 404 401",
    }),
    # The Université de Lomé: its members and the officers.
    "institution": Target(institution, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "missions:institution_detail":           "404 404 200 404 404 404 404 404 404 404 404 404 200 200 404 404 404 404 302",
        "missions:institution_edit":             "404 404 200 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404 302",
        "POST missions:institution_edit":        "404 404 400 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404 302",
    }),
    # The mission order of expert_paris's approved mission at the Université de Lomé.
    "mission_order": Target(mission_order, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "documents:download":                    "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 302",
        "api:stored_document_download":          "404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 200 404 404 401",
        "documents:verify_hash":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    }),
    # One of expert_paris's availability windows: only the expert removes it.
    "availability": Target(availability, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "POST missions:availability_delete":     "403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302 404 403 302",
    }),
    # The demo's report waiting for the Paris focal point, with a piece: its handlers
    # (and the auditor) see it, and anyone with its code follows it.
    "difficulty_paris": Target(difficulty("waiting"), {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:detail":                   "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 302",
        "difficulties:attach":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST difficulties:attach":              "404 404 400 404 404 404 404 404 404 404 404 400 403 404 404 404 404 404 302",
        "difficulties:attachment_download":      "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 302",
        "api:difficulty-detail":                 "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 401",
        "api:difficulty-history":                "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 401",
        "api:difficulty-transitions":            "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 401",
        "api:difficulty-attachments":            "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 401",
        "POST api:difficulty-attachments":       "404 404 415 404 404 404 404 404 404 404 404 415 403 404 404 404 404 404 401",
        "api:difficulty-attachment-download":    "404 404 200 404 404 404 404 404 404 404 404 200 200 404 404 404 404 404 401",
        "difficulties:tracking":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "POST difficulties:tracking":            "409 409 403 409 409 409 409 409 409 409 409 403 403 409 409 409 409 409 409",
        "api:public-difficulty-tracking":        "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:public-difficulty-feedback":        "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "POST api:public-difficulty-feedback":   "400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400",
    }),
    # The demo's report of Senegal, which no embassy covers: the officers' desk.
    "difficulty_desk": Target(difficulty("desk"), {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:detail":                   "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 302",
        "difficulties:attach":                   "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 302",
        "POST difficulties:attach":              "404 404 400 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 302",
        "difficulties:attachment_download":      "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 302",
        "api:difficulty-detail":                 "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 401",
        "api:difficulty-history":                "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 401",
        "api:difficulty-transitions":            "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 401",
        "api:difficulty-attachments":            "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 401",
        "POST api:difficulty-attachments":       "404 404 415 404 404 404 404 404 404 404 404 404 403 404 404 404 404 404 401",
        "api:difficulty-attachment-download":    "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 401",
    }),
    # The demo's answered report: its reporter's word is awaited, with the code.
    "difficulty_answered": Target(difficulty("answered"), {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:tracking":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "POST difficulties:tracking":            "400 400 403 400 400 400 400 400 400 400 400 403 403 400 400 400 400 400 400",
        "api:public-difficulty-tracking":        "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:public-difficulty-feedback":        "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        "POST api:public-difficulty-feedback":   "400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400",
    }),
    # A report just sent, waiting for its link: the « check your mailbox » page and the
    # link's page; the register does not show it.
    "difficulty_unconfirmed": Target(unconfirmed, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:reported":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "difficulties:confirm":                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "POST difficulties:confirm":             "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "difficulties:tracking":                 "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "api:public-difficulty-tracking":        "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        "difficulties:detail":                   "404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 302",
        "api:difficulty-detail":                 "404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 401",
    }),
    # An online service of « Démarches en ligne »: officers keep them.
    "online_service": Target(online_service, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:online_service_edit":      "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST difficulties:online_service_edit": "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
    }),
    # An administration reports are referred to: officers keep them.
    "administration": Target(administration, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:administration_edit":      "403 403 200 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
        "POST difficulties:administration_edit": "403 403 400 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 302",
    }),
    # A quarterly report of the register: the officers and the auditors read it.
    "quarterly_report": Target(quarterly_report, {
        #                   par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm ano
        "difficulties:report_detail":            "404 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 404 302",
    }),
}
# fmt: on

# Routes that change something, and the tests that fire them as every persona.
WRITES: dict[str, str] = {
    "workflows:proposal_transition": "tests/workflows/test_transition_matrix.py",
    "workflows:tranche_transition": "tests/workflows/test_transition_matrix.py",
    "api:proposal-fire": "tests/workflows/test_transition_matrix.py",
    "api:tranche-fire": "tests/workflows/test_transition_matrix.py",
    "cases:case_transition": "tests/cases/test_transition_matrix.py",
    "cases:referral_transition": "tests/cases/test_transition_matrix.py",
    "api:case-fire": "tests/cases/test_transition_matrix.py",
    "api:referral-fire": "tests/cases/test_transition_matrix.py",
    "registry:association_verify": "tests/registry/test_verification.py",
    "registry:association_reject": "tests/registry/test_verification.py",
    "api:association-fire": "tests/api/test_association_transitions.py",
    "missions:need_transition": "tests/missions/test_transition_matrix.py",
    "missions:mission_transition": "tests/missions/test_transition_matrix.py",
    "missions:licence_transition": "tests/missions/test_transition_matrix.py",
    "api:mission-need-fire": "tests/missions/test_transition_matrix.py",
    "api:mission-fire": "tests/missions/test_transition_matrix.py",
    "missions:expert_account_verify": "tests/missions/test_pages_missions_experts.py",
    "difficulties:transition": "tests/difficulties/test_transition_matrix.py",
    "api:difficulty-fire": "tests/difficulties/test_transition_matrix.py",
}


# --- The rules' own checks ------------------------------------------------------------


def every_route() -> set[str]:
    """Every named URL pattern but the administration site's (tests/test_admin.py)."""

    def walk(resolver: URLResolver, namespace: str) -> Any:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, inner)
            else:
                yield f"{namespace}{pattern.name}"

    return {name for name in walk(get_resolver(), "") if not name.startswith("admin:")}


def ruled() -> dict[str, int]:
    counted: dict[str, int] = {}
    for target in TARGETS.values():
        for rule in target.routes:
            route = rule.rpartition(" ")[2]
            counted[route] = counted.get(route, 0) + 1
    for route in WRITES:
        counted[route] = counted.get(route, 0) + 1
    return counted


def test_every_route_has_a_rule() -> None:
    counted = ruled()
    assert sorted(every_route() - set(counted)) == [], "routes nobody said who may reach"
    assert sorted(set(counted) - every_route()) == [], "rules of routes that no longer exist"


def test_the_writes_name_tests_that_exist() -> None:
    root = Path(__file__).parent
    for route, where in WRITES.items():
        module = where.split("::")[0]
        assert (root.parent / module).is_file(), f"{route}: {module} does not exist"


def url(route: str, kwargs: dict[str, Any]) -> str:
    """The address of `route` for the target's object: the target's own arguments for
    that route if it gives them, else the first of its arguments the route takes."""
    from django.urls import get_resolver as resolver_of

    if isinstance(kwargs.get(route), dict):
        return reverse(route, kwargs=kwargs[route])
    names = [key for key, value in kwargs.items() if not isinstance(value, dict)]
    for size in range(len(names), -1, -1):
        for keys in _subsets(names, size):
            try:
                return reverse(route, kwargs={key: kwargs[key] for key in keys})
            except Exception:
                continue
    raise AssertionError(f"{route}: no URL from {kwargs} ({resolver_of()})")


def _subsets(names: list[str], size: int) -> list[tuple[str, ...]]:
    from itertools import combinations

    return list(combinations(names, size))


def answer(web: Client, method: str, address: str, api: int) -> int:
    """The status of one request; a write is undone at once, so that the next persona
    finds the object as it was."""
    if method == "GET":
        return web.get(address).status_code
    with transaction.atomic():
        send = getattr(web, method.lower())
        response = send(address, {}, format="json") if api else send(address, {})
        transaction.set_rollback(True)
    return response.status_code


def answers(target: Target, capture: Any) -> dict[tuple[str, str], int]:
    """What each persona gets on each route of `target` (its documents made first)."""
    with capture(execute=True):
        made = target.build()
    # What exists only once the after-commit work is done (the documents) is read now.
    kwargs = {key: value() if callable(value) else value for key, value in made.items()}
    users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
    clients = {
        (persona, api): client(users.get(persona), api) for persona in COLUMNS for api in (0, 1)
    }
    got = {}
    for rule in target.routes:
        method, _, route = rule.rpartition(" ")
        address = url(route, kwargs)
        api = int(route.startswith("api:"))
        for persona in COLUMNS:
            # Logging out ends the client's session: it gets a client of its own.
            web = client(users.get(persona), api) if route == "logout" else clients[(persona, api)]
            got[(rule, persona)] = answer(web, method or "GET", address, api)
    return got


# Every persona asks every route in one test: access is checked here, not rates.
@pytest.mark.usefixtures("rates_lifted")
@pytest.mark.parametrize("name", list(TARGETS))
def test_each_persona_reaches_what_its_role_allows(
    cast: Any, django_capture_on_commit_callbacks: Any, name: str
) -> None:
    target = TARGETS[name]
    got = answers(target, django_capture_on_commit_callbacks)
    expected = {
        (route, persona): code
        for route, row in target.routes.items()
        for persona, code in codes(row).items()
    }
    assert got == expected

"""The returnee cases' part of `manage.py seed_scale` (see `processes.scale`).

One case per branch of the lifecycle is registered by the demo supervisor for
caseworker1 and moved on through the services (assessment, plan, approval, referrals
sent, accepted, declined and completed, follow-up visits, closure); after each step
that ends a scenario, its rows are kept as they are then and copied as many times as
the scenario's share of `--cases` asks. A copy belongs to caseworker1 (two fifths),
caseworker2 (three tenths) or one of four more caseworkers made here, who stands in
for caseworker1 everywhere (tasks, history, the « assigned to » facts); it gets a
person, a region and a prefecture of its own, and its dates move back by up to two
years. Not copied: the stored reintegration-plan PDFs (`regenerate_documents` makes
the missing ones).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from accounts.roles import Role
from audit.models import HistoryEntry, Source
from cases import services
from cases.models import (
    Assessment,
    Case,
    CaseProcess,
    FollowUp,
    PlanItem,
    Referral,
    SurveyIndicator,
)
from processes.scale import (
    Copier,
    Copy,
    ScaleContext,
    Scenario,
    Template,
    branches,
    bulk_users,
    drawn,
    person_names,
    walk,
)
from registry.models import Prefecture

SOURCE = Source.WEB
MODELS = [
    Case,
    Assessment,
    PlanItem,
    Referral,
    FollowUp,
    Process,
    CaseProcess,
    Task,
    Task.previous.through,
    HistoryEntry,
]
FIRST_NAMES = {
    "M": ["Kossi", "Komlan", "Yao", "Kodjo", "Edem", "Koffi", "Mawuli", "Sélom"],
    "F": ["Ama", "Akossiwa", "Afi", "Abla", "Dzifa", "Enyonam", "Yawa", "Kafui"],
}
LAST_NAMES = ["Mensah", "Agbodjan", "Lawson", "Amegah", "Kpodar", "Tchalla", "Ayivi", "Dogbe"]
COUNTRIES = ["LY", "NE", "DZ", "MA", "FR", "IT", "GA", "CI"]
# caseworker1 and caseworker2 take these shares; the caseworkers made here the rest.
SHARES = {"caseworker1": 0.4, "caseworker2": 0.3}
MORE_CASEWORKERS = 4


def _intake(supervisor: User, caseworker: User) -> Case:
    prefecture = Prefecture.objects.select_related("region").order_by("pk").first()
    return services.case_create(
        by=supervisor,
        source=SOURCE,
        caseworker=caseworker.username,
        first_name="Kossi",
        last_name="Mensah",
        sex="M",
        birth_year=1990,
        phone="+228 90 11 22 33",
        return_date=timezone.localdate() - datetime.timedelta(days=30),
        returned_from="LY",
        return_type="assisted",
        region=prefecture.region,  # type: ignore[union-attr]
        prefecture=prefecture,
        consent_given=True,
        vulnerabilities=["medical"],
        health_notes="Blessure à la main mal soignée.",
        immediate_needs="Hébergement pour deux semaines.",
    )


def _steps(supervisor: User, worker: User) -> dict[str, Callable[[Case], Any]]:
    """Each step of a case's life, fired through its service by the one whose job it is."""
    today = timezone.localdate()

    def referral(case: Case, step: str) -> Any:
        sent = Referral.objects.filter(case=case).order_by("-pk").first()
        if step == "accept":
            return services.referral_accept(referral=sent, by=worker, source=SOURCE)
        if step == "decline":
            return services.referral_decline(
                referral=sent, by=worker, source=SOURCE, note="Le prestataire est complet."
            )
        return services.referral_complete(
            referral=sent, by=worker, source=SOURCE, outcome="Prestation réalisée."
        )

    def assess(case: Case) -> Any:
        services.assessment_save(
            case=case,
            by=worker,
            source=SOURCE,
            economic_notes="Ancien maçon ; veut reprendre un chantier.",
            social_notes="Vit chez sa sœur.",
            psychosocial_notes="Sommeil difficile depuis le retour.",
            skills="Maçonnerie, carrelage.",
            complete=True,
        )
        return services.plan_item_add(
            case=case,
            by=worker,
            source=SOURCE,
            dimension="economic",
            kind="business",
            provider="Chambre des métiers",
            budget=300_000,
            target_date=today + datetime.timedelta(days=60),
            description="Outillage de maçon.",
        )

    def visit(case: Case) -> Any:
        codes = SurveyIndicator.objects.filter(active=True).values_list("code", flat=True)
        return services.follow_up_record(
            case=case, by=worker, source=SOURCE, visit_date=today, answers=dict.fromkeys(codes, "1")
        )

    def fire(function: Callable[..., Any], by: User, **inputs: Any) -> Callable[[Case], Any]:
        return lambda case: function(case=case, by=by, source=SOURCE, **inputs)

    return {
        "start": fire(services.case_start_assessment, worker),
        "assess": assess,
        "submit": fire(services.case_submit_plan, worker),
        "return": fire(services.case_return_plan, supervisor, comment="Chiffrez le plan."),
        "approve": fire(services.case_approve_plan, supervisor),
        "refer": fire(
            services.referral_create,
            worker,
            service="health",
            provider="Centre hospitalier régional",
            due_date=today + datetime.timedelta(days=14),
            note="Consultation.",
        ),
        "accept": lambda case: referral(case, "accept"),
        "decline": lambda case: referral(case, "decline"),
        "deliver": lambda case: referral(case, "complete"),
        "visit": visit,
        "follow": fire(services.case_start_follow_up, worker),
        "close": fire(services.case_request_closure, worker, reason="plan_achieved"),
        "refuse": fire(services.case_refuse_closure, supervisor, comment="Une visite encore."),
        "closed": fire(services.case_approve_closure, supervisor),
    }


PLANNED = ("start", "assess", "submit")
SUPPORTED = (*PLANNED, "approve")
FOLLOWED = (*SUPPORTED, "refer", "accept", "deliver", "visit", "follow")
# Each scenario: its name, its share (in parts of the sum), its steps after the intake.
SCENARIOS: list[Scenario] = [
    ("registered", 8, ()),
    ("assessment", 8, ("start",)),
    ("assessed", 4, ("start", "assess")),
    ("plan_submitted", 8, PLANNED),
    ("plan_returned", 3, (*PLANNED, "return")),
    ("in_support", 8, SUPPORTED),
    ("referral_sent", 8, (*SUPPORTED, "refer")),
    ("referral_accepted", 6, (*SUPPORTED, "refer", "accept")),
    ("referral_declined", 4, (*SUPPORTED, "refer", "decline")),
    ("visited", 6, FOLLOWED[:-1]),
    ("follow_up", 10, FOLLOWED),
    ("closure_requested", 6, (*FOLLOWED, "close")),
    ("closure_refused", 2, (*FOLLOWED, "close", "refuse")),
    ("closed", 19, (*FOLLOWED, "close", "closed")),
]


def _templates(supervisor: User, worker: User) -> list[Template]:
    """The scenarios' rows, one case walking each branch (`processes.scale.walk`)."""
    steps = _steps(supervisor, worker)
    return walk(SCENARIOS, MODELS, lambda: _intake(supervisor, worker), steps, {worker.pk})


def _caseworkers(password: str) -> list[tuple[int, float]]:
    """(caseworker, share): the demo's two, and more made here."""
    more = bulk_users(
        [
            (f"worker_{n}", FIRST_NAMES["F"][n], LAST_NAMES[n])
            for n in range(1, MORE_CASEWORKERS + 1)
        ],
        Role.CELL_CASEWORKER,
        password,
    )
    demo = {u.username: u.pk for u in User.objects.filter(username__in=SHARES)}
    rest = (1 - sum(SHARES.values())) / len(more)
    return [(demo[name], share) for name, share in SHARES.items()] + [(u.pk, rest) for u in more]


def _copies(
    context: ScaleContext,
    count: int,
    templates: list[Template],
    caseworkers: list[tuple[int, float]],
) -> Iterator[tuple[Template, Copy]]:
    rng = context.rng
    ids = [pk for pk, _share in caseworkers]
    names = person_names(ids)
    places = list(Prefecture.objects.values_list("pk", "region_id"))
    today = timezone.localdate()
    for template in drawn(rng, templates, SCENARIOS, count):
        worker = rng.choices(ids, weights=[share for _pk, share in caseworkers])[0]
        prefecture, region = rng.choice(places)
        sex = rng.choice("MF")
        shift = rng.randint(0, 730)
        year = (today - datetime.timedelta(days=shift)).year
        yield (
            template,
            Copy(
                shift_days=shift,
                users=dict.fromkeys(template.actors, worker),
                names=names,
                values={
                    Case: {
                        "first_name": rng.choice(FIRST_NAMES[sex]),
                        "last_name": rng.choice(LAST_NAMES),
                        "sex": sex,
                        "birth_year": rng.randint(1960, 2005),
                        "phone": f"+228 9{rng.randint(0, 9)} {rng.randint(10, 99)} "
                        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                        "returned_from": rng.choice(COUNTRIES),
                        "region_id": region,
                        "prefecture_id": prefecture,
                        "reference": lambda pk, year=year: f"CAS-{year}-{pk:05d}",
                    }
                },
            ),
        )


def seed(context: ScaleContext) -> None:
    if context.cases <= len(branches(SCENARIOS)):
        context.say("Dossiers : trop peu demandés pour les copier ; aucun ajouté.")
        return
    people = {
        u.username: u for u in User.objects.filter(username__in=["supervisor", "caseworker1"])
    }
    context.say(
        f"Dossiers : {len(branches(SCENARIOS))} menés par les services à travers chaque étape…"
    )
    templates = _templates(people["supervisor"], people["caseworker1"])
    caseworkers = _caseworkers(context.password)
    wanted = context.cases - len(branches(SCENARIOS))
    written = Copier(MODELS).write(
        _copies(context, wanted, templates, caseworkers),
        progress=lambda done: context.say(f"Dossiers : {done} / {wanted} copiés."),
    )
    context.say(f"Dossiers : {written + len(branches(SCENARIOS))} ajoutés.")

"""The proposals' part of `manage.py seed_scale` (see `processes.scale`).

One proposal per scenario is brought to its state through the services, by the demo
cast (assoc_paris files, the officer screens, evaluator1 and evaluator2 review, the
committee decides, finance pays), on the demo call; its rows are then copied as many
times as the scenario's share of `--proposals` asks. A copy belongs to one of the
registry's associations (ARKF, assoc_paris's, the largest share: `registry.scale`), its
member standing in for assoc_paris; it gets a title, sector, region and prefecture of
its own. Proposals that reached a decision are moved to the calls of the four
previous years (made here through the service), their history a year or more back; the
others stay on the demo call, of a few weeks. Each call's committed amount grows by
its copies' grants less what they released, as the services count it.

Not copied: the stored agreement PDFs (each is unique: its SHA-256 and verification
code); `manage.py regenerate_documents` makes the missing ones. A completed proposal's
final report is copied as a row pointing at the same stored file (files are stored
by their SHA-256).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.utils import timezone

from audit.models import HistoryEntry, Source
from documents.models import Attachment
from documents.uploads import store_attachment
from processes.backfill import fill_stays
from processes.scale import (
    Copier,
    Copy,
    ScaleContext,
    Scenario,
    Template,
    branches,
    drawn,
    flow_tables,
    max_pk,
    moments,
    person_names,
    stay_stretch,
    walk,
)
from registry.models import Association, Prefecture
from workflows import services
from workflows.demo import CALL_TITLE, CRITERIA
from workflows.models import (
    BudgetLine,
    Call,
    Contribution,
    Proposal,
    ProposalProcess,
    Review,
    Tranche,
)
from workflows.services import BudgetInput, ContributionInput

SOURCE = Source.WEB
# The tables a proposal's services write to, parents first.
MODELS = [
    Proposal,
    BudgetLine,
    Contribution,
    Review,
    Tranche,
    *flow_tables(ProposalProcess),
    Attachment,
    HistoryEntry,
]
PAST_YEARS = 4

TITLES = {
    "water": ["Adduction d'eau potable", "Forage et château d'eau", "Latrines scolaires"],
    "education": ["Construction de trois salles de classe", "Bibliothèque du collège"],
    "health": ["Équipement du dispensaire", "Maternité villageoise"],
    "agriculture": ["Magasin de stockage des récoltes", "Périmètre maraîcher irrigué"],
    "energy": ["Éclairage public solaire", "Mini-réseau solaire du marché"],
    "economy": ["Marché couvert", "Atelier de transformation du manioc"],
    "environment": ["Reboisement des berges", "Gestion des déchets ménagers"],
    "culture": ["Maison des jeunes et de la culture"],
    "infrastructure": ["Réhabilitation de la piste rurale", "Pont sur la rivière"],
    "digital": ["Centre multimédia communautaire"],
}
# The draft every template starts from: a budget of 20 million, half of it asked.
BUDGET = [
    BudgetInput(label, amount)
    for label, amount in (("Travaux", 10_000_000), ("Équipements", 6_000_000),
                          ("Formation du comité de gestion", 2_000_000), ("Suivi", 2_000_000))
]  # fmt: skip
CONTRIBUTIONS = [
    ContributionInput(source, kind, amount)
    for source, kind, amount in (("association", "cash", 8_000_000),
                                 ("community", "in_kind", 2_500_000),
                                 ("state", "cash", 8_000_000), ("partner", "cash", 1_500_000))
]  # fmt: skip
DRAFT: dict[str, Any] = {
    "title": "Adduction d'eau potable",
    "summary": "Un forage, un château d'eau et un comité de gestion.",
    "sector": "water",
    "locality": "Centre",
    "local_partner": "Commune",
    "budget_lines": BUDGET,
    "contributions": CONTRIBUTIONS,
}
GRANT = 8_000_000
SCORES = {code: 4 for code, _label, _weight in CRITERIA}
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _people() -> dict[str, User]:
    names = ["assoc_paris", "officer", "evaluator1", "evaluator2", "committee", "finance"]
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _tranche(proposal: Proposal, number: int) -> Tranche:
    return Tranche.objects.get(proposal=proposal, number=number)


def _steps(people: dict[str, User]) -> dict[str, Callable[[Proposal], Any]]:
    """Each step of a proposal's life, fired through its service by the one whose job it is."""
    member, officer, finance = people["assoc_paris"], people["officer"], people["finance"]
    committee = people["committee"]

    def fire(function: Callable[..., Any], by: User, **inputs: Any) -> Callable[[Proposal], Any]:
        return lambda p: function(proposal=p, by=by, source=SOURCE, **inputs)

    def tranche(number: int, step: str) -> Callable[[Proposal], Any]:
        def run(p: Proposal) -> Any:
            t = _tranche(p, number)
            if step == "request":
                return services.tranche_request(
                    tranche=t, by=member, source=SOURCE, report=f"Avancement de la phase {number}"
                )
            if step == "approve":
                return services.tranche_approve(tranche=t, by=officer, source=SOURCE)
            return services.tranche_pay(
                tranche=t, by=finance, source=SOURCE, payment_reference=f"VIR-{p.pk}-{number}"
            )

        return run

    def review(name: str) -> Callable[[Proposal], Any]:
        return lambda p: services.review_file(
            proposal=p, by=people[name], source=SOURCE, scores=SCORES, recommendation="favourable"
        )

    def final_report(p: Proposal) -> Any:
        upload = SimpleUploadedFile("rapport-final.pdf", PDF, "application/pdf")
        return store_attachment(
            owner=p, upload=upload, kind="final_report", by=member, source=SOURCE
        )

    steps: dict[str, Callable[[Proposal], Any]] = {
        "submit": fire(services.proposal_submit, member),
        "withdraw": fire(services.proposal_withdraw, member, comment="Projet abandonné."),
        "return": fire(
            services.proposal_return_for_completion, officer, comment="Joignez les devis."
        ),
        "resubmit": fire(services.proposal_resubmit, member),
        "admit": fire(
            services.proposal_declare_admissible, officer, evaluators=["evaluator1", "evaluator2"]
        ),
        "review1": review("evaluator1"),
        "review2": review("evaluator2"),
        "revise": fire(
            services.proposal_request_revision, committee, comment="Précisez le budget."
        ),
        "approve": fire(services.proposal_approve, committee, grant_amount=GRANT),
        "reject": fire(services.proposal_reject, committee, comment="Hors priorités."),
        "sign": fire(services.proposal_sign_agreement, officer),
        "suspend": fire(services.proposal_suspend, officer, comment="Audit en cours."),
        "terminate": fire(services.proposal_terminate, officer, comment="Travaux abandonnés."),
        "report": final_report,
        "complete": fire(services.proposal_complete, officer),
        "close": fire(services.proposal_close, finance),
    }
    for number in (1, 2, 3):
        for step in ("request", "approve", "pay"):
            steps[f"{step}{number}"] = tranche(number, step)
    return steps


REVIEWED = ("submit", "admit", "review1", "review2")
SIGNED = (*REVIEWED, "approve", "sign")
PAID = tuple(f"{s}{n}" for n in (1, 2, 3) for s in ("request", "approve", "pay"))
# Each scenario: its name, its share (in parts of the sum), its steps after the draft.
SCENARIOS: list[Scenario] = [
    ("draft", 6, ()),
    ("submitted", 6, ("submit",)),
    ("returned", 4, ("submit", "return")),
    ("resubmitted", 2, ("submit", "return", "resubmit")),
    ("withdrawn", 3, ("withdraw",)),
    ("under_review", 5, ("submit", "admit")),
    ("one_review_filed", 3, ("submit", "admit", "review1")),
    ("in_committee", 5, REVIEWED),
    ("revision_requested", 2, (*REVIEWED, "revise")),
    ("rejected", 4, (*REVIEWED, "reject")),
    ("approved", 4, (*REVIEWED, "approve")),
    ("in_execution", 6, SIGNED),
    ("tranche_requested", 4, (*SIGNED, "request1")),
    ("tranche_approved", 3, (*SIGNED, "request1", "approve1")),
    ("tranche_paid", 5, (*SIGNED, *PAID[:3])),
    ("second_tranche_requested", 3, (*SIGNED, *PAID[:4])),
    ("suspended", 3, (*SIGNED, *PAID[:3], "suspend")),
    ("terminated", 2, (*SIGNED, *PAID[:3], "suspend", "terminate")),
    ("completed", 5, (*SIGNED, *PAID, "report", "complete")),
    ("closed", 15, (*SIGNED, *PAID, "report", "complete", "close")),
]


def _templates(call: Call, association: Association, people: dict[str, User]) -> list[Template]:
    """The scenarios' rows, one proposal walking each branch (`processes.scale.walk`),
    each with what its call committed on the way."""
    prefecture = Prefecture.objects.select_related("region").order_by("pk").first()

    def start() -> Proposal:
        return services.proposal_create(
            by=people["assoc_paris"], source=SOURCE, call=call, association=association,
            region=prefecture.region, prefecture=prefecture, **DRAFT,  # type: ignore[union-attr]
        )  # fmt: skip

    return walk(
        SCENARIOS,
        MODELS,
        start,
        _steps(people),
        actors={people["assoc_paris"].pk},
        measure=lambda: Call.objects.get(pk=call.pk).committed,
    )


def _past_calls(officer: User, demo: Call) -> list[Call]:
    """The calls of the previous years (made through the service when missing)."""
    calls = []
    for back in range(1, PAST_YEARS + 1):
        year = demo.year - back
        call = Call.objects.filter(title=CALL_TITLE, year=year).first()
        if call is None:
            opens = timezone.now().replace(year=year, month=2, day=1)
            call = services.call_save(
                call=Call(
                    title=CALL_TITLE,
                    year=year,
                    description=demo.description,
                    opens_at=opens,
                    closes_at=opens + datetime.timedelta(days=150),
                    envelope=500_000_000_000,
                    max_grant=demo.max_grant,
                    matching_ratio=demo.matching_ratio,
                    max_grant_share=demo.max_grant_share,
                    min_community_share=demo.min_community_share,
                    required_reviews=demo.required_reviews,
                    tranche_plan=demo.tranche_plan,
                ),
                criteria=[(c.code, c.label, Decimal(c.weight)) for c in demo.criteria.all()],
                by=officer,
                source=Source.COMMAND,
            )
        calls.append(call)
    return calls


def _copies(
    context: ScaleContext,
    count: int,
    templates: list[Template],
    calls: tuple[Call, list[Call]],
    committed: dict[int, int],
) -> Iterator[tuple[Template, Copy]]:
    """The copies, drawn by their scenarios' shares; `committed` adds up, per call, what
    the copies' grants commit (their templates' `measured`)."""
    demo, past = calls
    rng = context.rng
    decided = {name for name, _s, path in SCENARIOS if "approve" in path or "reject" in path}
    associations = context.shared["associations"]
    weights = context.shared["association_weights"]
    names = person_names([member for _association, member in associations])
    places = list(Prefecture.objects.values_list("pk", "region_id"))
    sectors = list(TITLES)
    today = timezone.localdate()
    spans = {t.name: _span(t) for t in templates}
    for template in drawn(rng, templates, SCENARIOS, count):
        association, member = rng.choices(associations, weights=weights)[0]
        prefecture, region = rng.choice(places)
        sector = rng.choice(sectors)
        # Its stays last a few days to a few weeks (past calls), or days (the demo call).
        stay = rng.uniform(2, 12) if template.name in decided else rng.uniform(0.2, 3)
        stretch = stay_stretch(template, stay)
        if template.name in decided:
            call = rng.choice(past)
            # Filed from March of its call's year: its last step its stays later.
            lasted = round(stretch * spans[template.name] / 86_400)
            back = (today - datetime.date(call.year, 3, 1)).days - rng.randint(0, 120)
            shift = max(0, back - lasted)
        else:
            call, shift = demo, rng.randint(0, 25)
        copy = Copy(
            shift_days=shift,
            stretch=stretch,
            users=dict.fromkeys(template.actors, member),
            names=names,
            values={
                Proposal: {
                    "association_id": association,
                    "call_id": call.pk,
                    "region_id": region,
                    "prefecture_id": prefecture,
                    "sector": sector,
                    "title": rng.choice(TITLES[sector]),
                    "reference": lambda pk, year=call.year: f"COR-{year}-{pk:05d}",
                }
            },
        )
        committed[call.pk] = committed.get(call.pk, 0) + template.measured
        yield template, copy


def _span(template: Template) -> float:
    """Seconds from the template's first moment to its last."""
    times = moments(template)
    return (max(times) - min(times)).total_seconds() if times else 0.0


def seed(context: ScaleContext) -> None:
    walked = len(branches(SCENARIOS))
    context.say(f"Projets : {Proposal.objects.count()} déjà là, {context.proposals} à ajouter.")
    if context.proposals <= walked:
        context.say("Projets : trop peu demandés pour les copier ; aucun ajouté.")
        return
    people = _people()
    demo = Call.objects.get(title=CALL_TITLE, year=timezone.localdate().year)
    arkf = Association.objects.get(acronym="ARKF")
    context.say(f"Projets : {walked} menés par les services à travers chaque étape…")
    templates = _templates(demo, arkf, people)
    past = _past_calls(people["officer"], demo)
    wanted = context.proposals - walked
    committed: dict[int, int] = {}
    before = max_pk(Proposal)
    written = Copier(MODELS, templates).write(
        _copies(context, wanted, templates, (demo, past), committed),
        progress=lambda done: context.say(f"Projets : {done} / {wanted} copiés."),
    )
    # The copies' stays are stretched: their time in each stage, from their history.
    fill_stays(
        connection,
        Proposal._meta.db_table,
        ContentType.objects.get_for_model(Proposal).pk,
        Proposal.STAY_FIELDS,
        since_pk=before,
    )
    for call_id, amount in committed.items():
        Call.objects.filter(pk=call_id).update(committed=F("committed") + amount)
    context.say(f"Projets : {written + walked} ajoutés.")

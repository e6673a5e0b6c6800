"""The missions part of the demo cast (README.md, « The demo cast »): two host
institutions, two diaspora experts with verified accounts, a published teaching need
of the Université de Lomé and a medical mission of the CHR de Kara under way.

Everything is brought to its state by the services, fired by the persona whose job
it is, so the history and the inboxes are those of real use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import Source
from missions import services
from missions.models import Availability, HostInstitution, MissionNeed
from registry import services as registry_services
from registry.models import CompetenceDomain, Expert, Prefecture, Region

SOURCE = Source.COMMAND
TEACHING_TITLE = "Algorithmique et intelligence artificielle (master 1)"
MEDICAL_TITLE = "Mission de chirurgie viscérale"


def _institution(
    officer: User, member: User, name: str, kind: str, region: str, prefecture: str, city: str
) -> HostInstitution:
    found = HostInstitution.objects.filter(name=name).first()
    if found is not None:
        return found
    return services.institution_register(
        fields={
            "name": name,
            "kind": kind,
            "region": Region.objects.get(code=region),
            "prefecture": Prefecture.objects.get(code=prefecture),
            "city": city,
            "email": f"contact@{member.username.replace('_', '-')}.example.org",
        },
        members=[member],
        by=officer,
        source=SOURCE,
    )


def _expert(
    by: User, verifier: User, user: User, fields: dict[str, Any], competences: list[str]
) -> Expert:
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        expert = registry_services.expert_create(
            by=by,
            source=SOURCE,
            competences=CompetenceDomain.objects.filter(code__in=competences),
            user=user,
            email=user.email,
            consent_listed=True,
            **fields,
        )
    if expert.account_verified_at is None:
        expert = services.expert_account_verify(expert=expert, by=verifier, source=SOURCE)
    return expert


def _need(host_user: User, host: HostInstitution, domains: list[str], **fields: Any) -> MissionNeed:
    found = MissionNeed.objects.filter(host=host, title=fields["title"]).first()
    if found is not None:
        return found
    return services.need_create(
        host=host,
        fields=fields,
        domains=CompetenceDomain.objects.filter(code__in=domains),
        by=host_user,
        source=SOURCE,
    )


def seed(password: str, cast: dict[str, Any]) -> None:
    users = cast["users"]
    officer, today = users["officer"], timezone.localdate()
    univ = _institution(
        officer,
        users["univ_lome"],
        "Université de Lomé",
        "university",
        "grand-lome",
        "golfe",
        "Lomé",
    )
    chr_kara = _institution(
        officer, users["chr_kara"], "CHR de Kara", "hospital", "kara", "kozah", "Kara"
    )
    professor = _expert(
        users["focal_paris"],
        users["focal_paris"],
        users["expert_paris"],
        {
            "first_name": "Kodjovi",
            "last_name": "Afanou",
            "country": "FR",
            "city": "Paris",
            "profession": "Professeur d'informatique",
            "education_level": "doctorate",
            "education_field": "Informatique",
            "languages": ["fr", "en", "ee"],
            "available_teaching": True,
        },
        ["ict", "teaching"],
    )
    surgeon = _expert(
        officer,
        users["admin"],
        users["doctor_brussels"],
        {
            "first_name": "Enyonam",
            "last_name": "Kpegba",
            "country": "BE",
            "city": "Bruxelles",
            "profession": "Chirurgienne viscérale",
            "education_level": "doctorate",
            "education_field": "Médecine",
            "languages": ["fr", "en", "kbp"],
            "available_medical": True,
        },
        ["medicine"],
    )
    for expert, start, end in ((professor, 20, 200), (surgeon, -10, 60)):
        if not expert.availabilities.exists():
            Availability.objects.create(
                expert=expert,
                starts_on=today + timedelta(days=start),
                ends_on=today + timedelta(days=end),
            )

    teaching = _need(
        users["univ_lome"],
        univ,
        ["ict", "teaching"],
        title=TEACHING_TITLE,
        kind="teaching",
        discipline="Informatique",
        description=(
            "Cours intensif d'algorithmique et d'introduction à l'intelligence artificielle "
            "pour les étudiants de master 1, avec travaux pratiques."
        ),
        place="Campus principal, Lomé",
        region=univ.region,
        prefecture=univ.prefecture,
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=75),
        languages=["fr"],
        volunteers=2,
        host_provides=["lodging", "meals"],
        ministry_covers=["travel", "insurance"],
    )
    teaching = _publish(teaching, users["univ_lome"], officer)

    medical = _need(
        users["chr_kara"],
        chr_kara,
        ["medicine"],
        title=MEDICAL_TITLE,
        kind="medical",
        discipline="Chirurgie viscérale",
        description="Interventions programmées et formation de l'équipe du bloc opératoire.",
        place="CHR de Kara, bloc opératoire",
        region=chr_kara.region,
        prefecture=chr_kara.prefecture,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=11),
        languages=["fr", "kbp"],
        volunteers=1,
        host_provides=["lodging", "local_transport", "meals"],
        ministry_covers=["travel", "insurance"],
    )
    medical = _publish(medical, users["chr_kara"], officer)
    if not medical.missions.exists():
        by = {"source": SOURCE}
        mission = services.mission_apply(
            need=medical,
            by=users["doctor_brussels"],
            source=SOURCE,
            motivation="Chirurgienne au CHU Saint-Pierre, je forme aussi les équipes de bloc.",
        )
        mission = services.mission_select(mission=mission, by=users["chr_kara"], **by)
        licence = services.licence_add(
            country="BE",
            number="BE-MED-482913",
            profession="Médecin spécialiste en chirurgie",
            by=users["doctor_brussels"],
            source=SOURCE,
        )
        services.licence_check(licence=licence, by=officer, **by)
        mission = services.mission_approve(mission=mission, by=officer, **by)
        services.mission_start(mission=mission, by=users["chr_kara"], **by)
    cast["missions"] = {"teaching": teaching, "medical": medical, "univ": univ, "chr": chr_kara}


def _publish(need: MissionNeed, host_user: User, officer: User) -> MissionNeed:
    if need.status == "draft":
        need = services.need_submit(need=need, by=host_user, source=SOURCE)
    if need.status == "submitted":
        need = services.need_publish(need=need, by=officer, source=SOURCE)
    return need

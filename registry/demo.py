"""The registry part of the demo cast (see README.md, « The demo cast »).

Users, embassies and their jurisdictions are reference data, written directly;
associations and experts are registered (and verified) through the services, by
the persona whose job it is, so their history and inbox are as in real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from audit.models import Source
from registry import services
from registry.models import (
    Association,
    CompetenceDomain,
    EducationLevel,
    Embassy,
    Expert,
    Jurisdiction,
    Prefecture,
    Region,
    SectorChoice,
)

SOURCE = Source.COMMAND


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    roles: tuple[Role, ...]


CAST = [
    Person("assoc_paris", "Koffi", "Agbeko", (Role.ASSOCIATION_MEMBER,)),
    Person("assoc_brussels", "Ama", "Lawson", (Role.ASSOCIATION_MEMBER,)),
    Person("officer", "Essi", "Mensah", (Role.PROGRAMME_OFFICER,)),
    Person("evaluator1", "Yao", "Adjovi", (Role.EVALUATOR,)),
    Person("evaluator2", "Afi", "Kpodar", (Role.EVALUATOR,)),
    Person("evaluator3", "Kodjo", "Tchalla", (Role.EVALUATOR,)),
    Person("committee", "Abla", "Dogbe", (Role.COMMITTEE_MEMBER,)),
    Person("finance", "Komi", "Akakpo", (Role.FINANCE_OFFICER,)),
    Person("caseworker1", "Akossiwa", "Amegah", (Role.CELL_CASEWORKER,)),
    Person("caseworker2", "Edem", "Kouassi", (Role.CELL_CASEWORKER,)),
    Person("supervisor", "Mawuli", "Sossou", (Role.CELL_SUPERVISOR,)),
    Person("focal_paris", "Séna", "Amouzou", (Role.EMBASSY_FOCAL_POINT,)),
    Person("auditor", "Kafui", "Attiogbe", (Role.AUDITOR,)),
    Person("univ_lome", "Akouvi", "Gbeassor", (Role.HOST_INSTITUTION,)),
    Person("chr_kara", "Pakindame", "Essowe", (Role.HOST_INSTITUTION,)),
    Person("expert_paris", "Kodjovi", "Afanou", (Role.DIASPORA_EXPERT,)),
    Person("doctor_brussels", "Enyonam", "Kpegba", (Role.DIASPORA_EXPERT,)),
]

EMBASSIES = [
    ("paris", "Ambassade du Togo en France", "Paris", "FR", ["FR", "ES", "PT", "MC"]),
    ("bruxelles", "Ambassade du Togo en Belgique", "Bruxelles", "BE", ["BE", "NL", "LU"]),
    ("berlin", "Ambassade du Togo en Allemagne", "Berlin", "DE", ["DE", "AT", "CH"]),
    ("washington", "Ambassade du Togo aux États-Unis", "Washington", "US", ["US", "CA"]),
    ("accra", "Ambassade du Togo au Ghana", "Accra", "GH", ["GH"]),
]


def seed_users(password: str) -> dict[str, User]:
    user_model = get_user_model()
    users: dict[str, User] = {}
    for person in CAST:
        user, _ = user_model.objects.get_or_create(username=person.username)
        user.first_name = person.first_name
        user.last_name = person.last_name
        user.email = f"{person.username}@example.org"
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in person.roles]))
        users[person.username] = user
    admin, _ = user_model.objects.get_or_create(username="admin")
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.email = "admin@example.org"
    admin.set_password(password)
    admin.save()
    users["admin"] = admin
    return users


def seed_embassies() -> dict[str, Embassy]:
    embassies = {}
    for code, name, city, country, covered in EMBASSIES:
        embassy, _ = Embassy.objects.update_or_create(
            code=code, defaults={"name": name, "city": city, "country": country}
        )
        for covered_country in covered:
            Jurisdiction.objects.update_or_create(
                country=covered_country, defaults={"embassy": embassy}
            )
        embassies[code] = embassy
    return embassies


def _association(
    *,
    by: User,
    verified_by: User | None,
    name: str,
    acronym: str,
    country: str,
    city: str,
    embassy: Embassy,
    region: str,
    prefecture: str,
    sectors: list[str],
    members_count: int,
    founded_year: int,
    contact: str,
) -> Association:
    """Registered by `by` (a member becomes its representative), then verified by
    `verified_by` if given: through the services, as in real use."""
    association = Association.objects.filter(name=name, country=country).first()
    if association is not None:
        return association
    association = services.association_create(
        by=by,
        source=SOURCE,
        sectors=SectorChoice.objects.filter(code__in=sectors),
        name=name,
        acronym=acronym,
        country=country,
        city=city,
        embassy=embassy,
        founded_year=founded_year,
        members_count=members_count,
        home_region=Region.objects.get(code=region),
        home_prefecture=Prefecture.objects.get(code=prefecture),
        contact_name=contact,
        contact_email=f"contact@{acronym.lower()}.example.org",
    )
    if verified_by is not None:
        association = services.association_verify(
            association=association, by=verified_by, source=SOURCE
        )
    return association


def seed_registry(password: str) -> dict[str, object]:
    users = seed_users(password)
    embassies = seed_embassies()
    assign_perm("registry.act_as_focal_point", users["focal_paris"], embassies["paris"])

    paris = _association(
        by=users["assoc_paris"],
        verified_by=users["focal_paris"],
        name="Association des Ressortissants de Kloto en France",
        acronym="ARKF",
        country="FR",
        city="Paris",
        embassy=embassies["paris"],
        region="plateaux",
        prefecture="kloto",
        sectors=["water", "health"],
        members_count=140,
        founded_year=2004,
        contact="Koffi Agbeko",
    )
    # Brussels has no focal point in the cast: the superuser verifies for it.
    brussels = _association(
        by=users["assoc_brussels"],
        verified_by=users["admin"],
        name="Diaspora Solidaire des Savanes en Belgique",
        acronym="DSSB",
        country="BE",
        city="Bruxelles",
        embassy=embassies["bruxelles"],
        region="savanes",
        prefecture="tone",
        sectors=["education", "agriculture"],
        members_count=85,
        founded_year=2011,
        contact="Ama Lawson",
    )
    _association(
        by=users["focal_paris"],
        verified_by=None,
        name="Amicale des Originaires de la Kozah à Lyon",
        acronym="AOKL",
        country="FR",
        city="Lyon",
        embassy=embassies["paris"],
        region="kara",
        prefecture="kozah",
        sectors=["education"],
        members_count=32,
        founded_year=2019,
        contact="Pyabalo Essowè",
    )
    _association(
        by=users["officer"],
        verified_by=None,
        name="Collectif des Femmes du Zio à Anvers",
        acronym="CFZA",
        country="BE",
        city="Anvers",
        embassy=embassies["bruxelles"],
        region="maritime",
        prefecture="zio",
        sectors=["economy"],
        members_count=27,
        founded_year=2020,
        contact="Dzifa Ahiadzro",
    )
    seed_experts(users)
    return {"users": users, "embassies": embassies, "paris": paris, "brussels": brussels}


EXPERTS = [
    (
        "Kossi",
        "Amedome",
        "FR",
        "Paris",
        "Cardiologue",
        EducationLevel.DOCTORATE,
        "Médecine",
        ["medicine"],
        ["fr", "ee"],
        False,
        True,
        "maritime",
        True,
    ),
    (
        "Adjoa",
        "Mensah-Attipoe",
        "FR",
        "Lille",
        "Enseignante-chercheuse en hydrologie",
        EducationLevel.DOCTORATE,
        "Sciences de l'eau",
        ["teaching", "water-sanitation"],
        ["fr", "en"],
        True,
        False,
        "plateaux",
        True,
    ),
    (
        "Essowè",
        "Bodjona",
        "BE",
        "Liège",
        "Ingénieur en énergie solaire",
        EducationLevel.MASTER,
        "Génie électrique",
        ["energy", "engineering"],
        ["fr", "kbp"],
        True,
        False,
        "kara",
        True,
    ),
    (
        "Yawa",
        "Dzidzienyo",
        "DE",
        "Hambourg",
        "Sage-femme",
        EducationLevel.BACHELOR,
        "Maïeutique",
        ["nursing"],
        ["fr", "de", "ee"],
        False,
        True,
        "grand-lome",
        True,
    ),
    (
        "Folly",
        "Kuevidjen",
        "US",
        "Atlanta",
        "Développeur logiciel",
        EducationLevel.MASTER,
        "Informatique",
        ["ict"],
        ["en", "fr"],
        True,
        False,
        "maritime",
        True,
    ),
    (
        "Abalo",
        "Pitassa",
        "FR",
        "Marseille",
        "Expert-comptable",
        EducationLevel.MASTER,
        "Comptabilité",
        ["accounting", "finance"],
        ["fr"],
        False,
        False,
        "centrale",
        False,
    ),
]


def seed_experts(users: dict[str, User]) -> None:
    """Registered through the service: by the Paris focal point in its jurisdiction,
    by the programme officer elsewhere."""
    by_country = {str(j.country): j.embassy for j in Jurisdiction.objects.select_related("embassy")}
    for (
        first,
        last,
        country,
        city,
        profession,
        level,
        field,
        competences,
        languages,
        teaching,
        medical,
        region,
        consent,
    ) in EXPERTS:
        if Expert.objects.filter(first_name=first, last_name=last, country=country).exists():
            continue
        embassy = by_country.get(country)
        services.expert_create(
            by=users[
                "focal_paris" if embassy is not None and embassy.code == "paris" else "officer"
            ],
            source=SOURCE,
            competences=CompetenceDomain.objects.filter(code__in=competences),
            first_name=first,
            last_name=last,
            country=country,
            city=city,
            embassy=embassy,
            profession=profession,
            education_level=level,
            education_field=field,
            languages=languages,
            available_teaching=teaching,
            available_medical=medical,
            home_region=Region.objects.get(code=region),
            consent_listed=consent,
            email=_ascii_email(first, last),
        )


def _ascii_email(first: str, last: str) -> str:
    import unicodedata

    local = f"{first}.{last}".lower().replace(" ", "-")
    return unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode() + "@example.org"


def seed(password: str, cast: dict[str, Any]) -> None:
    cast.update(seed_registry(password))

"""The registry's part of `manage.py seed_scale`: more associations, verified, over the embassies.

Each embassy without a focal point gets one (granted through the service, so the
object permission and its history are as in real use); each association is registered
by a member of its own and verified by its embassy's focal point, through the services.
The copies of proposals (`workflows.scale`) are spread over these associations and the
demo cast's two, assoc_paris's ARKF taking the largest share.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from accounts.roles import Role
from audit.models import Source
from processes.scale import ScaleContext, bulk_users
from registry import services
from registry.demo import CAST
from registry.models import (
    Association,
    AssociationStatus,
    Embassy,
    EmbassyUserObjectPermission,
    Prefecture,
    SectorChoice,
)

SOURCE = Source.COMMAND
NAME = "Association de la diaspora n° {number}"
FIRST_NAMES = ["Kossi", "Ama", "Yawa", "Komla", "Dzifa", "Kodjo", "Akouvi", "Sena", "Edem"]
LAST_NAMES = ["Agbodjan", "Mensah", "Lawson", "Amegah", "Kpodar", "Tchalla", "Dogbe", "Ayivi"]
# The demo association of assoc_paris takes this share of the proposals, DSSB a tenth of it.
PARIS_SHARE = 0.2


def demo_missing() -> bool:
    """Whether the demo cast must be loaded first (`seed_scale` then runs `seed_demo`)."""
    names = [person.username for person in CAST]
    return User.objects.filter(username__in=names).count() < len(names)


def association_count(proposals: int) -> int:
    return max(4, min(40, proposals // 2500))


def _focal_point(embassy: Embassy, admin: User, password: str) -> User:
    held = EmbassyUserObjectPermission.objects.filter(content_object=embassy, user__is_active=True)
    current = held.select_related("user").order_by("pk").first()
    if current is not None:
        return current.user
    (user,) = bulk_users(
        [(f"focal_{embassy.code}", "Point focal", embassy.city)],
        Role.EMBASSY_FOCAL_POINT,
        password,
    )
    services.focal_point_grant(user=user, embassy=embassy, by=admin, source=SOURCE)
    return user


def _associations(context: ScaleContext) -> list[tuple[int, int]]:
    """(association, its first member) for each extra association, made if missing."""
    count = association_count(context.proposals)
    admin = User.objects.get(username="admin")
    embassies = list(Embassy.objects.prefetch_related("jurisdictions").order_by("pk"))
    prefectures = list(Prefecture.objects.order_by("pk"))
    sectors = list(SectorChoice.objects.order_by("pk"))
    members = bulk_users(
        [
            (f"member_{n}", FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)])
            for n in range(1, count + 1)
        ],
        Role.ASSOCIATION_MEMBER,
        context.password,
    )
    made: list[tuple[int, int]] = []
    for number, member in enumerate(members, start=1):
        name = NAME.format(number=number)
        association = Association.objects.filter(name=name).first()
        if association is None:
            association = _register(
                number, name, member, embassies, prefectures, sectors, admin, context
            )
        made.append((association.pk, member.pk))
    return made


def _register(
    number: int,
    name: str,
    member: User,
    embassies: list[Embassy],
    prefectures: list[Prefecture],
    sectors: list[Any],
    admin: User,
    context: ScaleContext,
) -> Association:
    embassy = embassies[number % len(embassies)]
    countries = [j.country for j in embassy.jurisdictions.all()] or [embassy.country]
    prefecture = prefectures[number % len(prefectures)]
    association = services.association_create(
        by=member,
        source=SOURCE,
        sectors=[sectors[number % len(sectors)]],
        name=name,
        acronym=f"ADN{number}",
        country=countries[number % len(countries)],
        city=embassy.city,
        embassy=embassy,
        founded_year=1990 + number % 30,
        members_count=20 + number * 3,
        home_region=prefecture.region,
        home_prefecture=prefecture,
        contact_name=f"{member.first_name} {member.last_name}",
        contact_email=f"{member.username}@example.org",
    )
    focal = _focal_point(embassy, admin, context.password)
    return services.association_verify(association=association, by=focal, source=SOURCE)


def seed(context: ScaleContext) -> None:
    extra = _associations(context)
    demo = {
        a.acronym: (a.pk, a.members.filter(is_active=True).order_by("pk").first().pk)
        for a in Association.objects.filter(
            acronym__in=["ARKF", "DSSB"], status=AssociationStatus.VERIFIED
        )
    }
    # Who owns the copies: ARKF a fifth, DSSB a fiftieth, the others the rest.
    weights = [PARIS_SHARE, PARIS_SHARE / 10] + [(1 - 1.1 * PARIS_SHARE) / len(extra)] * len(extra)
    context.shared["associations"] = [demo["ARKF"], demo["DSSB"], *extra]
    context.shared["association_weights"] = weights
    context.say(f"Associations vérifiées : {len(extra)} de plus que la démo.")

"""factory_boy factories for the registry and accounts."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import Role
from registry.models import (
    Association,
    AssociationStatus,
    CompetenceDomain,
    EducationLevel,
    Embassy,
    Expert,
    Jurisdiction,
    Membership,
    Region,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("demo")

    @factory.post_generation
    def roles(user: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in extracted]))


class EmbassyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Embassy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"embassy-{n}")
    name = factory.LazyAttribute(lambda e: f"Ambassade {e.code}")
    city = "Capitale"
    country = "IT"


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("country",)

    embassy = factory.SubFactory(EmbassyFactory)
    country = "IT"


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Association numéro {n}")
    acronym = factory.Sequence(lambda n: f"A{n}")
    country = "FR"
    city = "Paris"
    embassy = factory.SubFactory(EmbassyFactory)
    founded_year = 2010
    members_count = 50
    home_region = factory.LazyFunction(lambda: Region.objects.get(code="plateaux"))
    contact_name = "Contact"
    contact_email = "contact@example.org"

    @classmethod
    def _create(cls, model_class: type[Association], *args: Any, **kwargs: Any) -> Association:
        status = kwargs.pop("status", AssociationStatus.PENDING)
        obj = super()._create(model_class, *args, **kwargs)
        if status != AssociationStatus.PENDING:
            model_class.objects.filter(pk=obj.pk).update(status=status)
            obj.refresh_from_db()
        return obj


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, roles=[Role.ASSOCIATION_MEMBER])
    association = factory.SubFactory(AssociationFactory)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    first_name = "Ama"
    last_name = factory.Sequence(lambda n: f"Expert{n}")
    country = "FR"
    city = "Paris"
    profession = "Ingénieure"
    education_level = EducationLevel.MASTER
    consent_listed = True

    @factory.post_generation
    def competences(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            codes = extracted or ["engineering"]
            self.competences.set(CompetenceDomain.objects.filter(code__in=codes))

"""factory_boy factories for incidental data. All names are synthetic (Faker en_GB)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from vigil.accounts.models import Force, Unit, User, VettingLevel
from vigil.accounts.roles import Role
from vigil.nominals.models import Category, Gender, Nominal, Status

PASSWORD = "correct-horse-battery"


class ForceFactory(factory.django.DjangoModelFactory[Force]):
    class Meta:
        model = Force
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"force-{n}")
    name = factory.Sequence(lambda n: f"Testshire Police {n}")


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    force = factory.SubFactory(ForceFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Public Protection Unit {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.police.uk")
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFENDER_MANAGER
    vetting_level = VettingLevel.MV
    vetting_expires = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()


class NominalFactory(factory.django.DjangoModelFactory[Nominal]):
    """A registered sex offender in the community, born in 1980, registered in 2015."""

    class Meta:
        model = Nominal

    category = Category.RSO
    status = Status.COMMUNITY
    unit = factory.SubFactory(UnitFactory)
    force = factory.LazyAttribute(lambda n: n.unit.force)
    registered_on = dt.date(2015, 6, 1)
    forename = factory.Faker("first_name_male", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(1980, 4, 3)
    gender = Gender.MALE

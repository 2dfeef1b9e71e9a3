import datetime

import factory
from factory.django import DjangoModelFactory
from faker import Faker

from wegwijzer.accounts.models import Role, User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.mobilities.models import Funding, Mobility
from wegwijzer.mobilities.services import create_mobility
from wegwijzer.programmes.models import Programme, TemplateItem
from wegwijzer.students.models import EmergencyContact, Guardian, Student

PASSWORD = "correct-horse-battery"

_dutch = Faker("nl_NL")


def dutch_name(kind: str) -> factory.LazyFunction:
    """A Dutch name without an apostrophe ("van 't Hek"): tests find names in the
    page's HTML, where the apostrophe is escaped. Escaping has tests of its own."""
    return factory.LazyFunction(lambda: getattr(_dutch, kind)().replace("'", ""))


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = dutch_name("first_name")
    last_name = dutch_name("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@school.example")
    role = Role.STUDENT
    password = factory.django.Password(PASSWORD)


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    qualification_code = factory.Sequence(lambda n: f"{25000 + n:05d}")
    level = 3


class StudentFactory(DjangoModelFactory[Student]):
    class Meta:
        model = Student

    first_name = dutch_name("first_name")
    last_name = dutch_name("last_name")
    student_number = factory.Sequence(lambda n: f"{600000 + n}")
    date_of_birth = datetime.date(2007, 5, 1)
    programme = factory.SubFactory(ProgrammeFactory)
    year = 2


class HostCompanyFactory(DjangoModelFactory[HostCompany]):
    class Meta:
        model = HostCompany

    name = factory.Sequence(lambda n: f"Host company {n}")
    country = "ES"
    city = "Valencia"


class MobilityFactory(DjangoModelFactory[Mobility]):
    """A mobility with its checklist, made the way the application makes one."""

    class Meta:
        model = Mobility

    student = factory.SubFactory(StudentFactory)
    destination_country = "ES"
    destination_city = "Valencia"
    departure_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(120))
    return_date = factory.LazyAttribute(lambda m: m.departure_date + datetime.timedelta(90))
    funding = Funding.NONE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        by = kwargs.pop("by", None) or UserFactory.create(
            username="factory-coordinator", role=Role.COORDINATOR
        )
        return create_mobility(by=by, **kwargs)


class GuardianFactory(DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    student = factory.SubFactory(StudentFactory)
    name = dutch_name("name")
    relationship = "mother"
    phone = "+31 6 12345678"


class EmergencyContactFactory(DjangoModelFactory[EmergencyContact]):
    class Meta:
        model = EmergencyContact

    student = factory.SubFactory(StudentFactory)
    name = dutch_name("name")
    relationship = "uncle"
    phone = "+31 6 87654321"


class OwnTemplateItemFactory(DjangoModelFactory[TemplateItem]):
    """An item of a programme's own checklist template."""

    class Meta:
        model = TemplateItem

    programme = factory.SubFactory(ProgrammeFactory)
    key = factory.Sequence(lambda n: f"own-item-{n}")
    step = 3
    position = 100
    title = factory.Sequence(lambda n: f"Own item {n}")
    owners = factory.LazyFunction(lambda: ["student"])

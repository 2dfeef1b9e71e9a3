"""Stays for the reminder and digest tests, with their checklist's due dates under control."""

import datetime

from django.utils import timezone

from tests.factories import MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.mobilities.models import Mobility


def today() -> datetime.date:
    return timezone.localdate()


def days(count: int) -> datetime.date:
    return today() + datetime.timedelta(days=count)


def student_user(first_name: str, **fields) -> User:
    """A student's account with its student record."""
    user = UserFactory.create(first_name=first_name, role=Role.STUDENT, **fields)
    StudentFactory.create(user=user, first_name=first_name)
    return user


def stay(
    user: User | None = None, *, step: int = 1, mentor: User | None = None, **facts
) -> Mobility:
    """A stay in progress in `step` whose items are all due in 100 days, so only the items a
    test dates itself are due soon."""
    student = user.student if user else StudentFactory.create()
    if mentor:
        student.mentor = mentor
        student.save(update_fields=["mentor"])
    mobility = MobilityFactory.create(student=student, **facts)
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    mobility.items.update(due_date=days(100))
    return mobility


def due(mobility: Mobility, key: str, day: datetime.date) -> None:
    assert mobility.items.filter(template_item__key=key).update(due_date=day) == 1

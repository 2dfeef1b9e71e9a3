import datetime

import pytest
from django.utils import timezone

from tests.documents.samples import PNG, upload
from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.accounts.models import User
from wegwijzer.experiences import services
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step


def stay_of(user: User | None = None, *, step: int = Step.ABROAD, **facts) -> Mobility:
    """A stay of the user's student (a new student without a user), moved to a step; open,
    or closed when `outcome` is given."""
    student = user.student if user is not None else StudentFactory.create()
    today = timezone.localdate()
    outcome = facts.pop("outcome", Outcome.IN_PROGRESS)
    mobility = MobilityFactory.create(
        student=student,
        departure_date=today - datetime.timedelta(days=30),
        return_date=today + datetime.timedelta(days=60),
        **facts,
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=step, outcome=outcome)
    mobility.refresh_from_db()
    return mobility


def post(mobility: Mobility, text: str = "Mooi land", *, consent=False, shared=False, photo=False):
    """An experience as the student posts it, shared by a coordinator when asked."""
    # A student without an account posts as the coordinator who made the stay would.
    author = mobility.student.user or User.objects.get(username="factory-coordinator")
    experience = services.post_experience(
        by=author, mobility=mobility, text=text, consent=consent,
        photo=upload("foto.png", PNG) if photo else None, photo_type="image/png" if photo else "",
    )  # fmt: skip
    if shared:
        Experience.objects.filter(pk=experience.pk).update(shared=True, shared_at=timezone.now())
        experience.refresh_from_db()
    return experience


def ambassador_of(mobility: Mobility, *, share_contact=False, contact="Mail me") -> Ambassador:
    return Ambassador.objects.create(
        mobility=mobility, contact=contact, share_contact=share_contact
    )


@pytest.fixture
def abroad_stay(student) -> Mobility:
    return stay_of(student)

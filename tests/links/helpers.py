"""Making links in tests: sent the way the application sends them, or made directly."""

import datetime
import re
import secrets

from django.core import mail
from django.utils import timezone

from tests.factories import GuardianFactory, HostCompanyFactory, MobilityFactory, StudentFactory
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links import services
from wegwijzer.links.models import Purpose, SignedLink, hash_token
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

LINK_IN_MAIL = re.compile(r"https?://\S+/link/([A-Za-z0-9_-]+)/")


def minor_mobility(**facts) -> Mobility:
    """A mobility of a student under 18 on departure, with a guardian and a host who have e-mail."""
    student = StudentFactory.create(date_of_birth=datetime.date(2010, 6, 1))
    GuardianFactory.create(student=student, name="Anna de Vries", email="anna@example.org")
    host = HostCompanyFactory.create(
        name="Hotel Mar Azul", contact_name="Carmen Ruiz", contact_email="carmen@example.es"
    )
    return MobilityFactory.create(student=student, host_company=host, **facts)


def at_step(mobility: Mobility, step: int) -> Mobility:
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


def host_of(mobility: Mobility) -> HostCompany:
    assert mobility.host_company is not None
    return mobility.host_company


def make_link(mobility: Mobility, purpose: str = Purpose.GUARDIAN_CONSENT, **fields):
    """A sent link and its token, made directly (no e-mail)."""
    token = secrets.token_urlsafe(32)
    guardian = mobility.student.guardians.first() if purpose == Purpose.GUARDIAN_CONSENT else None
    link = SignedLink.objects.create(
        mobility=mobility,
        purpose=purpose,
        guardian=guardian,
        host_company=mobility.host_company if purpose != Purpose.GUARDIAN_CONSENT else None,
        recipient_name=guardian.name if guardian else "Carmen Ruiz",
        recipient_email=guardian.email if guardian else "carmen@example.es",
        token_hash=hash_token(token),
        sent_at=timezone.now(),
        **fields,
    )
    return link, token


def send(mobility, by, purpose=Purpose.GUARDIAN_CONSENT, capture=None):
    """Send a link through the services and the task; the token as read from the e-mail."""
    guardian = mobility.student.guardians.first() if purpose == Purpose.GUARDIAN_CONSENT else None
    with capture(execute=True):
        link = services.send_link(
            mobility, by=by, purpose=purpose, guardian=guardian, domain="testserver",
            use_https=True,
        )  # fmt: skip
    link.refresh_from_db()
    return link, token_in(mail.outbox[-1].body)


def token_in(body: object) -> str:
    found = LINK_IN_MAIL.search(str(body))
    assert found, body
    return found.group(1)


__all__ = ["Step", "at_step", "host_of", "make_link", "minor_mobility", "send", "token_in"]

"""Demo links in every state, so a coordinator sees them on the mobility pages.

Waiting links are sent the real way: the task worker mails them (to the console in
development), so the link in that e-mail can be opened. The others get a token nobody knows.
Once there are links, nothing is added: loading twice changes nothing.
"""

import datetime
import random
import secrets

from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links import services
from wegwijzer.links.models import ITEM_KEYS, Purpose, SignedLink
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility, MobilityType
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student

DOMAIN = "127.0.0.1:8000"
DEMO_IP = "192.0.2.10"  # from the documentation range: no real address

# For each purpose, the states of the links made on the first mobilities it fits.
STATES: dict[str, list[str]] = {
    Purpose.GUARDIAN_CONSENT: ["waiting", "given", "refused", "expired"],
    Purpose.HOST_AGREEMENT: ["waiting", "resent", "confirmed"],
    Purpose.HOST_EVALUATION: ["evaluated", "evaluated_no", "waiting"],
    Purpose.HOST_MIDTERM: ["midterm", "waiting"],
}
STEPS: dict[str, list[int]] = {
    Purpose.GUARDIAN_CONSENT: [Step.ORIENTATION, Step.DECISION],
    Purpose.HOST_AGREEMENT: [Step.PREPARATION],
    Purpose.HOST_EVALUATION: [Step.ABROAD, Step.BACK_HOME],
    Purpose.HOST_MIDTERM: [Step.ABROAD],
}
ANSWERS: dict[str, dict[str, object]] = {
    "given": {"consent": "given", "is_guardian": True, "remarks": ""},
    "refused": {
        "consent": "refused", "is_guardian": True,
        "remarks": "We willen eerst een gesprek over de kosten en de huisvesting.",
    },
    "confirmed": {
        "supervisor_name": "", "supervisor_role": "Opleidingsmanager", "supervisor_email": "",
        "supervisor_phone": "", "agreed": True, "remarks": "",
    },
    "evaluated": {
        "overall": "very_good", "welcomes_more": "yes",
        "strengths": "Punctueel en leergierig; een volgende keer zou wat meer Spaans helpen.",
        "skills": "Gasten ontvangen in het Spaans en Engels\nWerken in een internationaal team",
        "trainer_name": "Carmen López", "trainer_email": "carmen.lopez@example.com",
        "remarks": "",
    },
    "midterm": {
        "attitude": "very_good", "skill_level": "good",
        "going_well": "Altijd op tijd, vriendelijk tegen gasten en leergierig.",
        "to_improve": "Mag sneller om hulp vragen als iets niet duidelijk is.",
        "concern": "", "trainer_name": "Carmen López", "remarks": "",
    },
    "evaluated_no": {
        "overall": "fair", "welcomes_more": "maybe",
        "strengths": "Een goed begin, maar de student had meer begeleiding nodig dan wij "
        "konden geven.",
        "remarks": "",
    },
}  # fmt: skip


def load(*, rng: random.Random, password: str) -> None:
    if SignedLink.objects.exists():
        return  # loaded before
    coordinator = User.objects.get(username="coordinator")
    _new_minors_going_abroad(by=coordinator, count=len(STATES[Purpose.GUARDIAN_CONSENT]))
    for purpose, states in STATES.items():
        for mobility, state in zip(_fitting(purpose), states, strict=False):
            _make(mobility, purpose, state, by=coordinator)


def _new_minors_going_abroad(*, by: User, count: int) -> None:
    """A few students under 18 start orienting on a stay: their guardians are asked consent.

    The mobilities demo walks every decision step through already, consent included.
    """
    departure = timezone.localdate() + datetime.timedelta(days=240)
    minors = Student.objects.filter(
        mobilities__isnull=True,
        date_of_birth__gt=departure.replace(year=departure.year - 18),
        guardians__email__gt="",
    ).distinct()
    hosts = list(HostCompany.objects.exclude(contact_email="").order_by("name"))
    for index, student in enumerate(minors.order_by("student_number")[:count]):
        host = hosts[index % len(hosts)]
        mobility_services.create_mobility(
            by=by, student=student, type=MobilityType.INTERNSHIP_ABROAD,
            destination_country=host.country, destination_city=host.city, host_company=host,
            departure_date=departure, return_date=departure + datetime.timedelta(weeks=12),
        )  # fmt: skip


def _fitting(purpose: str) -> list[Mobility]:
    mobilities = Mobility.objects.in_progress().filter(step__in=STEPS[purpose])
    if key := ITEM_KEYS[purpose]:
        mobilities = mobilities.filter(
            items__template_item__key=key, items__applicable=True, items__status=ItemStatus.OPEN
        )
    if purpose != Purpose.GUARDIAN_CONSENT:
        mobilities = mobilities.exclude(host_company__contact_email="")
    return list(
        mobilities.select_related("student", "host_company").order_by("student__student_number")
    )


def _make(mobility: Mobility, purpose: str, state: str, *, by: User) -> None:
    guardian = mobility.student.guardians.exclude(email="").first()
    if purpose == Purpose.GUARDIAN_CONSENT and guardian is None:
        return
    link = services.send_link(
        mobility, by=by, purpose=purpose, guardian=guardian, domain=DOMAIN, use_https=False
    )
    if state == "waiting":
        return
    # The worker skips a link that has a token already: these are not mailed.
    services.mark_sent(link, token=secrets.token_urlsafe(32))
    if state == "expired":
        past = timezone.now() - datetime.timedelta(days=3)
        SignedLink.objects.filter(pk=link.pk).update(expires_at=past)
    elif state == "resent":
        services.resend_link(link, by=by, domain=DOMAIN, use_https=False)
    else:
        answers = dict(ANSWERS[state])
        if purpose == Purpose.HOST_AGREEMENT:
            answers["supervisor_name"] = link.recipient_name
            answers["supervisor_email"] = link.recipient_email
        services.submit_link(link, name=link.recipient_name or "Demo", ip=DEMO_IP, answers=answers)

"""Demo agreements: a placement agreement (POK) that waits for the host company's
signature, the student and the school having signed, and one signed by everyone.

Both are sent the real way (agreements.signing), so their PDFs, hashes and evidence are
what a school would see. The host's waiting link is mailed by the task worker (to the
console in development); the links signed here get a token nobody knows. Once there are
agreements, nothing is added: loading twice changes nothing.
"""

import random
import secrets
from decimal import Decimal

from wegwijzer.accounts.models import User
from wegwijzer.agreements import content, signing
from wegwijzer.agreements.models import Agreement, Kind, Party, Signature, StayTerms
from wegwijzer.links import services as link_services
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step

DOMAIN = "127.0.0.1:8000"
DEMO_IP = "192.0.2.20"  # from the documentation range: no real address
TASKS = (
    "Gasten ontvangen en inchecken aan de receptie; reserveringen verwerken; meewerken in "
    "de ontbijtservice; vragen van gasten in het Engels en Spaans beantwoorden."
)
OUTCOMES = "Werkt zelfstandig aan de receptie van een internationaal hotel."
ASSESSMENT = "Beoordeling door de praktijkopleider halverwege en aan het eind, met de BPV-lijst."


def load(*, rng: random.Random, password: str) -> None:
    if Agreement.objects.exists():
        return  # loaded before
    coordinator = User.objects.get(username="coordinator")
    stays = _fitting()
    if len(stays) < 2:
        return
    waiting, complete = stays[0], stays[1]
    agreement = _sent(waiting, by=coordinator)
    _sign_all(agreement, by=coordinator, but=Party.HOST)
    agreement = _sent(complete, by=coordinator)
    _sign_all(agreement, by=coordinator, but=None)


def _fitting() -> list[Mobility]:
    """Open stays in preparation with a host company, its contact and a supervisor; the
    demo student's own first, so the student sees an agreement to sign as well."""
    stays = list(
        Mobility.objects.filter(
            outcome=Outcome.IN_PROGRESS, step=Step.PREPARATION, host_company__isnull=False,
            supervisor__isnull=False,
        )
        .exclude(host_company__contact_email="")
        .select_related("student__user", "host_company", "supervisor")
        .order_by("student__student_number")
    )  # fmt: skip
    return [stay for stay in stays if _reachable(stay)][:2]


def _reachable(mobility: Mobility) -> bool:
    """Every party can be asked: the student, and for a minor a guardian with e-mail."""
    student = mobility.student
    if not (student.user or student.email):
        return False
    return not signing.minor_on_departure(mobility) or signing.guardian_of(mobility) is not None


def _sent(mobility: Mobility, *, by: User) -> Agreement:
    StayTerms.objects.update_or_create(
        mobility=mobility,
        defaults={
            "tasks": TASKS,
            "learning_outcomes": OUTCOMES,
            "assessment": ASSESSMENT,
            "hours_per_week": Decimal("32"),
            "working_days": "maandag tot en met vrijdag, 8.00-16.30 uur",
            "trainer_name": "Lucía Fernández",
            "trainer_email": "praktijkopleider@hotel.example",
            "trainer_phone": "+34 600 000 000",
            "supervision": (
                "Om de twee weken een videogesprek met de stagebegeleider; de praktijkopleider "
                "meldt zorgen dezelfde dag."
            ),
        },
    )
    return signing.send_agreement(mobility, Kind.PLACEMENT, by=by, domain=DOMAIN, use_https=False)


def _sign_all(agreement: Agreement, *, by: User, but: str | None) -> None:
    for place in Signature.objects.filter(agreement=agreement).select_related("link", "user"):
        if place.party == but:
            continue
        fresh = Agreement.objects.get(pk=agreement.pk)
        signer = place.user if place.link is None else None
        if place.party == Party.SCHOOL:
            signer = by
        if place.link is not None:
            # The link as if mailed: a token nobody knows.
            link_services.mark_sent(place.link, token=secrets.token_urlsafe(32))
        name = by.get_full_name() if place.party == Party.SCHOOL else place.recipient_name
        signing.sign(
            place, typed_name=name, ip=DEMO_IP, version=fresh.version,
            document_sha256=content.sha256(signing.document_of(place)), by=signer, link=place.link,
        )  # fmt: skip

"""Every URL pattern of Wegwijzer, requested by every kind of visitor.

Each named pattern declares, for each visitor, the status its request must answer. A
pattern without a declaration fails the walk, so a new page cannot ship without its access
rule; a declaration whose pattern is gone fails it too.

The visitors: someone not logged in, the coordinator, and for one student's mobility its
supervisor, the student's mentor and the student; then a supervisor, a mentor and a student
who have nothing to do with it. Objects in URLs are that student's. "Their own" people see
them; the others get 404, as if they did not exist; a user who may see but not change gets
403. Actions are walked with a POST without data, pages with a GET.
"""

import datetime
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.documents.samples import PDF, PNG, upload
from tests.factories import (
    HostCompanyFactory,
    MobilityFactory,
    OwnTemplateItemFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)
from tests.links.helpers import make_link
from wegwijzer.accounts.models import Role, User
from wegwijzer.agreements.models import Agreement as SentAgreement
from wegwijzer.agreements.models import AgreementWording, Signature
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.calendars.services import make_feed
from wegwijzer.care.models import Incident, RollCall, RollCallEmail, RollCallEntry
from wegwijzer.documents.services import store_document
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.experiences.models import Experience
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant, Payment
from wegwijzer.groups.models import GroupStay
from wegwijzer.hosts.models import HostContact, HostRecognition
from wegwijzer.imports.models import ImportRun
from wegwijzer.links.models import Purpose, hash_token
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import MessageTemplate, Notification, OutboxMessage, Status
from wegwijzer.programmes.models import Step
from wegwijzer.travel.models import Colour, Country, Source, TravelAlert

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"
OWN = ("supervisor", "mentor", "student")
OTHERS = ("other supervisor", "other mentor", "other student")
VISITORS = (ANONYMOUS, COORDINATOR, *OWN, *OTHERS)
LOGIN = 302  # LoginRequiredMiddleware sends an anonymous visitor to the login page


@dataclass(frozen=True)
class World:
    users: dict[str, User]
    mobility: Mobility

    @property
    def student(self):
        return self.mobility.student

    def item(self, owner: str) -> str:
        """The public id of an open item of the mobility that the owner does."""
        item = self.mobility.items.filter(owners=[owner], applicable=True).first()
        assert item, f"the walk's mobility has no item done by {owner} alone"
        return str(item.public_id)


@dataclass(frozen=True)
class Rule:
    kwargs: Callable[[World], dict[str, str]]
    expect: dict[str, int]
    method: str = "get"


def answers(
    *,
    coordinator: int,
    own: int | tuple[int, int, int],
    others: int | tuple[int, int, int],
    anonymous: int = LOGIN,
) -> dict[str, int]:
    """Expected statuses; own and others may differ per role, as (supervisor, mentor, student)."""

    def per_role(statuses: int | tuple[int, int, int]) -> tuple[int, int, int]:
        return statuses if isinstance(statuses, tuple) else (statuses,) * 3

    return {
        ANONYMOUS: anonymous,
        COORDINATOR: coordinator,
        **dict(zip(OWN, per_role(own), strict=True)),
        **dict(zip(OTHERS, per_role(others), strict=True)),
    }


def everyone(status: int, anonymous: int | None = None) -> dict[str, int]:
    return answers(
        coordinator=status,
        own=status,
        others=status,
        anonymous=status if anonymous is None else anonymous,
    )


def coordinators_only(status: int = 200) -> dict[str, int]:
    """The school's own records: refused to every other role, whatever the object."""
    return answers(coordinator=status, own=403, others=403)


STAFF_ONLY = answers(coordinator=200, own=(200, 200, 403), others=(200, 200, 403))
NONE: Callable[[World], dict[str, str]] = lambda world: {}  # noqa: E731


def mobility(world: World) -> dict[str, str]:
    return {"public_id": str(world.mobility.public_id)}


def student(world: World) -> dict[str, str]:
    return {"public_id": str(world.student.public_id)}


def programme(world: World) -> dict[str, str]:
    return {"public_id": str(world.student.programme.public_id)}


def own_item(world: World) -> dict[str, str]:
    item = OwnTemplateItemFactory.create(programme=world.student.programme)
    return {"public_id": str(world.student.programme.public_id), "key": item.key}


def import_run(world: World) -> dict[str, str]:
    run = ImportRun.objects.create(
        kind="students",
        filename="export.csv",
        content=b"Studentnummer\r\n100001\r\n",
        columns={"studentnummer": "student_number"},
    )
    return {"public_id": str(run.public_id)}


def host(world: World) -> dict[str, str]:
    assert world.mobility.host_company
    return {"public_id": str(world.mobility.host_company.public_id)}


# Issue 15, hosts
HOST_READERS = answers(coordinator=200, own=(200, 403, 403), others=(200, 403, 403))


def host_contact(world: World) -> dict[str, str]:
    assert world.mobility.host_company
    contact = HostContact.objects.create(host=world.mobility.host_company, name="Carmen Ruiz")
    return {"public_id": str(contact.public_id)}


def host_recognition(world: World) -> dict[str, str]:
    assert world.mobility.host_company
    recognition = HostRecognition.objects.create(
        host=world.mobility.host_company, programme=ProgrammeFactory.create()
    )
    return {"public_id": str(recognition.public_id)}


def back_home_mobility(world: World) -> dict[str, str]:
    Mobility.objects.filter(pk=world.mobility.pk).update(step=Step.BACK_HOME)
    return mobility(world)


def account(world: World) -> dict[str, str]:
    return {"public_id": str(UserFactory.create(role=Role.MENTOR).public_id)}


def host_link(world: World) -> dict[str, str]:
    link, _token = make_link(world.mobility, Purpose.HOST_AGREEMENT)
    return {"public_id": str(link.public_id)}


def host_link_token(world: World) -> dict[str, str]:
    _link, token = make_link(world.mobility, Purpose.HOST_AGREEMENT)
    return {"token": token}


def roll_call_entry_of(world: World) -> RollCallEntry:
    roll_call = RollCall.objects.create(message="Storm", started_by=world.users[COORDINATOR])
    return RollCallEntry.objects.create(roll_call=roll_call, mobility=world.mobility)


def roll_call(world: World) -> dict[str, str]:
    return {"public_id": str(roll_call_entry_of(world).roll_call.public_id)}


def roll_call_entry(world: World) -> dict[str, str]:
    return {"public_id": str(roll_call_entry_of(world).public_id)}


def help_entry(world: World) -> dict[str, str]:
    entry = roll_call_entry_of(world)
    RollCallEntry.objects.filter(pk=entry.pk).update(answer="help")
    return {"public_id": str(entry.public_id)}


def roll_call_token(world: World) -> dict[str, str]:
    token = secrets.token_urlsafe(32)
    RollCallEmail.objects.create(entry=roll_call_entry_of(world), token_hash=hash_token(token))
    return {"token": token}


def incident(world: World) -> dict[str, str]:
    logged = Incident.objects.create(
        mobility=world.mobility, kind="theft", severity="minor",
        occurred_on=datetime.date.today(), description="Phone stolen",
    )  # fmt: skip
    return {"public_id": str(logged.public_id)}


def funding_table(world: World) -> dict[str, str]:
    FundingTable.objects.get_or_create(
        call_year=2024, defaults={"source": "test", "organisational_support": 0,
                                  "inclusion_support": 0},
    )  # fmt: skip
    return {"call_year": "2024"}


def agreement(world: World) -> dict[str, str]:
    made, _created = GrantAgreement.objects.get_or_create(
        project_number="2024-1-NL01-KA121-VET-000000001",
        defaults={
            "name": "Accreditatie", "call_year": 2024, "start": datetime.date(2024, 6, 1),
            "end": datetime.date(2026, 5, 31), "budget": 1000,
        },
    )  # fmt: skip
    return {"public_id": str(made.public_id)}


def sent_agreement(world: World, *, complete: bool = False) -> SentAgreement:
    """A placement agreement of the mobility as sent, with the school's place to sign."""
    made = SentAgreement.objects.create(
        mobility=world.mobility, kind="placement",
        number=SentAgreement.objects.filter(mobility=world.mobility).count() + 1,
        pdf=b"%PDF-", pdf_sha256="0" * 64, fingerprint="0" * 64,
        state="complete" if complete else "signing",
        signed_pdf=b"%PDF-signed" if complete else None,
        signed_pdf_sha256="1" * 64 if complete else "",
    )  # fmt: skip
    Signature.objects.create(agreement=made, party="school", user=world.users[COORDINATOR])
    return made


def school_place(world: World) -> dict[str, str]:
    place = sent_agreement(world).signatures.get()
    return {"public_id": str(place.public_id)}


def agreement_sent(world: World) -> dict[str, str]:
    return {"public_id": str(sent_agreement(world).public_id)}


def agreement_complete(world: World) -> dict[str, str]:
    return {"public_id": str(sent_agreement(world, complete=True).public_id)}


def payment(world: World) -> dict[str, str]:
    """A planned payment of the mobility's grant."""
    made_agreement = GrantAgreement.objects.get(public_id=agreement(world)["public_id"])
    grant, _created = MobilityGrant.objects.get_or_create(
        mobility=world.mobility,
        defaults={"agreement": made_agreement, "distance_km": 1466, "computed_total": 1000,
                  "school_support": 350, "student_share": 100},
    )  # fmt: skip
    planned = Payment.objects.create(
        grant=grant, position=1, percent=100, moment="before_departure", amount=650,
        due_on=world.mobility.departure_date,
    )  # fmt: skip
    return {"public_id": str(planned.public_id)}


# Issue 15, Europass Mobility and the participant report


def europass(world: World, *, issued: bool) -> dict[str, str]:
    """A Europass of the walk's mobility, a draft or issued; the one before is withdrawn."""
    now = timezone.now()
    world.mobility.europasses.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    made = EuropassMobility.objects.create(
        mobility=world.mobility, holder_name="Holder", host_name="Host", host_city="Valencia",
        host_country="ES", first_day=world.mobility.departure_date,
        last_day=world.mobility.return_date, objective="Objective", activities="Activities",
        issued_at=now if issued else None, credential="{}" if issued else "",
        pdf=b"%PDF-1.7" if issued else None,
    )  # fmt: skip
    return {"public_id": str(made.public_id)}


def europass_draft(world: World) -> dict[str, str]:
    return europass(world, issued=False)


def europass_issued(world: World) -> dict[str, str]:
    return europass(world, issued=True)


def mobility_with_grant(world: World) -> dict[str, str]:
    payment(world)
    return mobility(world)


def student_item(world: World) -> dict[str, str]:
    return {"item_id": world.item("student")}


def item_to_check(world: World) -> dict[str, str]:
    """The student's budget item, marked done and waiting for the supervisor's check."""
    item = world.mobility.items.get(template_item__key="preparation-budget")
    item.status = ItemStatus.TO_CHECK
    item.save(update_fields=["status"])
    return {"item_id": str(item.public_id)}


def document(world: World) -> dict[str, str]:
    item = world.mobility.items.get(public_id=world.item("student"))
    stored = store_document(
        by=world.users[COORDINATOR],
        mobility=world.mobility,
        item=item,
        upload=upload("plan.pdf", PDF),
        content_type="application/pdf",
    )
    return {"public_id": str(stored.public_id)}


def country(world: World) -> dict[str, str]:
    Country.objects.get_or_create(code=world.mobility.destination_country, official_colour=1)
    return {"code": str(world.mobility.destination_country)}


def travel_alert(world: World) -> dict[str, str]:
    """An alert about the mobility's country, told to the coordinator and its supervisor."""
    place, _created = Country.objects.get_or_create(code=world.mobility.destination_country)
    change = place.changes.create(source=Source.OFFICIAL, new_colour=Colour.RED)
    alert = TravelAlert.objects.create(change=change, country=place, colour=Colour.RED)
    for name in (COORDINATOR, "supervisor"):
        alert.recipients.create(user=world.users[name])
    return {"public_id": str(alert.public_id)}


def wording(world: World) -> dict[str, str]:
    """A kind of message in English, worded by default."""
    return {"kind": "roll_call_help", "language": "en"}


def own_wording(world: World) -> dict[str, str]:
    """A kind of message in English with the school's own wording, which can be reset."""
    MessageTemplate.objects.get_or_create(
        kind="roll_call_help", language="en", defaults={"subject": "Help", "body": "{link}"}
    )
    return wording(world)


# Issue 18, agreement documents
def agreement_wording(world: World) -> dict[str, str]:
    return {"kind": "placement", "language": "en"}


def own_agreement_wording(world: World) -> dict[str, str]:
    """A kind of agreement in English with the school's own wording, which can be reset."""
    AgreementWording.objects.get_or_create(
        kind="placement", language="en", defaults={"body": "{student}"}
    )
    return agreement_wording(world)


def calendar_token(world: World) -> dict[str, str]:
    """A fresh feed of the student's: a calendar app fetches it without logging in."""
    CalendarFeed.objects.filter(user=world.users["student"]).delete()
    token = make_feed(world.users["student"])
    assert token
    return {"token": token}


def notifications(world: World) -> dict[str, str]:
    """An unread notification for every visitor, a failed e-mail and an account without an
    e-mail address, so the notification pages show what they list."""
    for user in world.users.values():
        Notification.objects.get_or_create(
            dedupe_key=f"walk:u{user.pk}",
            defaults={"user": user, "kind": Kind.CONSENT_ANSWERED, "url": "/",
                      "subject": "Toestemming voor Sanne: gegeven", "body": "Hallo"},
        )  # fmt: skip
    OutboxMessage.objects.get_or_create(
        dedupe_key="walk:failed",
        defaults={"recipient": world.users["supervisor"], "to_email": "s@example.org",
                  "kind": Kind.TO_CHECK, "language": "nl", "subject": "Te controleren",
                  "body": "Hallo", "status": Status.FAILED, "attempts": 6},
    )  # fmt: skip
    UserFactory.create(email="", role=Role.MENTOR)
    return {}


def experience(world: World) -> dict[str, str]:
    """A post of the student's stay with a photo, not shared."""
    made = Experience.objects.create(mobility=world.mobility, text="Mooi", photo_type="image/png")
    made.photo.save("foto.png", upload("foto.png", PNG))
    return {"public_id": str(made.public_id)}


def back_home(world: World) -> dict[str, str]:
    """The student's stay, back home (step 5), where the student may become an ambassador."""
    Mobility.objects.filter(pk=world.mobility.pk).update(step=Step.BACK_HOME)
    return mobility(world)


# A POST without data to an action shows the page again with what is missing (200) to
# whoever may take it.
# Issue 17, group stays


def group_stay(world: World) -> GroupStay:
    """A group stay the walk's mobility takes part in, accompanied by its supervisor."""
    group = GroupStay.objects.create(
        name="Uitwisseling Lyon", destination_country="FR", destination_city="Lyon",
        departure_date=world.mobility.departure_date, return_date=world.mobility.return_date,
    )  # fmt: skip
    group.staff.add(world.users["supervisor"])
    Mobility.objects.filter(pk=world.mobility.pk).update(group=group)
    return group


def group(world: World) -> dict[str, str]:
    return {"public_id": str(group_stay(world).public_id)}


def group_member(world: World) -> dict[str, str]:
    return {**group(world), "mobility_id": str(world.mobility.public_id)}


RULES: dict[str, Rule] = {
    # Logging in and out, the password, the language: open to everyone.
    "login": Rule(NONE, everyone(200)),
    "logout": Rule(NONE, everyone(302), method="post"),
    "password_reset": Rule(NONE, everyone(200)),
    "password_reset_done": Rule(NONE, everyone(200)),
    "password_reset_confirm": Rule(
        lambda world: {"uidb64": "MQ", "token": "not-a-token"}, everyone(200)
    ),
    "password_reset_complete": Rule(NONE, everyone(200)),
    "password_change": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "password_change_done": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "set_language": Rule(NONE, everyone(302), method="post"),
    # Two-factor login, for staff: a student is not offered it. The second login step
    # without a first one, the recovery codes without a new set and turning off what is
    # not on all send the visitor on.
    "two_factor:login": Rule(NONE, everyone(302)),
    "two_factor:overview": Rule(
        NONE, answers(coordinator=200, own=(200, 200, 403), others=(200, 200, 403))
    ),
    "two_factor:setup": Rule(
        NONE, answers(coordinator=200, own=(200, 200, 403), others=(200, 200, 403))
    ),
    **{
        f"two_factor:{name}": Rule(
            NONE, answers(coordinator=302, own=(302, 302, 403), others=(302, 302, 403))
        )
        for name in ("recovery-codes", "new-codes", "off")
    },
    # Accounts, managed by coordinators; actions taken on another staff member's account.
    "users:list": Rule(NONE, coordinators_only()),
    "users:invite": Rule(NONE, coordinators_only()),
    "users:detail": Rule(account, coordinators_only()),
    **{
        f"users:{action}": Rule(account, coordinators_only(302), method="post")
        for action in ("deactivate", "reactivate", "reset-two-factor", "resend-invitation")
    },
    "users:role": Rule(account, coordinators_only(200), method="post"),
    "users:phone": Rule(account, coordinators_only(302), method="post"),
    # Each role's home page.
    "home": Rule(NONE, everyone(200, anonymous=LOGIN)),
    # Students.
    "students:list": Rule(NONE, coordinators_only()),
    # Bulk actions: a post without a choice goes back to the list with a message. The
    # coordinator's on both lists; a supervisor's on their own stays (bulk.selection).
    "bulk:students": Rule(NONE, coordinators_only(302), method="post"),
    "bulk:mobilities": Rule(
        NONE, answers(coordinator=302, own=(302, 403, 403), others=(302, 403, 403)), method="post"
    ),
    "students:create": Rule(NONE, coordinators_only()),
    "students:detail": Rule(student, answers(coordinator=200, own=200, others=404)),
    "students:edit": Rule(student, coordinators_only()),
    # Emergency contacts, medical notes, passport and insurance: not for the mentor.
    "students:sensitive": Rule(student, answers(coordinator=200, own=(200, 403, 200), others=404)),
    # Interest in going abroad: the mentor and the coordinator; asking the coordinators to
    # start a stay: the mentor; the medical notes on the emergency card: the student alone.
    # A POST without data is refused with a message, back on the page it came from.
    "students:interest": Rule(
        student, answers(coordinator=302, own=(403, 302, 403), others=404), method="post"
    ),
    "students:ask-for-stay": Rule(
        student, answers(coordinator=403, own=(403, 302, 403), others=404), method="post"
    ),
    "students:medical-on-card": Rule(
        student, answers(coordinator=403, own=(403, 403, 302), others=404), method="post"
    ),
    # A whole cohort (issue 17): invitations and messages are the coordinators'. Resending
    # without a ticked student is refused with a message, back on the list.
    "cohort:invite": Rule(NONE, coordinators_only()),
    "cohort:accounts": Rule(NONE, coordinators_only()),
    "cohort:resend": Rule(NONE, coordinators_only(302), method="post"),
    "cohort:messages": Rule(NONE, coordinators_only()),
    "cohort:message-new": Rule(NONE, coordinators_only()),
    "privacy:export": Rule(student, coordinators_only()),
    "privacy:erase": Rule(student, coordinators_only()),
    # Mobilities: seen by their own people, changed by the coordinator.
    "mobilities:create": Rule(NONE, coordinators_only()),
    "mobilities:detail": Rule(mobility, answers(coordinator=200, own=200, others=404)),
    "mobilities:edit": Rule(mobility, answers(coordinator=200, own=403, others=404)),
    # The grant's facts and a total set by hand: the coordinator, like the mobility's facts.
    "funding:overview": Rule(NONE, coordinators_only()),
    "funding:agreement-new": Rule(NONE, coordinators_only()),
    "funding:table-new": Rule(NONE, coordinators_only()),
    "funding:table-edit": Rule(funding_table, coordinators_only()),
    "funding:agreement-edit": Rule(agreement, coordinators_only()),
    "funding:mobility-grant": Rule(mobility, answers(coordinator=200, own=403, others=404)),
    "funding:agreement-totals": Rule(agreement, coordinators_only()),
    "funding:participants-csv": Rule(agreement, coordinators_only()),
    "funding:participants-xlsx": Rule(agreement, coordinators_only()),
    # The mobility form's city search box: whoever may fill in a mobility's destination.
    "funding:city-search": Rule(NONE, coordinators_only()),
    # The grant policy and the payments: the coordinator's; the student sees theirs at home.
    "funding:policy": Rule(NONE, coordinators_only()),
    "funding:payments": Rule(NONE, coordinators_only()),
    "funding:payment-paid": Rule(payment, coordinators_only()),
    "funding:payment-undo": Rule(payment, coordinators_only()),
    **{
        f"mobilities:{action}": Rule(
            mobility, answers(coordinator=200, own=403, others=404), method="post"
        )
        for action in (
            "advance",
            "move-back",
            "decide",
            "cancel",
            "break-off",
            "depart",
            "complete",
            "reopen",
        )
    },
    # A move's confirmation page: what it will do, for whoever makes the move.
    "mobilities:confirm": Rule(
        lambda world: {**mobility(world), "move": "cancel"},
        answers(coordinator=200, own=403, others=404),
    ),
    # Checklist items: the student's own item is theirs and the coordinator's to change;
    # a required item is waived by the coordinator only.
    **{
        f"mobilities:item-{action}": Rule(
            student_item,
            answers(coordinator=200, own=(403, 403, 200), others=404),
            method="post",
        )
        for action in ("complete", "reopen", "upload")
    },
    "mobilities:item-waive": Rule(
        student_item, answers(coordinator=200, own=403, others=404), method="post"
    ),
    # School checks: an item waiting for one is accepted or sent back by the coordinator,
    # and one the school has the supervisor check by the stay's supervisor too.
    **{
        f"mobilities:item-{action}": Rule(
            item_to_check,
            answers(coordinator=200, own=(200, 403, 403), others=404),
            method="post",
        )
        for action in ("accept", "send-back")
    },
    # Documents: downloaded by whoever sees the mobility.
    "documents:download": Rule(document, answers(coordinator=200, own=200, others=404)),
    # Links for guardians and host companies: the link itself opens for anyone holding it
    # (an unknown one answers 404: tests/links); sending one is the coordinator's, and a
    # host company's link also the mobility's supervisor's.
    "links:open": Rule(host_link_token, everyone(200)),
    "links:send": Rule(
        mobility, answers(coordinator=302, own=(302, 403, 403), others=404), method="post"
    ),
    **{
        f"links:{action}": Rule(
            host_link, answers(coordinator=302, own=(302, 403, 403), others=404), method="post"
        )
        for action in ("revoke", "resend")
    },
    # Agreements (issue 18): sent by the coordinator; the school's place signed by a
    # coordinator; read by the coordinator, the stay's supervisor and the student, and by
    # the mentor only when the school allows it (off by default).
    "agreements:send": Rule(mobility, answers(coordinator=302, own=403, others=404), method="post"),
    "agreements:sign": Rule(school_place, answers(coordinator=200, own=403, others=404)),
    "agreements:signature_document": Rule(
        school_place, answers(coordinator=200, own=403, others=404)
    ),
    "agreements:download": Rule(
        agreement_sent, answers(coordinator=200, own=(200, 403, 200), others=404)
    ),
    "agreements:download_signed": Rule(
        agreement_complete, answers(coordinator=200, own=(200, 403, 200), others=404)
    ),
    # Duty of care. A student's roll-call link opens for anyone holding it (an unknown one
    # answers 404: tests/care); roll calls and the school's incident list are the
    # coordinator's. Incidents are logged and read on a mobility by its coordinator and
    # supervisor; the mentor and the student may see the mobility but not log one (403),
    # and do not see its incidents (404).
    "care:answer": Rule(roll_call_token, everyone(200)),
    "care:roll-calls": Rule(NONE, coordinators_only()),
    "care:roll-call-start": Rule(NONE, coordinators_only()),
    "care:roll-call": Rule(roll_call, coordinators_only()),
    "care:roll-call-remind": Rule(roll_call, coordinators_only(302), method="post"),
    "care:roll-call-close": Rule(roll_call, coordinators_only(302), method="post"),
    "care:answer-by-phone": Rule(roll_call_entry, coordinators_only()),
    # Marking a call for help handled: a coordinator, or the supervisor of the stay.
    "care:help-handled": Rule(
        help_entry, answers(coordinator=302, own=(302, 404, 404), others=404), method="post"
    ),
    "care:incidents": Rule(NONE, coordinators_only()),
    "care:incident-create": Rule(
        mobility, answers(coordinator=200, own=(200, 403, 403), others=404), method="post"
    ),
    "care:incident-edit": Rule(incident, answers(coordinator=200, own=(200, 404, 404), others=404)),
    # Who is where, with everyone's contacts: the coordinator sees the whole school, every
    # supervisor their own students (an empty list for one without any); mentors and
    # students are refused.
    **{
        f"whereabouts:{name}": Rule(
            NONE, answers(coordinator=200, own=(200, 403, 403), others=(200, 403, 403))
        )
        for name in ("list", "csv", "xlsx")
    },
    # Issue 17, exports: each list's export has the list's gate. The students list is the
    # coordinator's; the list of stays and their checklists a coordinator's or supervisor's
    # home list (a supervisor's holds their own stays); host companies as their list.
    **{f"students:export-{kind}": Rule(NONE, coordinators_only()) for kind in ("csv", "xlsx")},
    **{
        f"mobilities:{name}": Rule(
            NONE, answers(coordinator=200, own=(200, 403, 403), others=(200, 403, 403))
        )
        for name in ("export-csv", "export-xlsx", "checklists-csv", "checklists-xlsx")
    },
    **{f"hosts:export-{kind}": Rule(NONE, HOST_READERS) for kind in ("csv", "xlsx")},
    **{
        f"funding:participants-layout-{kind}": Rule(
            lambda world: {**agreement(world), "slug": "beneficiary-module"}, coordinators_only()
        )
        for kind in ("csv", "xlsx")
    },
    "funding:layouts": Rule(NONE, coordinators_only()),
    "funding:layout-new": Rule(NONE, coordinators_only()),
    "funding:layout-edit": Rule(lambda world: {"slug": "beneficiary-module"}, coordinators_only()),
    # The emergency card holds the insurance number: for the coordinator, the mobility's
    # supervisor and the student, not the mentor.
    "emergency_card:download": Rule(
        mobility, answers(coordinator=200, own=(200, 403, 200), others=404)
    ),
    # The student's budget: the student's to make (the coordinator may correct it), read by
    # the stay's supervisor; not the mentor's.
    "budgets:detail": Rule(mobility, answers(coordinator=200, own=(200, 403, 200), others=404)),
    "budgets:edit": Rule(mobility, answers(coordinator=200, own=(403, 403, 200), others=404)),
    "budgets:pdf": Rule(mobility, answers(coordinator=200, own=(200, 403, 200), others=404)),
    # The school's wording of each kind of message: coordinators. The live preview answers
    # a POST without data with what is missing.
    "notifications:wording": Rule(NONE, coordinators_only()),
    "notifications:wording-edit": Rule(wording, coordinators_only()),
    "notifications:wording-preview": Rule(wording, coordinators_only(), method="post"),
    "notifications:wording-reset": Rule(own_wording, coordinators_only()),
    # The school's records, kept by coordinators.
    "hosts:create": Rule(NONE, coordinators_only()),
    # The cohort import fills the school's records: coordinators.
    "imports:start": Rule(NONE, coordinators_only()),
    "imports:run": Rule(import_run, coordinators_only()),
    "imports:apply": Rule(import_run, coordinators_only(302), method="post"),
    "imports:sample": Rule(lambda world: {"name": "eduarte-studenten.csv"}, coordinators_only()),
    "hosts:edit": Rule(host, coordinators_only()),
    "programmes:list": Rule(NONE, coordinators_only()),
    "programmes:create": Rule(NONE, coordinators_only()),
    "programmes:edit": Rule(programme, coordinators_only()),
    "programmes:checklist": Rule(programme, coordinators_only()),
    "programmes:item_create": Rule(programme, coordinators_only()),
    "programmes:item_edit": Rule(own_item, coordinators_only()),
    "programmes:item_remove": Rule(own_item, coordinators_only()),
    # Travel advice: public facts, read by staff (a student reads the ministry's own page);
    # a colour is set by hand by coordinators only; an alert is acknowledged by whoever was
    # told of it: the coordinators and the supervisors of the mobilities there.
    "travel:list": Rule(NONE, STAFF_ONLY),
    "travel:country": Rule(country, STAFF_ONLY),
    "travel:set-colour": Rule(country, coordinators_only(200), method="post"),
    "travel:acknowledge": Rule(
        travel_alert, answers(coordinator=302, own=(302, 404, 404), others=404), method="post"
    ),
    # Each user's own calendar link; the feed itself opens with its token alone. Renewing
    # or stopping without a link sends the user back to the page.
    "calendars:page": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "calendars:make": Rule(NONE, everyone(302), method="post"),
    "calendars:renew": Rule(NONE, everyone(302)),
    "calendars:stop": Rule(NONE, everyone(302)),
    "calendars:feed": Rule(calendar_token, everyone(200)),
    # Notifications: everyone reads and marks their own (whose ids go in the POST body; a
    # post without one goes back to the list with a message, another's answers 404:
    # tests/notifications); the outbox is the coordinators'.
    "notifications:inbox": Rule(notifications, everyone(200, anonymous=LOGIN)),
    **{
        f"notifications:{action}": Rule(NONE, everyone(302), method="post")
        for action in ("mark-read", "mark-all-read", "open")
    },
    "notifications:preferences": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "notifications:outbox": Rule(notifications, coordinators_only()),
    "notifications:outbox-retry": Rule(NONE, coordinators_only(302), method="post"),
    "notifications:outbox-retry-all": Rule(notifications, coordinators_only(302), method="post"),
    # Issue 15, learning goals, reflection and assessment. Whoever sees the stay reads
    # them; its coordinator and supervisor keep the goals, reviews and assessment (the
    # mentor and the student may see but not change them: 403); only the student writes
    # the reflection; the mentor, supervisor and coordinator respond to it or reopen it.
    "learning:detail": Rule(mobility, answers(coordinator=200, own=200, others=404)),
    **{
        f"learning:{name}": Rule(
            mobility, answers(coordinator=200, own=(200, 403, 403), others=404)
        )
        for name in ("goal-add", "review-add", "assessment")
    },
    "learning:goal-edit": Rule(
        lambda world: {
            "public_id": str(world.mobility.learning_goals.create(goal="Doel").public_id)
        },
        answers(coordinator=200, own=(200, 403, 403), others=404),
    ),
    "learning:goal-remove": Rule(
        lambda world: {
            "public_id": str(world.mobility.learning_goals.create(goal="Doel").public_id)
        },
        answers(coordinator=302, own=(302, 403, 403), others=404),
        method="post",
    ),
    "learning:reflection": Rule(
        mobility, answers(coordinator=403, own=(403, 403, 200), others=404)
    ),
    "learning:respond": Rule(
        mobility, answers(coordinator=200, own=(200, 200, 403), others=404), method="post"
    ),
    "learning:reopen": Rule(
        mobility, answers(coordinator=302, own=(302, 302, 403), others=404), method="post"
    ),
    # Issue 15, extending a stay, experiences, ambassadors. The stay is extended by the
    # coordinator and its own supervisor. Shared posts and the ambassador pool are read by
    # every role; a stay's posts by who sees the stay; consent is the writer's, sharing the
    # coordinator's; joining the pool the student's own, back home.
    "mobilities:extend": Rule(
        mobility, answers(coordinator=200, own=(200, 403, 403), others=404), method="post"
    ),
    "experiences:shared": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "experiences:review": Rule(NONE, coordinators_only()),
    "experiences:stay": Rule(mobility, answers(coordinator=200, own=200, others=404)),
    "experiences:consent": Rule(
        experience, answers(coordinator=403, own=(403, 403, 302), others=404), method="post"
    ),
    "experiences:share": Rule(experience, coordinators_only(302), method="post"),
    "experiences:photo": Rule(experience, answers(coordinator=200, own=200, others=404)),
    "experiences:pool": Rule(NONE, everyone(200, anonymous=LOGIN)),
    "experiences:ambassador": Rule(
        back_home, answers(coordinator=403, own=(403, 403, 200), others=404)
    ),
    "experiences:leave": Rule(
        back_home, answers(coordinator=403, own=(403, 403, 302), others=404), method="post"
    ),
    # Issue 15, contacts: the log is read by everyone who sees the stay (a mentor and the
    # student without confidential texts); the coordinator and the stay's supervisor log
    # and set the agreement; the student checks in only while abroad (the walk's stay has
    # not left yet: 403), nobody else.
    "contacts:log": Rule(mobility, answers(coordinator=200, own=200, others=404)),
    "contacts:agreement": Rule(mobility, answers(coordinator=200, own=(200, 403, 403), others=404)),
    "contacts:new": Rule(mobility, answers(coordinator=200, own=(200, 403, 403), others=404)),
    "contacts:check-in": Rule(
        mobility, answers(coordinator=403, own=403, others=404), method="post"
    ),
    # Issue 15, Europass Mobility and the participant report. Whoever sees the stay reads
    # its Europass page and downloads an issued one; only the coordinator issues and
    # withdraws (the supervisor edits a draft from step 5: tests/europass), and records the
    # participant report.
    "europass:page": Rule(mobility, answers(coordinator=200, own=200, others=404)),
    "europass:issue": Rule(europass_draft, answers(coordinator=200, own=403, others=404)),
    "europass:withdraw": Rule(europass_issued, answers(coordinator=200, own=403, others=404)),
    "europass:pdf": Rule(europass_issued, answers(coordinator=200, own=200, others=404)),
    "europass:credential": Rule(europass_issued, answers(coordinator=200, own=200, others=404)),
    "funding:participant-report": Rule(
        mobility_with_grant, answers(coordinator=200, own=403, others=404)
    ),
    "funding:report-import": Rule(NONE, coordinators_only()),
    # Issue 15, hosts: the list and a company's page are for the school's staff (the stays
    # on it those the reader may see); its contacts and recognitions the coordinator's; the
    # student says how the host was once back home.
    "hosts:list": Rule(NONE, HOST_READERS),
    "hosts:detail": Rule(host, HOST_READERS),
    "hosts:contact_create": Rule(host, coordinators_only()),
    "hosts:contact_edit": Rule(host_contact, coordinators_only()),
    "hosts:contact_remove": Rule(host_contact, coordinators_only(302), method="post"),
    "hosts:recognition_create": Rule(host, coordinators_only()),
    "hosts:recognition_remove": Rule(host_recognition, coordinators_only(302), method="post"),
    "hosts:review": Rule(
        back_home_mobility, answers(coordinator=403, own=(403, 403, 200), others=404)
    ),
    # Issue 17, group stays: the coordinator makes and changes them; the staff who
    # accompany a group (here the stay's supervisor) see it and its emergency sheet; the
    # student's mentor, who does not accompany it, and students do not.
    "groups:list": Rule(NONE, STAFF_ONLY),
    "groups:create": Rule(NONE, coordinators_only()),
    "groups:detail": Rule(group, answers(coordinator=200, own=(200, 404, 404), others=404)),
    "groups:edit": Rule(group, answers(coordinator=200, own=(403, 404, 404), others=404)),
    "groups:add-members": Rule(group, answers(coordinator=200, own=(403, 404, 404), others=404)),
    "groups:remove-member": Rule(
        group_member, answers(coordinator=302, own=(403, 404, 404), others=404), method="post"
    ),
    "groups:emergency-sheet": Rule(
        group, answers(coordinator=200, own=(200, 404, 404), others=404)
    ),
    # Issue 18, agreement documents: a stay's terms are read by the coordinator, its
    # supervisor and the student (the mentor only where the school allows it: not by
    # default); the school's wording and settings are the coordinator's.
    "agreements:terms": Rule(mobility, answers(coordinator=200, own=(200, 403, 200), others=404)),
    "agreements:settings": Rule(NONE, coordinators_only()),
    "agreements:wording": Rule(NONE, coordinators_only()),
    "agreements:wording-edit": Rule(agreement_wording, coordinators_only()),
    "agreements:wording-reset": Rule(own_agreement_wording, coordinators_only()),
}


def pattern_names(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> Iterator[str]:
    """The name of every URL pattern, with its namespace; an unnamed one as its route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from pattern_names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name}" if pattern.name else f"unnamed {pattern.pattern}"


def test_every_url_pattern_declares_who_may_use_it():
    names = set(pattern_names())

    assert sorted(names - RULES.keys()) == [], "URL patterns without an access rule"
    assert sorted(RULES.keys() - names) == [], "access rules for URL patterns that are gone"


@pytest.fixture
def world(db) -> World:
    users = {
        role_name: UserFactory.create(username=role_name.replace(" ", "-"), role=role)
        for role_name, role in [
            (COORDINATOR, Role.COORDINATOR),
            ("supervisor", Role.SUPERVISOR),
            ("mentor", Role.MENTOR),
            ("student", Role.STUDENT),
            ("other supervisor", Role.SUPERVISOR),
            ("other mentor", Role.MENTOR),
            ("other student", Role.STUDENT),
        ]
    }
    own_student = StudentFactory(user=users["student"], mentor=users["mentor"])
    other_student = StudentFactory(user=users["other student"], mentor=users["other mentor"])
    the_mobility = MobilityFactory.create(
        student=own_student,
        supervisor=users["supervisor"],
        host_company=HostCompanyFactory(),
        departure_date=datetime.date.today() + datetime.timedelta(days=60),
    )
    MobilityFactory(student=other_student, supervisor=users["other supervisor"])
    return World(users=users, mobility=the_mobility)


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_visitor_gets_the_declared_answer(world, name):
    rule = RULES[name]
    answered = {}
    for visitor in VISITORS:
        # Each visitor gets an object of their own, so that one's action cannot change
        # what the next one finds.
        url = reverse(name, kwargs=rule.kwargs(world))
        client = Client()
        if visitor != ANONYMOUS:
            client.force_login(world.users[visitor])
        response = getattr(client, rule.method)(url)
        answered[visitor] = response.status_code

    assert answered == rule.expect

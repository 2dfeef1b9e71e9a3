"""What the contact log shows elsewhere: the "Contact" card of the mobility page, the
student's check-in on their home page and the supervisor's missed moments on theirs.
Each a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.contacts.forms import CheckInForm
from wegwijzer.contacts.models import ContactAgreement, ContactEntry, ContactMoment
from wegwijzer.contacts.planning import missed_by
from wegwijzer.contacts.services import newest_entry_id
from wegwijzer.mobilities.models import Mobility

CARD_ENTRIES = 5
CARD_MISSED = 3
HOME_MISSED = 10


@dataclass
class Row:
    """An entry as the reader may read it: a confidential one's texts and wellbeing only
    for the coordinator and the stay's supervisor."""

    entry: ContactEntry
    readable: bool


def rows(user: User, mobility: Mobility, entries: list[ContactEntry]) -> list[Row]:
    reads_all = access.can_read_contact_texts(user, mobility)
    return [Row(entry, reads_all or not entry.confidential) for entry in entries]


@dataclass
class ContactCard:
    agreement: ContactAgreement | None
    next_moment: ContactMoment | None
    missed: list[ContactMoment]
    missed_count: int
    rows: list[Row]
    can_log: bool
    can_set_agreement: bool


def contact_card(user: User, mobility: Mobility, today: datetime.date) -> ContactCard | None:
    """The mobility page's card, for whoever may see the log; None hides it."""
    if not access.can_see_contacts(user, mobility):
        return None
    # The open moments still ahead and those missed: a stay has a few dozen at most.
    open_moments = list(
        mobility.contact_moments.filter(
            Q(entry__isnull=True, due_on__gte=today) | missed_by(today)
        ).order_by("due_on", "pk")
    )
    missed = [moment for moment in open_moments if moment.due_on < today][::-1]
    entries = list(mobility.contact_entries.select_related("author")[:CARD_ENTRIES])
    return ContactCard(
        agreement=ContactAgreement.objects.filter(mobility=mobility).first(),
        next_moment=next((m for m in open_moments if m.due_on >= today), None),
        missed=missed[:CARD_MISSED],
        missed_count=len(missed),
        rows=rows(user, mobility, entries),
        can_log=access.can_log_contact(user, mobility),
        can_set_agreement=access.can_set_contact_agreement(user, mobility),
    )


@dataclass
class CheckIn:
    form: CheckInForm
    mobility: Mobility
    last: ContactEntry | None


def check_in_box(
    user: User, journey: Mobility | None, form: CheckInForm | None = None
) -> CheckIn | None:
    """The student's check-in on their home page, while abroad; None otherwise."""
    if journey is None or not access.can_check_in(user, journey):
        return None
    last = journey.contact_entries.filter(author=user).order_by("-created_at", "-pk").first()
    form = form or CheckInForm(initial={"newest": newest_entry_id(journey, author=user)})
    return CheckIn(form=form, mobility=journey, last=last)


@dataclass
class MissedContacts:
    moments: list[ContactMoment] = field(default_factory=list)
    count: int = 0


def missed_for(user: User, today: datetime.date) -> MissedContacts | None:
    """The moments missed in the stays a supervisor supervises; None when there are none."""
    if user.role != Role.SUPERVISOR:
        return None
    missed = (
        ContactMoment.objects.filter(missed_by(today), mobility__in=access.visible_mobilities(user))
        .select_related("mobility__student")
        .order_by("due_on", "pk")
    )
    shown = list(missed[:HOME_MISSED])
    if not shown:
        return None
    return MissedContacts(moments=shown, count=missed.count())

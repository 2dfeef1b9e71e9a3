"""The audit trail's entries for looking at who is where and at an emergency card.

Both show sensitive data (insurance numbers, the people at home), so each look is recorded:
one entry per page or file, not per student on it.
"""

from django.utils.translation import gettext_lazy, gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.mobilities.models import Mobility
from wegwijzer.whereabouts.forms import Choice

# The labels are translated when the trail is shown (audit/_history.html).
LIST_LABEL = gettext_noop("Who is where")
CARD_LABEL = gettext_noop("Emergency card")


def record_list_view(*, by: User, choice: Choice, shown_as: str, rows: int) -> None:
    """Who looked at (shown_as "page") or exported ("CSV", "XLSX") the list, for which day
    and filters, and how many students it held."""
    everything = gettext_lazy("all")
    note = Phrase(
        gettext_noop(
            "%(shown_as)s: %(day)s, country %(country)s, colour %(colour)s, "
            "students listed: %(rows)s"
        ),
        shown_as=gettext_lazy("page") if shown_as == "page" else shown_as,
        day=choice.day,
        country=choice.country or everything,
        colour=choice.colour or everything,
        rows=rows,
    )
    record(by=by, action=Action.VIEW, obj=by, label=LIST_LABEL, note=note)


def record_card_download(mobility: Mobility, *, by: User) -> None:
    record(
        by=by, action=Action.VIEW, obj=mobility, label=CARD_LABEL,
        mobility=mobility, student=mobility.student, note="PDF",
    )  # fmt: skip

"""How the conditions and due dates of the checklist template are read for one mobility.

The template (programmes.TemplateItem) says *which* condition an item has; this module
holds the one place that says what each condition means.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from wegwijzer.core.countries import in_eea_or_switzerland
from wegwijzer.mobilities.models import ANCHOR_FIELDS, Funding, Mobility
from wegwijzer.programmes.models import Condition

CONDITION_RULES: dict[str, Callable[[Mobility], bool]] = {
    Condition.ALWAYS: lambda mobility: True,
    Condition.UNDER_18: lambda mobility: mobility.student.age_on(mobility.departure_date) < 18,
    Condition.ERASMUS: lambda mobility: mobility.funding == Funding.ERASMUS,
    Condition.OUTSIDE_EEA: lambda mobility: not in_eea_or_switzerland(mobility.destination_country),
    Condition.EXAM_ABROAD: lambda mobility: mobility.exam_abroad,
    Condition.EXTENDED: lambda mobility: mobility.extended,
    Condition.INSIDE_EEA: lambda mobility: in_eea_or_switzerland(mobility.destination_country),
}

# The facts of a mobility (and of its student) that the rules above and due dates read:
# when one of these changes, the checklist is evaluated again.
CHECKLIST_FACTS = frozenset(
    {"departure_date", "return_date", "destination_country", "funding", "exam_abroad", "extended"}
)


def applies(condition: str, mobility: Mobility) -> bool:
    return CONDITION_RULES[condition](mobility)


def due_date(anchor: str, offset_days: int, mobility: Mobility) -> datetime.date:
    """The template's date for the item, but never before the stay's creation day plus
    CHECKLIST_GRACE_DAYS: an item cannot be late before the stay existed, and whoever does
    it gets some days. Migration 0005_attention_grace_floor applied this to older items."""
    anchor_date: datetime.date = getattr(mobility, ANCHOR_FIELDS[anchor])
    return max(anchor_date + datetime.timedelta(days=offset_days), earliest_due_date(mobility))


def earliest_due_date(mobility: Mobility) -> datetime.date:
    created = timezone.localdate(mobility.created_at)
    return created + datetime.timedelta(days=settings.CHECKLIST_GRACE_DAYS)

"""Whether the student's passport or ID card lasts the stay (safety data the guide implies).

Many countries let a traveller in only with a document valid some months after they leave:
Wegwijzer asks for three months after the planned return in the EU/EEA and Switzerland,
six months elsewhere. A pure function of the mobility and its student, already loaded.
"""

import calendar
import datetime
from dataclasses import dataclass

from wegwijzer.core.countries import country_name, in_eea_or_switzerland
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

MONTHS_INSIDE_EEA = 3
MONTHS_OUTSIDE_EEA = 6


@dataclass(frozen=True)
class IdDocumentWarning:
    """A document that does not last the stay, or (`expiry` None) one whose expiry date is
    not known: a softer note. The partial mobilities/_id_document_warning.html says it."""

    expiry: datetime.date | None
    valid_until_at_least: datetime.date
    months: int
    planned_return: datetime.date
    country: str

    @property
    def missing(self) -> bool:
        return self.expiry is None


def id_document_warning(mobility: Mobility) -> IdDocumentWarning | None:
    """A warning when the passport or ID card expires less than 3 months (6 outside the
    EU/EEA and Switzerland) after the planned return, or its expiry is not known; None when
    it lasts, or when the stay is closed or its student is back home."""
    if not mobility.is_open or mobility.step >= Step.BACK_HOME:
        return None
    inside = in_eea_or_switzerland(mobility.destination_country)
    months = MONTHS_INSIDE_EEA if inside else MONTHS_OUTSIDE_EEA
    needed = add_months(mobility.return_date, months)
    expiry = mobility.student.passport_expiry
    if expiry is not None and expiry >= needed:
        return None
    return IdDocumentWarning(
        expiry=expiry,
        valid_until_at_least=needed,
        months=months,
        planned_return=mobility.return_date,
        country=country_name(mobility.destination_country),
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day some months later; the month's last day when it is shorter (31 August
    plus 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))

"""The who-is-where list as a spreadsheet: the same rows and columns as CSV and as XLSX
(written by core.spreadsheets, row by row as the rows come)."""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from wegwijzer.core import spreadsheets
from wegwijzer.core.countries import country_name
from wegwijzer.whereabouts.facts import CountryFacts
from wegwijzer.whereabouts.queries import PRESENCE_LABELS, Whereabouts

Value = str | datetime.date


def _people_at_home(row: Whereabouts) -> str:
    return "; ".join(
        ", ".join(part for part in (c.name, c.relationship, c.phone, c.email) if part)
        for c in row.emergency_contacts
    )


def _host_contact(row: Whereabouts) -> str:
    host = row.mobility.host_company
    if host is None:
        return ""
    return ", ".join(
        part for part in (host.contact_name, host.contact_phone, host.contact_email) if part
    )


def columns() -> list[tuple[str, Callable[[Whereabouts], Value]]]:
    """(heading in the active language, value of a row). A country's name, its advice's
    colour and the status are translated once per download, not once per row (a fifth of
    an export's time): the download is written in one language throughout."""
    named = functools.cache(country_name)
    coloured = functools.cache(lambda facts: facts.colour_label)
    presence = functools.cache(lambda key: str(PRESENCE_LABELS[key]))

    def advice(row: Whereabouts) -> str:
        facts: CountryFacts = row.facts
        return str(coloured(facts))

    return [
        (_("Country"), lambda row: named(row.country_code)),
        (_("City"), lambda row: row.mobility.destination_city),
        (_("Status"), lambda row: presence(row.presence)),
        (_("Student"), lambda row: row.student.full_name),
        (_("Student number"), lambda row: row.student.student_number),
        (_("Phone"), lambda row: row.student.phone),
        (_("E-mail"), lambda row: row.student.email),
        (_("Departure"), lambda row: row.mobility.departure_date),
        (_("Return"), lambda row: row.mobility.last_day),
        (_("Address abroad"), lambda row: row.mobility.address_abroad),
        (_("Host company"), lambda row: getattr(row.mobility.host_company, "name", "")),
        (_("Host contact"), _host_contact),
        (_("Supervisor"), lambda row: str(row.mobility.supervisor or "")),
        (_("Supervisor's e-mail"), lambda row: getattr(row.mobility.supervisor, "email", "")),
        (_("Health insurer"), lambda row: row.student.health_insurer),
        (_("Insurance policy number"), lambda row: row.student.insurance_number),
        (_("People at home"), _people_at_home),
        (_("Travel advice"), advice),
        (_("Local emergency number"), lambda row: row.facts.emergency_number or ""),
    ]


def _table(rows: Iterable[Whereabouts]) -> tuple[list[str], Iterator[list[Value]]]:
    """The headings, and the rows' values one row at a time."""
    chosen = columns()
    values = ([value(row) for _heading, value in chosen] for row in rows)
    return [heading for heading, _value in chosen], values


def csv_download(rows: Iterable[Whereabouts], *, filename: str) -> StreamingHttpResponse:
    return spreadsheets.csv_download(*_table(rows), filename=filename)


def xlsx_download(rows: Iterable[Whereabouts], *, title: str, filename: str) -> FileResponse:
    return spreadsheets.xlsx_download(*_table(rows), title=title, filename=filename)

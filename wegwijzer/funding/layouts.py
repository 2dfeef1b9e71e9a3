"""The participant export in a column layout that is data (ParticipantLayout): the
Beneficiary Module's import template, whose columns change with each release.

Code knows the SOURCES, the facts a participant has (a name, a date, an amount); a
layout says which columns come in which order, under which heading, from which source,
and, where a source needs one, a format: a date's pattern, the two texts of a yes/no or
short/long source, a fixed text. A new template release is a change of data
(the layout page or `manage.py participant_layout`, through services.save_layout), not of code.
"""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.core.countries import country_name
from wegwijzer.core.spreadsheets import Value
from wegwijzer.funding import calculator
from wegwijzer.funding.models import ParticipantLayout
from wegwijzer.funding.totals import Participant, _sending_city

# The Programme Guide's split of VET learner mobility (shared/docs/reference.md): up to
# 89 days is short-term, from 90 days long-term ("ErasmusPro").
LONG_TERM_DAYS = 90


@dataclass(frozen=True)
class Source:
    """A fact of a participant. kind: "text", "date" (format: a strftime pattern, else a
    date cell), "choice" (format: "first|second": yes|no, or short-term|long-term), "fixed"
    (format: the text itself)."""

    label: Any
    kind: str
    value: Callable[[Participant], Any]


def _student(participant: Participant) -> Any:
    return participant.mobility.student


def _travel_support(p: Participant) -> Decimal | None:
    costs = p.costs
    if costs is None:
        return None
    return calculator.travel_support(p.grant.distance_km, p.grant.green_travel, costs)


def _individual_support(p: Participant) -> Decimal | None:
    """The computed grant less its travel support and the school's support: what the
    calculator counted per funded day."""
    travel = _travel_support(p)
    if travel is None:
        return None
    return p.grant.computed_total - travel - (p.grant.school_support or Decimal("0.00"))


def _school() -> str:
    return settings.SCHOOL_NAME


def _organisation(p: Participant) -> str:
    host = p.mobility.host_company
    return host.name if host else ""


SOURCES: dict[str, Source] = {
    "fixed": Source(gettext_lazy("fixed text (the format)"), "fixed", lambda p: ""),
    "empty": Source(gettext_lazy("empty (not held by Wegwijzer)"), "text", lambda p: ""),
    "mobility_id": Source(
        gettext_lazy("mobility id (Wegwijzer's)"), "text", lambda p: str(p.mobility.public_id)
    ),
    "project_number": Source(
        gettext_lazy("project number"), "text", lambda p: p.grant.agreement.project_number
    ),
    "activity_type": Source(
        gettext_lazy("activity: short-term|long-term (90 days or more)"),
        "choice",
        lambda p: p.days_abroad < LONG_TERM_DAYS,
    ),
    "student_number": Source(
        gettext_lazy("student number"), "text", lambda p: _student(p).student_number
    ),
    "first_name": Source(gettext_lazy("first name"), "text", lambda p: _student(p).first_name),
    "last_name": Source(gettext_lazy("last name"), "text", lambda p: _student(p).last_name),
    "email": Source(gettext_lazy("e-mail"), "text", lambda p: _student(p).email),
    "date_of_birth": Source(
        gettext_lazy("date of birth"), "date", lambda p: _student(p).date_of_birth
    ),
    "programme": Source(gettext_lazy("programme"), "text", lambda p: _student(p).programme.name),
    "qualification_code": Source(
        gettext_lazy("qualification code (crebo)"),
        "text",
        lambda p: _student(p).programme.qualification_code,
    ),
    "fewer_opportunities": Source(
        gettext_lazy("fewer opportunities: yes|no"), "choice", lambda p: p.grant.fewer_opportunities
    ),
    "sending_organisation": Source(
        gettext_lazy("sending organisation"), "text", lambda p: _school()
    ),
    "sending_country": Source(
        gettext_lazy("sending country"), "text", lambda p: _sending_city()[1]
    ),
    "sending_city": Source(gettext_lazy("sending city"), "text", lambda p: _sending_city()[0]),
    "receiving_organisation": Source(
        gettext_lazy("receiving organisation (host company)"), "text", _organisation
    ),
    "receiving_country": Source(
        gettext_lazy("receiving country"),
        "text",
        lambda p: country_name(p.mobility.destination_country),
    ),
    "receiving_country_code": Source(
        gettext_lazy("receiving country code"),
        "text",
        lambda p: str(p.mobility.destination_country),
    ),
    "receiving_city": Source(
        gettext_lazy("receiving city"), "text", lambda p: p.mobility.destination_city
    ),
    "start": Source(gettext_lazy("start date"), "date", lambda p: p.start),
    "end": Source(gettext_lazy("end date"), "date", lambda p: p.end),
    "days_abroad": Source(
        gettext_lazy("duration in days (abroad)"), "text", lambda p: p.days_abroad
    ),
    "travel_days": Source(gettext_lazy("travel days"), "text", lambda p: p.travel_days),
    "funded_days": Source(
        gettext_lazy("funded days (abroad and travel)"), "text", lambda p: p.funded_days
    ),
    "green_travel": Source(
        gettext_lazy("green travel: yes|no"), "choice", lambda p: p.grant.green_travel
    ),
    "distance_km": Source(gettext_lazy("distance in km"), "text", lambda p: p.grant.distance_km),
    "distance_band": Source(gettext_lazy("distance band"), "text", lambda p: p.distance_band),
    "individual_support": Source(gettext_lazy("individual support"), "text", _individual_support),
    "travel_support": Source(gettext_lazy("travel support"), "text", _travel_support),
    "school_support": Source(
        gettext_lazy("organisational and inclusion support"),
        "text",
        lambda p: p.grant.school_support,
    ),
    "grant_total": Source(gettext_lazy("grant"), "text", lambda p: p.total),
}


def _formatted(source: Source, column: dict[str, str], participant: Participant) -> Value:
    text = column.get("format", "")
    if source.kind == "fixed":
        return text
    value = source.value(participant)
    if source.kind == "choice":
        first, _sep, second = (text or f"{_('yes')}|{_('no')}").partition("|")
        return first if value else second
    if source.kind == "date" and text and isinstance(value, datetime.date):
        return value.strftime(text)
    return value


def layout_table(
    layout: ParticipantLayout, participants: Iterable[Participant]
) -> tuple[list[str], Iterator[list[Value]]]:
    """The layout's headings, and each participant's values in its columns, as they come."""
    columns = [(column, SOURCES[column["source"]]) for column in layout.columns]
    rows = (
        [_formatted(source, column, participant) for column, source in columns]
        for participant in participants
    )
    return [column["heading"] for column, _source in columns], rows


# Reading and writing layouts: the layout page and the management command.


def clean_columns(columns: Any) -> list[dict[str, str]]:
    """The columns as stored, or a ValidationError that names what is wrong."""
    if not isinstance(columns, list) or not columns:
        raise ValidationError(_("A layout needs at least one column."))
    cleaned = []
    for number, column in enumerate(columns, start=1):
        if not isinstance(column, dict) or not str(column.get("heading", "")).strip():
            raise ValidationError(_("Column %(number)s has no heading.") % {"number": number})
        source = str(column.get("source", "")).strip()
        if source not in SOURCES:
            raise ValidationError(
                _("Column %(number)s: unknown source “%(source)s”.")
                % {"number": number, "source": source}
            )
        cleaned.append(
            {
                "heading": str(column["heading"]).strip(),
                "source": source,
                "format": str(column.get("format", "")).strip(),
            }
        )
    return cleaned


def columns_from_lines(text: str) -> list[dict[str, str]]:
    """Columns from lines "heading | source | format" (the format may be left out)."""
    columns = []
    for line in text.splitlines():
        if not line.strip():
            continue
        heading, _sep, rest = line.partition("|")
        source, _sep, format_ = rest.partition("|")
        columns.append({"heading": heading, "source": source.strip(), "format": format_})
    return clean_columns(columns)


def columns_as_lines(columns: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join(part for part in (c["heading"], c["source"], c.get("format", "")) if part)
        for c in columns
    )


def dump_layouts(layouts: Iterable[ParticipantLayout]) -> str:
    return json.dumps(
        [
            {
                "name": layout.name,
                "slug": layout.slug,
                "note": layout.note,
                "columns": layout.columns,
            }
            for layout in layouts
        ],
        ensure_ascii=False,
        indent=2,
    )

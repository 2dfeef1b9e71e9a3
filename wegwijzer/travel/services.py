"""Countries' travel advice: the import, a coordinator's colour, alerts and the read API.

Other apps read countries through `facts_for` only.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.core.countries import country_name
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications.kinds import Kind as MessageKind
from wegwijzer.notifications.services import notify
from wegwijzer.travel import source
from wegwijzer.travel.data import EMERGENCY_NUMBERS, ERASMUS_VET_GROUPS
from wegwijzer.travel.models import (
    AdviceChange,
    AlertRecipient,
    Colour,
    Country,
    Source,
    TravelAlert,
)
from wegwijzer.travel.parser import parse_colours

# The ministry's 24/7 contact centre for Dutch travellers in need (reference.md).
MINISTRY_CONTACT_CENTRE = "+31 247 247 247"


def threshold() -> Colour:
    """The first colour at which departures are no longer allowed (TRAVEL_ADVICE_THRESHOLD)."""
    return Colour[settings.TRAVEL_ADVICE_THRESHOLD.upper()]


# The read API for other apps


@dataclass(frozen=True)
class CountryFacts:
    code: str
    colour: Colour | None  # effective: a manual colour until the next official change
    colour_is_manual: bool
    worst_colour: Colour | None
    at_or_above_threshold: bool
    emergency_number: str
    advice_url: str
    changed_on: datetime.date | None
    erasmus_group: int | None


def facts_for(codes: Iterable[str]) -> dict[str, CountryFacts]:
    """What Wegwijzer knows of each country (ISO 3166-1 alpha-2 codes), in one query.

    A country that was never imported still gets its emergency number and Erasmus+ group.
    """
    wanted = {str(code).upper() for code in codes if code}
    known = {str(c.code): c for c in Country.objects.filter(code__in=wanted)}
    return {code: _facts(code, known.get(code)) for code in wanted}


def _facts(code: str, country: Country | None) -> CountryFacts:
    if country is None:
        return CountryFacts(
            code=code, colour=None, colour_is_manual=False, worst_colour=None,
            at_or_above_threshold=False, emergency_number=EMERGENCY_NUMBERS.get(code, ""),
            advice_url="", changed_on=None, erasmus_group=ERASMUS_VET_GROUPS.get(code),
        )  # fmt: skip
    colour = Colour(country.colour) if country.colour else None
    return CountryFacts(
        code=code,
        colour=colour,
        colour_is_manual=country.manual_colour is not None,
        worst_colour=Colour(country.worst_colour) if country.worst_colour else None,
        at_or_above_threshold=bool(colour and colour >= threshold()),
        emergency_number=country.emergency_number,
        advice_url=country.advice_url,
        changed_on=country.changed_on,
        erasmus_group=country.erasmus_group,
    )


def departure_blocked_by(code: str) -> Country | None:
    """The country, when its travel advice is at or above the school's threshold."""
    country = Country.objects.filter(code=str(code).upper()).first()
    if country and country.colour and country.colour >= threshold():
        return country
    return None


# The import


@dataclass
class ImportReport:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)  # the summary names no colour
    missing: list[str] = field(default_factory=list)  # known, but no advice in the answer
    failed: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.failed or self.missing or self.unclear)


GIVE_UP_AFTER = 5


def import_from_service() -> ImportReport:
    """Fetch every country's advice from the open-data service."""
    report = ImportReport()
    try:
        listed = source.fetch_countries()
    except source.SourceError as error:
        report.failed.append(_("The country list could not be fetched: %s") % error)
        return report
    advice = []
    failures_in_a_row = 0
    for entry in listed:
        iso3 = entry.get("isocode")
        if not isinstance(iso3, str) or not iso3:
            continue
        try:
            advice.append(source.fetch_advice(iso3))
            failures_in_a_row = 0
        except source.SourceError as error:
            report.failed.append(str(error))
            failures_in_a_row += 1
        if failures_in_a_row == GIVE_UP_AFTER:
            # The service is down: waiting out every country's timeout helps nobody.
            report.failed.append(_("Stopped after %d failures in a row.") % GIVE_UP_AFTER)
            break
    _apply(listed, advice, report)
    return report


def import_from_path(path: Path) -> ImportReport:
    """Read recorded answers (a file, or each .json file of a folder) instead of the network.

    Advice documents carry an `introduction`; the other documents are the country list.
    """
    report = ImportReport()
    listed: list[dict[str, Any]] = []
    advice: list[dict[str, Any]] = []
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    for file in files:
        try:
            found = source.documents(source.read_json(file))
        except source.SourceError as error:
            report.failed.append(str(error))
            continue
        for document in found:
            (advice if "introduction" in document else listed).append(document)
    if not files:
        report.failed.append(_("No recorded answers in %s") % path)
    _apply(listed, advice, report)
    return report


def _apply(
    listed: list[dict[str, Any]], advice: list[dict[str, Any]], report: ImportReport
) -> None:
    expected = {_alpha2(entry.get("isocode")) for entry in listed} - {""}
    expected |= {str(code) for code in Country.objects.values_list("code", flat=True)}
    seen: set[str] = set()
    for document in advice:
        code = _alpha2(document.get("isocode"))
        summary = document.get("introduction")
        if not code or not isinstance(summary, str):
            report.failed.append(
                _("An advice without a known country code or summary was skipped: %s")
                % str(document.get("title") or document.get("id") or "?")[:80]
            )
            continue
        seen.add(code)
        _apply_advice(code, document, summary, report)
    report.missing = sorted(expected - seen)


def _alpha2(iso3: object) -> str:
    return countries.alpha2(iso3) if isinstance(iso3, str) and iso3 else ""


@transaction.atomic
def _apply_advice(code: str, document: dict[str, Any], summary: str, report: ImportReport) -> None:
    country = _country(code)
    old_colour = country.colour
    country.summary = summary
    country.advice_url = str(document.get("canonical") or country.advice_url)[:300]
    country.changed_on = _changed_on(document) or country.changed_on
    country.modified = str(document.get("lastmodified") or "")[:60]
    country.imported_at = timezone.now()
    parsed = parse_colours(summary)
    country.needs_check = parsed is None
    if parsed is None:  # keep the last known colour; a coordinator looks
        country.save()
        report.unclear.append(code)
        return
    if (parsed.baseline, parsed.worst) == (country.official_colour, country.worst_colour):
        country.save()
        report.unchanged.append(code)
        return
    change = AdviceChange(
        country=country, source=Source.OFFICIAL, old_colour=old_colour,
        new_colour=parsed.baseline, old_worst=country.worst_colour, new_worst=parsed.worst,
    )  # fmt: skip
    # An official change replaces a colour set by hand.
    country.official_colour, country.worst_colour = parsed.baseline, parsed.worst
    country.manual_colour, country.manual_reason = None, ""
    country.manual_by, country.manual_at = None, None
    country.save()
    change.save()
    record(
        by=None, action=Action.CHANGE, obj=country, label=str(country),
        changes={"colour": (_label(old_colour), _label(country.colour)),
                 "worst_colour": (_label(change.old_worst), _label(change.new_worst))},
    )  # fmt: skip
    _alert_if_needed(country, change, old_colour)
    report.changed.append(code)


def _country(code: str) -> Country:
    """The country, with its facts from the data tables (which may have been corrected)."""
    country, _created = Country.objects.get_or_create(code=code)
    country.erasmus_group = ERASMUS_VET_GROUPS.get(code)
    country.emergency_number = EMERGENCY_NUMBERS.get(code, "")
    return country


DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def _changed_on(document: dict[str, Any]) -> datetime.date | None:
    """The day of 'Laatst gewijzigd op: dd-mm-jjjj', else of the ISO `lastmodified`."""
    found = DATE.search(str(document.get("modificationdate") or ""))
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(str(document.get("lastmodified") or "")[:10])
    except ValueError:
        return None


def _label(colour: int | None) -> str:
    return Colour(colour).name.lower() if colour else ""


# A coordinator's colour


@transaction.atomic
def set_manual_colour(country: Country, *, by: User, colour: int, reason: str) -> Country:
    """Correct the colour by hand, with a reason; it counts until the next official change."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for setting the colour by hand."))
    old_colour = country.colour
    country.manual_colour, country.manual_reason = Colour(colour), reason.strip()
    country.manual_by, country.manual_at = by, timezone.now()
    country.save(update_fields=["manual_colour", "manual_reason", "manual_by", "manual_at"])
    change = AdviceChange.objects.create(
        country=country, source=Source.MANUAL, old_colour=old_colour, new_colour=colour,
        old_worst=country.worst_colour, new_worst=country.worst_colour, by=by, reason=reason,
    )  # fmt: skip
    record(
        by=by, action=Action.CHANGE, obj=country, label=str(country),
        changes={"colour": (_label(old_colour), _label(colour))}, note=reason,
    )  # fmt: skip
    _alert_if_needed(country, change, old_colour)
    return country


# Alerts


def _alert_if_needed(country: Country, change: AdviceChange, old_colour: int | None) -> None:
    """One alert when the colour reaches the threshold or gets worse beyond it, for a
    country where mobilities are planned or under way."""
    new_colour = country.colour
    if new_colour is None or new_colour < threshold():
        return
    if old_colour is not None and new_colour <= old_colour:
        return
    affected = Mobility.objects.in_progress().filter(destination_country=country.code)
    if not affected.exists():
        return
    alert = TravelAlert.objects.create(change=change, country=country, colour=new_colour)
    told = Q(role=Role.COORDINATOR) | Q(
        role=Role.SUPERVISOR, pk__in=affected.exclude(supervisor=None).values("supervisor")
    )
    users = list(User.objects.filter(told, is_active=True))
    AlertRecipient.objects.bulk_create(AlertRecipient(alert=alert, user=user) for user in users)
    _tell_alert(alert, users, list(affected.select_related("student")))


def _tell_alert(alert: TravelAlert, users: list[User], affected: list[Mobility]) -> None:
    """The alert's recipients, at once (a safety message): each reads the students of
    theirs who are there or going there, a coordinator all of them; first names only."""

    def values(user: User) -> dict[str, object]:
        theirs = [
            mobility for mobility in affected
            if user.role == Role.COORDINATOR or mobility.supervisor_id == user.pk
        ]  # fmt: skip
        with translation.override(user.language):
            return {
                "country": country_name(alert.country.code),
                "colour": alert.get_colour_display(),
                "students": ", ".join(
                    f"{mobility.student.first_name} ({mobility.destination_city})"
                    for mobility in theirs
                ),
            }

    notify(
        MessageKind.TRAVEL_ADVICE, users, values=values,
        path=reverse("travel:country", args=[str(alert.country.code)]),
        dedupe_key=f"travel-alert:{alert.pk}",
    )  # fmt: skip


# The banner is bounded: the newest alerts; acknowledging one brings up the next.
ALERTS_SHOWN = 20


def open_alerts(user: User) -> list[AlertRecipient]:
    """The alerts the user was told of and has not acknowledged, the newest ALERTS_SHOWN."""
    return list(
        AlertRecipient.objects.filter(user=user, acknowledged_at=None)
        .select_related("alert__country")
        .order_by("-alert__created_at", "-pk")[:ALERTS_SHOWN]
    )


@transaction.atomic
def acknowledge(recipient: AlertRecipient, *, by: User) -> None:
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = timezone.now()
        recipient.save(update_fields=["acknowledged_at"])

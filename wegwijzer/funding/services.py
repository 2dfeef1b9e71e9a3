"""Setting a mobility's Erasmus+ grant, a coordinator's total set by hand, and the column
layouts of the participant export; each audited."""

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.funding.calculator import GrantBreakdown, compute_grant
from wegwijzer.funding.distance import City, city_by_id, distance_km, find_city, whole_km
from wegwijzer.funding.layouts import clean_columns, columns_as_lines
from wegwijzer.funding.models import (
    FundingTable,
    GrantAgreement,
    MobilityGrant,
    ParticipantLayout,
)
from wegwijzer.funding.policy import current_policy, replan_payments
from wegwijzer.mobilities.models import Funding, Mobility

# The mobility's facts the grant is computed from: a change recomputes it.
MOBILITY_FACTS = frozenset(
    {
        "departure_date",
        "return_date",
        "actual_departure_date",
        "actual_return_date",
        "destination_city",
        "destination_city_geoname_id",
        "destination_country",
        "funding",
    }
)
FACTS = [
    "agreement", "green_travel", "fewer_opportunities", "distance_km", "computed_total",
    "school_support", "student_share",
]  # fmt: skip


def breakdown_for(
    mobility: Mobility, *, agreement: GrantAgreement, green_travel: bool, fewer_opportunities: bool
) -> GrantBreakdown:
    """The grant of a mobility as it stands, or a ValidationError saying what is wrong."""
    if mobility.funding != Funding.ERASMUS:
        raise ValidationError(_("Only a mobility funded by Erasmus+ has an Erasmus+ grant."))
    agreement.check_covers(mobility.first_day, mobility.last_day)
    table = FundingTable.for_call_year(agreement.call_year)
    if not settings.SCHOOL_CITY:
        raise ValidationError(_("The school's city is not set (SCHOOL_CITY)."))
    origin = find_city(settings.SCHOOL_CITY)
    destination = destination_city(mobility)
    return compute_grant(
        start=mobility.first_day,
        end=mobility.last_day,
        country_code=str(mobility.destination_country),
        distance_km=whole_km(distance_km(origin, destination)),
        green=green_travel,
        inclusion=fewer_opportunities,
        costs=table.unit_costs(),
    )


def destination_city(mobility: Mobility) -> City:
    """The city chosen in the search box, else the one its name and country fit."""
    chosen = city_by_id(mobility.destination_city_geoname_id or 0)
    if chosen and chosen.country_code == mobility.destination_country:
        return chosen
    return find_city(f"{mobility.destination_city}, {mobility.destination_country}")


def set_grant(
    mobility: Mobility,
    *,
    by: User | None,
    agreement: GrantAgreement,
    green_travel: bool,
    fewer_opportunities: bool,
) -> MobilityGrant:
    """Compute the mobility's grant and keep it; nothing is saved when the input is wrong.

    A total set by hand stays: the computed total beside it shows what the rules give.
    The grant policy's share is taken as it is now, and the unpaid payments are planned
    again (policy.replan_payments): the paid ones stay.
    """
    with transaction.atomic():
        # The stay as stored, locked: a stay cancelled since the page was loaded gets its
        # payments planned as cancelled (off the list of payments due), not as it was.
        mobility = (
            Mobility.objects.select_for_update().select_related("student").get(pk=mobility.pk)
        )
        breakdown = breakdown_for(
            mobility,
            agreement=agreement,
            green_travel=green_travel,
            fewer_opportunities=fewer_opportunities,
        )
        grant = MobilityGrant.objects.select_for_update().filter(mobility=mobility).first()
        before = {name: getattr(grant, name) for name in FACTS} if grant else {}
        grant = grant or MobilityGrant(mobility=mobility)
        grant.agreement = agreement
        grant.green_travel = green_travel
        grant.fewer_opportunities = fewer_opportunities
        grant.distance_km = breakdown.distance_km
        grant.computed_total = breakdown.total
        grant.school_support = breakdown.school_support
        grant.student_share = current_policy().student_share
        created = grant.pk is None
        grant.save()
        changes = {
            name: (before.get(name, ""), getattr(grant, name))
            for name in FACTS
            if before.get(name, "") != getattr(grant, name)
        }
        changes |= replan_payments(grant)
        if created or changes:
            record(
                by=by, action=Action.CREATE if created else Action.CHANGE, obj=grant,
                mobility=mobility, student=mobility.student, changes=changes,
            )  # fmt: skip
    return grant


def override_total(
    grant: MobilityGrant, *, by: User, total: Decimal | None, reason: str
) -> MobilityGrant:
    """Set the grant's total by hand, with a reason; None goes back to the computed total."""
    reason = reason.strip()
    if total is not None and total < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if total is not None and not reason:
        raise ValidationError(_("Give a reason for setting the grant by hand."))
    with transaction.atomic():
        before = grant.override_total
        grant.override_total = total
        grant.override_reason = reason if total is not None else ""
        grant.save(update_fields=["override_total", "override_reason"])
        record(
            by=by, action=Action.CHANGE, obj=grant, mobility=grant.mobility,
            student=grant.mobility.student,
            changes={"override_total": (before, total), **replan_payments(grant)},
            note=reason,
        )  # fmt: skip
    return grant


def save_grant(
    mobility: Mobility,
    *,
    by: User,
    agreement: GrantAgreement,
    green_travel: bool,
    fewer_opportunities: bool,
    total: Decimal | None,
    reason: str,
) -> MobilityGrant:
    """The coordinator's form: the grant's facts and a total set by hand, all or nothing."""
    with transaction.atomic():
        grant = set_grant(
            mobility,
            by=by,
            agreement=agreement,
            green_travel=green_travel,
            fewer_opportunities=fewer_opportunities,
        )
        if (total, reason.strip()) != (grant.override_total, grant.override_reason):
            grant = override_total(grant, by=by, total=total, reason=reason)
    return grant


def recompute_grant(mobility: Mobility, *, by: User | None) -> None:
    """After a mobility's facts changed: its grant again, with the same agreement and travel.

    When the new facts do not fit (dates outside the agreement, an unknown city) the grant
    stays as it was: the mobility page shows what is wrong, and nothing else is refused.
    """
    grant = MobilityGrant.objects.filter(mobility=mobility).select_related("agreement").first()
    if grant is None:
        return
    try:
        set_grant(
            mobility,
            by=by,
            agreement=grant.agreement,
            green_travel=grant.green_travel,
            fewer_opportunities=grant.fewer_opportunities,
        )
    except ValidationError:
        return


AGREEMENT_FIELDS = ["name", "project_number", "call_year", "start", "end", "budget"]


@transaction.atomic
def save_agreement(
    agreement: GrantAgreement, *, by: User, changes: dict[str, object]
) -> GrantAgreement:
    """Create (an agreement without pk) or change a grant agreement, audited."""
    created = agreement.pk is None
    # Read from the database: a model form has already written into the instance.
    stored = None if created else GrantAgreement.objects.get(pk=agreement.pk)
    diff = {
        name: ("" if stored is None else getattr(stored, name), value)
        for name, value in changes.items()
        if stored is None or getattr(stored, name) != value
    }
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    if diff:
        record(
            by=by, action=Action.CREATE if created else Action.CHANGE, obj=agreement,
            changes=diff,
        )  # fmt: skip
    return agreement


@transaction.atomic
def save_table(*, by: User, table_form: Any, rate_formset: Any, band_formset: Any) -> FundingTable:
    """A funding table with its day rates and travel bands, validated forms, all or nothing."""
    created = table_form.instance.pk is None
    # The field names, not their labels: the history names them in its reader's language.
    # Of the day rates and travel bands only that they changed.
    changes: dict[str, tuple[Any, Any]] = {
        name: (None if created else table_form.initial.get(name), table_form.cleaned_data[name])
        for name in table_form.changed_data
    }
    for name, formset in (("day_rates", rate_formset), ("travel_bands", band_formset)):
        if formset.has_changed():
            changes[name] = ("", "")
    table = table_form.save()
    rate_formset.instance = table
    band_formset.instance = table
    rate_formset.save()
    band_formset.save()
    record(
        by=by, action=Action.CREATE if created else Action.CHANGE, obj=table, changes=changes,
    )  # fmt: skip
    return table


# The column layouts of the participant export (funding.layouts).


class StaleLayoutError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this layout after you opened it. Nothing was saved.")
        )


def save_layout(
    layout: ParticipantLayout,
    *,
    by: User | None,
    name: str,
    slug: str,
    note: str,
    columns: Any,
    version: int | None = None,
) -> ParticipantLayout:
    """Create (layout without pk) or change a layout; audited. A form's version that is
    not the stored one changes nothing (StaleLayoutError)."""
    values = {"name": name, "slug": slug, "note": note, "columns": clean_columns(columns)}
    others = ParticipantLayout.objects.exclude(pk=layout.pk)
    if others.filter(name=name).exists() or others.filter(slug=slug).exists():
        raise ValidationError(_("Another layout has this name or short name."))
    with transaction.atomic():
        if layout.pk is None:
            layout = ParticipantLayout.objects.create(**values)
            record(by=by, action=Action.CREATE, obj=layout, changes={"name": ("", name)})
            return layout
        layout = ParticipantLayout.objects.select_for_update().get(pk=layout.pk)
        if version is not None and version != layout.version:
            raise StaleLayoutError
        changes = changed_fields(layout, values)
        if not changes:
            return layout
        for field, value in values.items():
            setattr(layout, field, value)
        layout.version += 1
        layout.save()
        shown = {field: change for field, change in changes.items() if field != "columns"}
        if "columns" in changes:
            before, after = changes["columns"]
            shown["columns"] = (columns_as_lines(before), columns_as_lines(after))
        record(by=by, action=Action.CHANGE, obj=layout, changes=shown)
    return layout


def load_layouts(text: str, *, by: User | None = None) -> list[ParticipantLayout]:
    """Layouts from JSON (a list of {"name", "slug", "note", "columns"}): each created, or
    changed when its slug exists. Used by `manage.py participant_layout --load`."""
    loaded = []
    with transaction.atomic():
        for item in json.loads(text):
            layout = ParticipantLayout.objects.filter(slug=item["slug"]).first()
            loaded.append(
                save_layout(
                    layout or ParticipantLayout(),
                    by=by,
                    name=item["name"],
                    slug=item["slug"],
                    note=item.get("note", ""),
                    columns=item["columns"],
                )
            )
    return loaded

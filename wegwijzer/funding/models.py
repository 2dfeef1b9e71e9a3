"""Erasmus+ unit costs per call year and the school's grant agreements: data, not code.

The national agency sets the rates inside the Programme Guide's ranges and the school's
grant agreement states them, so a coordinator enters them per call year; the calculator
(calculator.py) only interprets them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def money_field(
    verbose_name: "StrOrPromise", *, optional: bool = False, help_text: "StrOrPromise" = ""
) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        validators=NOT_NEGATIVE,
        null=optional,
        blank=optional,
        help_text=help_text,
    )


class CountryGroup(models.IntegerChoices):
    GROUP_1 = 1, _("group 1")
    GROUP_2 = 2, _("group 2")
    GROUP_3 = 3, _("group 3")


class FundingTable(models.Model):
    """The unit costs of one Erasmus+ call year, as the school's grant agreement states them."""

    call_year = models.PositiveSmallIntegerField(_("call year"), unique=True)
    source = models.TextField(
        _("source"), help_text=_("Where these rates come from, e.g. the grant agreement.")
    )
    is_example = models.BooleanField(
        _("example rates"),
        default=False,
        help_text=_("The rates are examples, to be replaced by those in the grant agreement."),
    )
    minimum_days = models.PositiveSmallIntegerField(_("minimum stay in days"), default=10)
    maximum_days = models.PositiveSmallIntegerField(_("maximum stay in days"), default=365)
    travel_days_standard = models.PositiveSmallIntegerField(
        _("funded travel days, standard travel"), default=2
    )
    travel_days_green = models.PositiveSmallIntegerField(
        _("funded travel days, green travel"), default=6
    )
    organisational_support = money_field(_("organisational support per participant"))
    inclusion_support = money_field(_("inclusion support per participant with fewer opportunities"))
    dutch_caribbean_group = models.PositiveSmallIntegerField(
        _("country group of the Dutch Caribbean"),
        choices=CountryGroup.choices,
        default=CountryGroup.GROUP_2,
        help_text=_(
            "Curaçao, Aruba, Sint Maarten, Bonaire, Saba and Sint Eustatius. By default the "
            "group of the Netherlands; check it against your grant agreement."
        ),
    )

    class Meta:
        ordering = ["-call_year"]
        verbose_name = _("funding table")
        verbose_name_plural = _("funding tables")

    def __str__(self) -> str:
        return str(_("Erasmus+ unit costs %(year)s") % {"year": self.call_year})

    @classmethod
    def for_call_year(cls, call_year: int | None = None) -> "FundingTable":
        """The table of that call year (the latest table when none is given), or a clear error."""
        tables = cls.objects.prefetch_related("day_rates", "travel_bands")
        table = tables.filter(call_year=call_year).first() if call_year else tables.first()
        if table is None:
            raise ValidationError(
                _("There is no funding table for the call year %(year)s.")
                % {"year": call_year or "-"}
            )
        return table

    def unit_costs(self) -> "UnitCosts":
        """The table as plain values, for the calculator."""
        return UnitCosts(
            call_year=self.call_year,
            source=self.source,
            is_example=self.is_example,
            minimum_days=self.minimum_days,
            maximum_days=self.maximum_days,
            travel_days_standard=self.travel_days_standard,
            travel_days_green=self.travel_days_green,
            organisational_support=self.organisational_support,
            inclusion_support=self.inclusion_support,
            dutch_caribbean_group=self.dutch_caribbean_group,
            day_rates={
                rate.country_group: (rate.day_rate, rate.day_rate_from_day_15)
                for rate in self.day_rates.all()
            },
            travel_bands=[
                TravelBandRate(band.minimum_km, band.maximum_km, band.standard, band.green)
                for band in self.travel_bands.all()
            ],
        )


class DayRate(models.Model):
    """Individual support per day for one receiving-country group."""

    table = models.ForeignKey(FundingTable, on_delete=models.CASCADE, related_name="day_rates")
    country_group = models.PositiveSmallIntegerField(
        _("receiving-country group"), choices=CountryGroup.choices
    )
    day_rate = money_field(_("per day, days 1 to 14"))
    day_rate_from_day_15 = money_field(_("per day, from day 15"))

    class Meta:
        ordering = ["country_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "country_group"], name="funding_one_day_rate_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table}: {self.get_country_group_display()}"


class TravelBand(models.Model):
    """Travel support for a return journey, by one-way great-circle distance."""

    table = models.ForeignKey(FundingTable, on_delete=models.CASCADE, related_name="travel_bands")
    minimum_km = models.PositiveIntegerField(_("from km"))
    maximum_km = models.PositiveIntegerField(
        _("up to and including km"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )
    standard = money_field(_("standard travel"))
    green = money_field(_("green travel"), optional=True, help_text=_("Empty: no green rate."))

    class Meta:
        ordering = ["minimum_km"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "minimum_km"], name="funding_one_band_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minimum_km}-{self.maximum_km or '…'} km"

    def clean(self) -> None:
        if self.maximum_km is not None and self.maximum_km < self.minimum_km:
            raise ValidationError(_("A band cannot end before it starts."))


class GrantAgreement(PublicIdModel):
    """An Erasmus+ project: the school's grant agreement with the national agency."""

    name = models.CharField(_("name"), max_length=200)
    project_number = models.CharField(_("project number"), max_length=60, unique=True)
    call_year = models.PositiveSmallIntegerField(_("call year"))
    start = models.DateField(_("start of the project period"))
    end = models.DateField(_("end of the project period"))
    budget = money_field(_("budget"))

    class Meta:
        ordering = ["-call_year", "name"]
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")

    def __str__(self) -> str:
        return f"{self.name} ({self.project_number})"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError(_("The project period cannot end before it starts."))

    def check_covers(self, start: datetime.date, end: datetime.date) -> None:
        """Raise a ValidationError when the mobility's dates fall outside the project period."""
        if start < self.start or end > self.end:
            raise ValidationError(
                _(
                    "The grant agreement %(agreement)s runs from %(start)s to %(end)s: it does not "
                    "cover a mobility from %(mobility_start)s to %(mobility_end)s."
                )
                % {
                    "agreement": self,
                    "start": self.start,
                    "end": self.end,
                    "mobility_start": start,
                    "mobility_end": end,
                }
            )


@dataclass(frozen=True)
class TravelBandRate:
    minimum_km: int
    maximum_km: int | None
    standard: Decimal
    green: Decimal | None

    def contains(self, km: int) -> bool:
        return self.minimum_km <= km and (self.maximum_km is None or km <= self.maximum_km)

    @property
    def name(self) -> str:
        """The band as the grant's lines and the totals name it: "500-1999 km"."""
        if self.maximum_km is None:
            return gettext("%(from)s km or more") % {"from": self.minimum_km}
        return gettext("%(from)s-%(to)s km") % {"from": self.minimum_km, "to": self.maximum_km}


@dataclass(frozen=True)
class UnitCosts:
    """A funding table's rates as plain values: what the calculator reads."""

    call_year: int
    source: str
    is_example: bool
    minimum_days: int
    maximum_days: int
    travel_days_standard: int
    travel_days_green: int
    organisational_support: Decimal
    inclusion_support: Decimal
    # group -> (per day for days 1-14, per day from day 15)
    day_rates: dict[int, tuple[Decimal, Decimal]]
    travel_bands: list[TravelBandRate]
    # The group of Curaçao, Aruba, Sint Maarten and the Caribbean Netherlands.
    dutch_caribbean_group: int = 2

    def travel_days(self, *, green: bool) -> int:
        """The travel days funded with individual support."""
        return self.travel_days_green if green else self.travel_days_standard

    def band_for(self, km: int) -> TravelBandRate | None:
        """The distance band of a one-way distance; None when it is in none."""
        return next((band for band in self.travel_bands if band.contains(km)), None)


class MobilityGrant(models.Model):
    """The Erasmus+ grant of one mobility: the facts it was computed from, and its total.

    Computed by services.set_grant from the mobility's dates and destination; a coordinator
    may replace the total with a reason (services.override_total), both audited.
    """

    mobility = models.OneToOneField(
        "mobilities.Mobility", on_delete=models.CASCADE, related_name="grant"
    )
    agreement = models.ForeignKey(
        GrantAgreement,
        verbose_name=_("grant agreement"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    green_travel = models.BooleanField(_("green travel"), default=False)
    fewer_opportunities = models.BooleanField(
        _("participant with fewer opportunities"), default=False
    )
    distance_km = models.PositiveIntegerField(_("distance in km, one way"))
    computed_total = money_field(_("computed grant"))
    override_total = money_field(_("grant set by hand"), optional=True)
    override_reason = models.TextField(_("reason for the grant set by hand"), blank=True)
    # Organisational and inclusion support: for the school, never part of the student's amount.
    school_support = money_field(_("support for the school"), optional=True)
    # The grant policy's share when the grant was last set (policy.student_amount).
    student_share = models.PositiveSmallIntegerField(
        _("student's share in percent"), null=True, validators=[MaxValueValidator(100)]
    )
    # The day the student filled in the EU Survey participant report, as the coordinator
    # recorded it (ticked, or imported from the EU's list): the instalment after the
    # return waits for it (policy.record_paid).
    participant_report_on = models.DateField(_("participant report filled in on"), null=True)

    class Meta:
        verbose_name = _("Erasmus+ grant")

    # In the mobility's history, in the reader's language (audit.services.record).
    audit_label = gettext_noop("Erasmus+ grant")

    def __str__(self) -> str:
        return str(_("Erasmus+ grant of %(mobility)s") % {"mobility": self.mobility})

    @property
    def total(self) -> Decimal:
        return self.computed_total if self.override_total is None else self.override_total


# The school's grant policy: which part of the grant the student receives, and when.


class GrantPolicy(models.Model):
    """The school's grant policy; one row, made when a coordinator first saves it.

    Until then policy.DEFAULT_POLICY applies (100 %; 80 % before departure, 20 % after the
    return and the participant report), and the Erasmus+ page says so.
    """

    student_share = models.PositiveSmallIntegerField(
        _("student's share in percent"),
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Of the individual and travel support, what the student receives (0 to 100). The "
            "rest the school keeps, e.g. to book the travel and housing for the student. "
            "Organisational and inclusion support are for the school and never part of it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grant policy")

    audit_label = gettext_noop("Grant policy")

    def __str__(self) -> str:
        return str(_("Grant policy"))


class Moment(models.TextChoices):
    BEFORE_DEPARTURE = "before_departure", _("before departure")
    AT_DEPARTURE = "at_departure", _("on the day of departure")
    AFTER_RETURN = "after_return", _("after the return and the participant report")


class PolicyInstalment(models.Model):
    """One instalment of the grant policy: a percentage of the student's amount, and when."""

    policy = models.ForeignKey(GrantPolicy, on_delete=models.CASCADE, related_name="instalments")
    position = models.PositiveSmallIntegerField(_("order"))
    percent = models.PositiveSmallIntegerField(
        _("percent"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    moment = models.CharField(_("when"), max_length=20, choices=Moment.choices)
    days = models.PositiveSmallIntegerField(
        _("days"),
        default=0,
        help_text=_(
            "Before departure: how many days before. After the return: how many days after."
        ),
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("instalment")

    def __str__(self) -> str:
        return f"{self.percent} % {self.get_moment_display()}"


class Payment(PublicIdModel):
    """A payment of the student's part of a mobility's grant: planned, and once made, paid.

    Planned from the grant policy by policy.plan_payments; a paid payment is never changed
    by planning again, only by a coordinator undoing it with a reason.
    """

    grant = models.ForeignKey(MobilityGrant, on_delete=models.CASCADE, related_name="payments")
    position = models.PositiveSmallIntegerField(_("order"))
    percent = models.PositiveSmallIntegerField(_("percent"))
    moment = models.CharField(_("when"), max_length=20, choices=Moment.choices)
    amount = money_field(_("amount"))
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = money_field(_("amount paid"), optional=True)
    note = models.TextField(_("note"), blank=True)
    # The list of payments due counts it: its stay is funded by Erasmus+ and not called off
    # (policy.listed). Stored, so that the list's sums read one index and no stay; kept
    # true by funding.listing wherever a stay's funding or outcome changes.
    on_list = models.BooleanField(default=True, editable=False)

    class Meta:
        ordering = ["grant", "position", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            # The payments due (policy.payments_due, due_sums, overdue_count): unpaid and on
            # the list, by day due, with the amount, so that the sums are read from the
            # index alone. Paid payments, most of them in time, are left out of it.
            models.Index(
                fields=["due_on", "id", "amount"],
                condition=models.Q(paid_on__isnull=True, on_list=True),
                name="funding_payment_due_listed",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Payment %(position)s of the grant of %(mobility)s")
            % {"position": self.position, "mobility": self.grant.mobility}
        )

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


# The column layouts of the participant export: the Beneficiary Module's import template
# changes with each release, so its columns are data a coordinator edits (funding.layouts).


class ParticipantLayout(models.Model):
    """A participant export's columns, in order: each a heading and where its value comes
    from (funding.layouts.SOURCES), with a fixed text or a format where the source uses one.

    `columns` is a list of {"heading": ..., "source": ..., "format": ...}; "format" is a
    date's pattern (e.g. "%d/%m/%Y"), the two texts of a yes/no or short/long source
    ("Yes|No"), or the text of the source "fixed".
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    note = models.TextField(_("note"), blank=True)
    columns = models.JSONField(_("columns"), default=list)
    # Raised on every change: a form carries the version it showed (StaleLayoutError).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant export layout")
        verbose_name_plural = _("participant export layouts")

    def __str__(self) -> str:
        return self.name


# An agreement's totals, stored (funding.tallies keeps them; totals reads them).


class TallyGrain(models.TextChoices):
    COUNTRY = "country"
    PROGRAMME = "programme"


class AgreementTally(models.Model):
    """The FIGURES of an agreement's Erasmus+-funded stays of one outcome, per destination
    country or per programme (the other grain's columns blank): what totals.py added up
    from the stays on every request. Written only by funding.tallies.refresh."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.CASCADE, related_name="+")
    by = models.CharField(max_length=10, choices=TallyGrain.choices)
    outcome = models.CharField(max_length=20, blank=True)
    destination_country = models.CharField(max_length=2, blank=True)
    programme_name = models.CharField(max_length=200, blank=True)
    programme_level = models.PositiveSmallIntegerField(null=True)
    participants = models.PositiveIntegerField()
    days_between = models.IntegerField()
    green = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["agreement", "by"], name="funding_tally_agreement_by")]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.by} {self.outcome}"


class TallyStale(models.Model):
    """A change to what an agreement's totals count, not yet in its stored tallies: written
    in the same transaction as the change (funding.tallies.mark), removed by the refresh
    that read it. Not unique: a marker written while a refresh runs outlives it."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.agreement_id}"

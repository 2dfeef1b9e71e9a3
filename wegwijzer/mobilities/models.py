import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Func, Lookup, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijzer.core.countries import country_name
from wegwijzer.core.models import PublicIdModel
from wegwijzer.programmes.models import Anchor, Step, owner_labels


class MobilityType(models.TextChoices):
    INTERNSHIP_ABROAD = "internship_abroad", _("Internship abroad")
    CLASS_EXCHANGE = "class_exchange", _("Class exchange")
    CITY_TRIP = "city_trip", _("City trip or excursion")
    WORLDSKILLS = "worldskills", _("WorldSkills competition or project")
    AT_HOME = "at_home", _("International experience at home")


class Funding(models.TextChoices):
    ERASMUS = "erasmus", _("Erasmus+")
    OTHER = "other", _("Other funding")
    NONE = "none", _("No funding")


class Outcome(models.TextChoices):
    IN_PROGRESS = "", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled before departure")
    BROKEN_OFF = "broken_off", _("Broken off abroad")
    NOT_GOING = "not_going", _("Not going (no-go)")


def first_day() -> Coalesce:
    """A stay's first day in SQL: the actual departure when known, else the planned one
    (Mobility.first_day)."""
    return Coalesce(F("actual_departure_date"), F("departure_date"))


def last_day() -> Coalesce:
    """A stay's last day in SQL: the actual return when known, else the planned one
    (Mobility.last_day)."""
    return Coalesce(F("actual_return_date"), F("return_date"))


class AwayOn(Lookup):
    """Between leaving and coming back on the day: from the first day up to and including
    the last; both are days the student travels, so count as away. Whether the stay takes
    place at all is `abroad`'s question.

    Two comparisons, which the btree mobility_away answers by reading every stay returning
    on or after the day (at 100,000 stays some 10,000, most of them still to come). On
    PostgreSQL the same as "the stay's days contain the day", the expression of the GiST
    index mobility_days (migration 0013): it finds the day's stays alone and tells the
    planner how many there are. A stay whose last day comes before its first has no days
    there (no range: never away), as with the comparisons.
    """

    lookup_name = "away_on"

    def __init__(self, day: datetime.date) -> None:
        stay = Func(first_day(), last_day(), function="", output_field=models.DateField())
        super().__init__(stay, Value(day, output_field=models.DateField()))

    def _parts(self, compiler: Any, connection: Any) -> list[tuple[str, list[Any]]]:
        first, last = self.lhs.get_source_expressions()
        day_sql, day_params = self.process_rhs(compiler, connection)
        return [*(compiler.compile(part) for part in (first, last)), (day_sql, list(day_params))]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        (first, first_params), (last, last_params), (day, day_params) = self._parts(
            compiler, connection
        )
        sql = f"({first} <= {day} AND {last} >= {day})"
        return sql, [*first_params, *day_params, *last_params, *day_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        (first, first_params), (last, last_params), (day, day_params) = self._parts(
            compiler, connection
        )
        # The first comparison makes an inverted stay false, never NULL (which a NOT
        # around the lookup would turn into "away" on SQLite's comparisons but not here).
        sql = f"({first} <= {last} AND {STAY_DAYS.format(first=first, last=last)} @> {day})"
        dates = [*first_params, *last_params]
        return sql, [*dates, *dates, *dates, *day_params]


# The days of a stay as a PostgreSQL range, first and last included, or NULL when the last
# comes before the first (where daterange() would refuse, and so would every write of the
# stay): the expression of the index mobility_days and of AwayOn, word for word.
STAY_DAYS = "CASE WHEN {first} <= {last} THEN daterange({first}, {last}, '[]') END"


def away_on(day: datetime.date) -> Q:
    """Between leaving and coming back on the day (AwayOn), as a condition."""
    return Q(AwayOn(day))


# Outcomes of a stay that never went abroad: cancelled before departure, or no-go.
NEVER_WENT = (Outcome.CANCELLED, Outcome.NOT_GOING)


def abroad(day: datetime.date) -> Q:
    """The one rule for "abroad on a day", as a condition:
    a stay with a go (step 3 or later) that was not cancelled, from its departure day up to
    and including its (actual) return day. A stay completed or broken off today still
    counts today: the student travels. Mobility.objects.abroad_on filters on it; a query
    that needs it beside another condition (who-is-where's "abroad or departing soon")
    puts it in the same WHERE, so the planner finds both from indexes."""
    return Q(step__gte=Step.PREPARATION) & ~Q(outcome__in=NEVER_WENT) & away_on(day)


class MobilityQuerySet(models.QuerySet["Mobility"]):
    def in_progress(self) -> "MobilityQuerySet":
        return self.filter(outcome=Outcome.IN_PROGRESS)

    def with_return(self) -> "MobilityQuerySet":
        """Each mobility with `left_on` and `back_on`: the actual departure and return when
        known, else the planned ones (Mobility.first_day and last_day, in SQL)."""
        return self.annotate(left_on=first_day(), back_on=last_day())

    def abroad_on(self, day: datetime.date) -> "MobilityQuerySet":
        """The stays abroad on the day (the rule is `abroad`), asked by who-is-where, the
        roll call, the travel alerts and the totals."""
        return self.with_return().filter(abroad(day))

    def in_school_year(self, first_year: int) -> "MobilityQuerySet":
        """Mobilities departing in the school year that starts on 1 August of first_year."""
        return self.filter(
            departure_date__gte=datetime.date(first_year, 8, 1),
            departure_date__lt=datetime.date(first_year + 1, 8, 1),
        )

    def update(self, **kwargs: Any) -> int:
        """A new step changes which items are work now: next_due_date follows. A change
        to what the Erasmus+ totals count marks the stays' agreements (funding.tallies);
        a new funding or outcome sets which payments the list of payments due counts
        (funding.listing)."""
        from wegwijzer.funding import listing, tallies

        with transaction.atomic(savepoint=False):
            marked = tallies.of_stays(self, kwargs)
            relisted = listing.of_stays(self, kwargs)
            if "step" not in kwargs:
                updated = super().update(**kwargs)
            else:
                updated = _updated_then_refreshed(
                    self, "pk", lambda: super(MobilityQuerySet, self).update(**kwargs)
                )
            listing.relist(relisted)
        tallies.mark(marked)
        return updated


class Mobility(PublicIdModel):
    """One student, one stay abroad: the case everything hangs on."""

    student = models.ForeignKey(
        "students.Student",
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    type = models.CharField(
        _("type"), max_length=30, choices=MobilityType.choices,
        default=MobilityType.INTERNSHIP_ABROAD,
    )  # fmt: skip
    destination_country = CountryField(_("destination country"))
    destination_city = models.CharField(_("destination city"), max_length=100)
    # The GeoNames city chosen in the search box, when known: namesakes in one country
    # (Salamanca the city, Salamanca the district of Madrid) differ only by it.
    destination_city_geoname_id = models.PositiveIntegerField(
        _("GeoNames id of the destination city"), null=True, blank=True
    )
    address_abroad = models.TextField(_("address abroad"), blank=True)
    host_company = models.ForeignKey(
        "hosts.HostCompany",
        verbose_name=_("host company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mobilities",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_mobilities",
        limit_choices_to={"role": "supervisor"},
    )
    # The group stay (class exchange, city trip) the student takes part in, if any: the
    # group's services keep its shared facts in line (groups.services).
    group = models.ForeignKey(
        "groups.GroupStay",
        verbose_name=_("group stay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    departure_date = models.DateField(_("planned departure"))
    return_date = models.DateField(_("planned return"))
    actual_departure_date = models.DateField(_("actual departure"), null=True, blank=True)
    actual_return_date = models.DateField(_("actual return"), null=True, blank=True)
    funding = models.CharField(
        _("funding"), max_length=10, choices=Funding.choices, default=Funding.NONE
    )
    exam_abroad = models.BooleanField(_("exam abroad"), default=False)
    extended = models.BooleanField(_("stay extended"), default=False)
    step = models.PositiveSmallIntegerField(
        _("step"), choices=Step.choices, default=Step.ORIENTATION
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    outcome_date = models.DateField(_("date of the outcome"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on every change of the stay's facts or state; a form carries the version it
    # was made from, so a stale or repeated post changes nothing (mobilities.lifecycle).
    version = models.PositiveIntegerField(default=0)
    # The soonest due date of the stay's work now (mobilities.attention.to_do_now, any
    # owner), or None when nothing is to do. Stored so that lists order by urgency and
    # "overdue" (next_due_date before today) is an indexed question; kept up to date by
    # every write of items or step (refresh_attention), never set by hand.
    next_due_date = models.DateField(null=True, blank=True, editable=False)

    objects = MobilityQuerySet.as_manager()

    class Meta:
        ordering = ["departure_date", "pk"]
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_date__gte=models.F("departure_date")),
                name="mobility_returns_after_departure",
            ),
        ]
        indexes = [
            # Home counts per step, and every "in progress" list (outcome = '').
            models.Index(fields=["outcome", "step"], name="mobility_outcome_step"),
            # The home's count per step and country of the stays in progress (queries.overview)
            # read from the index alone: 12,843 stays at 100k in 2 ms instead of 10.
            models.Index(
                fields=["step", "destination_country"],
                condition=Q(outcome=""),
                name="mobility_open_step_country",
            ),
            models.Index(fields=["destination_country"], name="mobility_country"),
            models.Index(fields=["departure_date", "return_date"], name="mobility_dates"),
            # "Abroad on a day" (abroad_on) compares the actual-or-planned dates: on SQLite
            # who-is-where, the roll call and the travel alerts find the day's stays from
            # this index; on PostgreSQL from the GiST index mobility_days (migration 0013).
            models.Index(
                Coalesce("actual_return_date", "return_date"),
                Coalesce("actual_departure_date", "departure_date"),
                name="mobility_away",
            ),
            # The home's country and school-year choices and its departures: stays in
            # progress only, read from the index alone.
            models.Index(
                fields=["destination_country"],
                condition=Q(outcome=""),
                name="mobility_open_country",
            ),
            models.Index(
                fields=["departure_date"], condition=Q(outcome=""), name="mobility_open_departure"
            ),
            # The homes' "most urgent first" (attention.MOST_URGENT_FIRST) of stays in
            # progress, read in index order up to one page.
            models.Index(
                fields=["next_due_date", "departure_date", "id"],
                condition=Q(outcome=""),
                name="mobility_urgent_in_progress",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A saved step (or a whole stay, whose stored next_due_date may be stale) brings
        next_due_date in line with the items."""
        adding = self._state.adding
        fields = kwargs.get("update_fields")
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            if not adding and (fields is None or "step" in fields):
                refresh_attention([self.pk])

    def __str__(self) -> str:
        return f"{self.student} → {self.destination_city}, {country_name(self.destination_country)}"

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.IN_PROGRESS

    @property
    def is_back_home(self) -> bool:
        """Back home: in step 5, or completed. What the reflection, the assessment, the
        Europass, the student's view of the host and the ambassador pool wait for; a stay
        broken off, cancelled or without a go is not."""
        if self.is_open:
            return self.step == Step.BACK_HOME
        return self.outcome == Outcome.COMPLETED

    @property
    def first_day(self) -> datetime.date:
        """The first day of the stay: the actual departure when known, else the planned one
        (what with_return() annotates as left_on, for one mobility)."""
        return self.actual_departure_date or self.departure_date

    @property
    def last_day(self) -> datetime.date:
        """The last day of the stay: the actual return when known, else the planned one
        (what with_return() annotates as back_on, for one mobility)."""
        return self.actual_return_date or self.return_date

    @property
    def days_abroad(self) -> int:
        """The days of the stay, the departure and the last day both counted."""
        return (self.last_day - self.first_day).days + 1

    @property
    def school_year(self) -> str:
        first = self.departure_date.year - (self.departure_date.month < 8)
        return f"{first}-{first + 1}"


class ItemStatus(models.TextChoices):
    OPEN = "open", _("to do")
    # Marked done by someone the school checks (usually the student, with a document):
    # it waits for the checker (ChecklistItem.checker) to accept it or send it back.
    TO_CHECK = "to_check", _("to check")
    DONE = "done", _("done")
    WAIVED = "waived", _("waived")


# What an item's write must change for its stay's next_due_date to move.
ATTENTION_FIELDS = frozenset({"step", "required", "due_date", "applicable", "status", "mobility"})


REFRESH_BATCH = 500


def refresh_attention(stays: Iterable[int]) -> None:
    """Recompute next_due_date of the stays (by pk) in one UPDATE, inside the caller's
    transaction. The rule is attention.to_do_now's: imported here, not re-derived
    (attention imports this module, so the import waits for the call)."""
    from wegwijzer.mobilities import attention

    pks = sorted(set(stays))
    # In batches: a bulk write may touch thousands of stays, more than SQLite binds at once.
    for start in range(0, len(pks), REFRESH_BATCH):
        attention.refresh(Mobility.objects.filter(pk__in=pks[start : start + REFRESH_BATCH]))


def _updated_then_refreshed(
    rows: models.QuerySet[Any], stay_field: str, update: Callable[[], int]
) -> int:
    """Run a queryset's update and recompute next_due_date of the stays it touched, in one
    transaction. The stays are read before the update: it may change what the filter matches."""
    with transaction.atomic(savepoint=False):
        stays = set(rows.order_by().values_list(stay_field, flat=True))
        updated = update()
        refresh_attention(stays)
    return updated


class ChecklistItemQuerySet(models.QuerySet["ChecklistItem"]):
    """Every bulk write of items keeps their stays' next_due_date true."""

    def update(self, **kwargs: Any) -> int:
        if not ATTENTION_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        return _updated_then_refreshed(
            self, "mobility_id", lambda: super(ChecklistItemQuerySet, self).update(**kwargs)
        )

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            if created:
                refresh_attention({item.mobility_id for item in created})
        return created


class ChecklistItem(PublicIdModel):
    """One thing to be done within one step for one mobility, made from a template item.

    The template's wording and rules are copied when the item is made, so later changes to
    the template do not rewrite what a student already worked on.
    """

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(
        "programmes.TemplateItem", on_delete=models.PROTECT, related_name="checklist_items"
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owners = models.JSONField(_("done by"), default=list)
    required = models.BooleanField(_("required"), default=True)
    due_date = models.DateField(_("due"))
    applicable = models.BooleanField(_("applies"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)
    # Who at school checks the item when someone else marks it done: a role
    # (programmes.Checker), copied from the template item; empty when nobody checks.
    checker = models.CharField(_("checked by"), max_length=20, blank=True, default="")
    # Why the checker sent it back; the student sees it until the item is done again.
    returned_reason = models.TextField(_("reason for sending back"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    # Raised on every change; a form carries the version it showed, so a second person
    # saving over a change they have not seen is told instead of overwriting it.
    version = models.PositiveIntegerField(default=0)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["step", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "template_item"], name="one_item_per_template_item"
            ),
        ]
        indexes = [
            # A stay's items of a step, open or not: the lifecycle's open required items,
            # the attention subqueries and next_due_date's refresh.
            models.Index(fields=["mobility", "step", "status"], name="item_mobility_step_status"),
            # The "to check" queues of the homes (access.items_to_check): few of millions.
            # On PostgreSQL also item_to_check_queue, in the queue's order (migration 0012).
            models.Index(
                fields=["changed_at"],
                condition=Q(status=ItemStatus.TO_CHECK, applicable=True),
                name="item_to_check",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            if fields is None or ATTENTION_FIELDS & set(fields):
                refresh_attention([self.mobility_id])

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        """The status in words, as get_status_display, which makes and hashes a dict of
        every choice's label on each call (a stay's page asks it of some forty items)."""
        return str(ItemStatus(self.status).label)

    @property
    def is_settled(self) -> bool:
        """Done or waived: no longer in the way of the next step. An item waiting for the
        school's check is not settled yet."""
        return self.status in (ItemStatus.DONE, ItemStatus.WAIVED)

    @property
    def owner_labels(self) -> list[str]:
        return owner_labels(self.owners)

    @property
    def is_to_do_now(self) -> bool:
        """Work now: required, open and applicable, of the stay's current or an earlier step
        (mobilities.attention.to_do_now, for one item whose mobility is loaded)."""
        return (
            self.required
            and self.applicable
            and self.status == ItemStatus.OPEN
            and self.step <= self.mobility.step
        )

    def is_overdue(self, today: datetime.date) -> bool:
        """Red: to do now and due before today (mobilities.attention.overdue, for one item).
        Optional items and items of later steps are never late."""
        return self.is_to_do_now and self.due_date < today


class DecisionChoice(models.TextChoices):
    GO = "go", _("Go")
    NO_GO = "no_go", _("No-go")


class Decision(models.Model):
    """The go/no-go at the end of step 2, with who decided, when and why."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionChoice.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_on})"


ANCHOR_FIELDS: dict[str, str] = {Anchor.DEPARTURE: "departure_date", Anchor.RETURN: "return_date"}


class StayExtension(models.Model):
    """A stay abroad made longer: the planned return moved to a later day, with the reason.

    The stay's return_date holds the new day; these rows keep the history of the moves.
    """

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="extensions")
    previous_return = models.DateField(_("previous planned return"))
    new_return = models.DateField(_("new planned return"))
    reason = models.TextField(_("reason"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("extension of the stay")
        verbose_name_plural = _("extensions of the stay")

    def __str__(self) -> str:
        return f"{self.previous_return} → {self.new_return}"

"""The school's grant policy, and the payments of the student's part of a grant.

What the student receives (student_amount), line by line (amount_lines):

    the grant's total (computed, or set by hand: that replaces the computed total)
  - the support for the school: organisational support, and inclusion support for a
    participant with fewer opportunities; the Programme Guide gives both to the
    organisation, for organising the stay, so they are never the student's
  = the support for the participant (individual and travel support), at least €0
  x the policy's share (the rest the school keeps, e.g. to book travel and housing)
  = what the student receives, rounded to the cent.

The share is the one of the policy when the grant was last set (MobilityGrant.student_share):
a later change of the policy applies to a grant when it is set or recomputed again, never
to a payment already made.

The payments: the student's amount split over the policy's instalments, each due on a day
from the mobility's dates; the rounding remainder goes in the last one, so the instalments
add up to the cent. Planning again (plan_payments, after the grant or the dates change)
replaces the unpaid payments and never touches the paid ones: what is still to be paid is
split over the instalments not yet paid. When more has been paid than the new amount, the
difference shows as to be claimed back; nothing is adjusted behind the coordinator's back.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Count, DecimalField, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.core.money import ZERO, cents
from wegwijzer.funding.models import GrantPolicy, MobilityGrant, Moment, Payment, PolicyInstalment
from wegwijzer.mobilities.models import Funding, Mobility, Outcome

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# Stays that did not happen: nothing more is paid for them.
NOT_GOING = frozenset({Outcome.CANCELLED, Outcome.NOT_GOING})

# The one rule for which payments the list of payments due counts: those of a stay still
# funded by Erasmus+ and not called off. Stored on each payment (Payment.on_list) when it
# is planned, and kept true by funding.listing when a stay's funding or outcome changes.
LISTED_STAYS = Q(funding=Funding.ERASMUS) & ~Q(outcome__in=NOT_GOING)


def listed(mobility: Mobility) -> bool:
    """LISTED_STAYS for one stay, as it is in memory."""
    return mobility.funding == Funding.ERASMUS and mobility.outcome not in NOT_GOING


@dataclass(frozen=True)
class Instalment:
    percent: int
    moment: str
    days: int = 0

    def due_on(self, mobility: Mobility) -> datetime.date:
        if self.moment == Moment.BEFORE_DEPARTURE:
            return mobility.departure_date - datetime.timedelta(days=self.days)
        if self.moment == Moment.AT_DEPARTURE:
            return mobility.departure_date
        return mobility.last_day + datetime.timedelta(days=self.days)

    def describe(self) -> str:
        return describe_moment(self.moment, self.days)


def describe_moment(moment: str, days: int) -> str:
    if moment == Moment.BEFORE_DEPARTURE:
        return _("%(days)s days before departure") % {"days": days}
    if moment == Moment.AT_DEPARTURE:
        return _("on the day of departure")
    return _("%(days)s days after the return, with the participant report") % {"days": days}


@dataclass(frozen=True)
class Policy:
    student_share: int
    instalments: tuple[Instalment, ...]
    is_default: bool = False


DEFAULT_POLICY = Policy(
    student_share=100,
    instalments=(
        Instalment(80, Moment.BEFORE_DEPARTURE, 14),
        Instalment(20, Moment.AFTER_RETURN, 30),
    ),
    is_default=True,
)


def current_policy() -> Policy:
    """The school's policy as saved, or the default until a coordinator saves one.

    One query: a saved policy always has at least one instalment (validate_policy)."""
    rows = list(PolicyInstalment.objects.select_related("policy").order_by("position"))
    if not rows:
        return DEFAULT_POLICY
    return Policy(
        student_share=rows[0].policy.student_share,
        instalments=tuple(Instalment(row.percent, row.moment, row.days) for row in rows),
    )


# What the student receives


def participant_support(grant: MobilityGrant) -> Decimal:
    """The grant's total without the support for the school, at least €0."""
    return max(Decimal(grant.total) - Decimal(grant.school_support or ZERO), ZERO)


def share_of(grant: MobilityGrant) -> int:
    return current_policy().student_share if grant.student_share is None else grant.student_share


def student_amount(grant: MobilityGrant) -> Decimal:
    """What the student receives in total from the grant (see the module's docstring)."""
    return cents(participant_support(grant) * share_of(grant) / 100)


@dataclass(frozen=True)
class AmountLine:
    label: str
    amount: Decimal


def amount_lines(grant: MobilityGrant) -> list[AmountLine]:
    """How the student's amount follows from the grant, to show line by line."""
    total_label = _("Grant, computed") if grant.override_total is None else _("Grant, set by hand")
    share = share_of(grant)
    return [
        AmountLine(total_label, grant.total),
        AmountLine(
            _("Less organisational and inclusion support (for the school)"),
            grant.school_support or ZERO,
        ),
        AmountLine(_("Support for the participant"), participant_support(grant)),
        AmountLine(
            _("The student receives %(share)s %% of it") % {"share": share},
            student_amount(grant),
        ),
    ]


def split(amount: Decimal, percents: list[int]) -> list[Decimal]:
    """The amount in parts by the percents (of their sum), rounded to cents; the last part
    takes the rounding remainder, so the parts add up to the amount exactly."""
    whole = sum(percents)
    parts = [cents(amount * percent / whole) for percent in percents[:-1]]
    return [*parts, amount - sum(parts, ZERO)]


# The payment plan of a grant


@dataclass(frozen=True)
class PaymentPlan:
    amount: Decimal
    payments: list[Payment]
    paid: Decimal
    to_pay: Decimal
    overpaid: Decimal


def plan_for(grant: MobilityGrant, payments: list[Payment]) -> PaymentPlan:
    """The student's amount, what is paid and still to pay, and what was paid too much."""
    amount = student_amount(grant)
    paid = sum((p.paid_amount or ZERO for p in payments if p.is_paid), ZERO)
    to_pay = sum((p.amount for p in payments if not p.is_paid), ZERO)
    return PaymentPlan(amount, payments, paid, to_pay, max(paid - amount, ZERO))


def _wanted(grant: MobilityGrant, paid: list[Payment], policy: Policy) -> list[Payment]:
    """The unpaid payments the grant should have, next to the paid ones."""
    mobility = grant.mobility
    if mobility.outcome in NOT_GOING:
        return []
    remaining = student_amount(grant) - sum((p.paid_amount or ZERO for p in paid), ZERO)
    if remaining <= 0:
        return []
    taken = {p.position for p in paid}
    open_ = [(n, rule) for n, rule in enumerate(policy.instalments, 1) if n not in taken]
    if not open_:
        # Every instalment has been paid and the amount grew: one more payment, at the end.
        last = policy.instalments[-1]
        open_ = [(max(taken) + 1, Instalment(0, last.moment, last.days))]
    amounts = split(remaining, [rule.percent or 1 for _n, rule in open_])
    return [
        Payment(
            grant=grant,
            position=n,
            percent=rule.percent,
            moment=rule.moment,
            amount=amount,
            due_on=rule.due_on(mobility),
            on_list=listed(mobility),
        )
        for (n, rule), amount in zip(open_, amounts, strict=True)
        if amount > 0
    ]


def _summary(payments: list[Payment]) -> str:
    return "; ".join(
        f"{p.position}: €{p.amount} {p.due_on.isoformat()}" for p in payments if not p.is_paid
    )


def replan_payments(grant: MobilityGrant) -> dict[str, tuple[str, str]]:
    """Plan the grant's unpaid payments again from the policy and the mobility's dates, and
    return the change for the caller's audit entry ({} when the plan stays the same).

    Paid payments stay as they are.
    """
    policy = current_policy()
    payments = list(Payment.objects.select_for_update().filter(grant=grant))
    paid = [p for p in payments if p.is_paid]
    unpaid = [p for p in payments if not p.is_paid]
    wanted = _wanted(grant, paid, policy)
    if _summary(unpaid) == _summary(wanted):
        return {}
    Payment.objects.filter(pk__in=[p.pk for p in unpaid]).delete()
    Payment.objects.bulk_create(wanted)
    return {"payments": (_summary(unpaid), _summary(wanted))}


@transaction.atomic
def plan_payments(grant: MobilityGrant, *, by: User | None) -> None:
    """replan_payments with its own audit entry, for callers that make none."""
    changes = replan_payments(grant)
    if changes:
        record(
            by=by, action=Action.CHANGE, obj=grant, mobility=grant.mobility,
            student=grant.mobility.student, changes=changes,
            note=gettext_noop("Payments planned from the grant policy"),
        )  # fmt: skip


# A coordinator records a payment


def record_paid(
    payment: Payment, *, by: User | None, paid_on: datetime.date, amount: Decimal, note: str
) -> Payment:
    """The payment was made: on which day, and how much; another amount needs a note.

    The payments still to make are planned again, so they add up to the student's amount.
    """
    note = note.strip()
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if amount != payment.amount and not note:
        raise ValidationError(
            _("Another amount than planned (€%(planned)s) needs a note saying why.")
            % {"planned": payment.amount}
        )
    with transaction.atomic():
        stored = (
            with_report_state(Payment.objects.select_for_update())
            .select_related("grant__mobility")
            .get(pk=payment.pk)
        )
        if stored.is_paid:
            raise ValidationError(_("This payment has already been recorded as paid."))
        if stored.waits_for_report:
            raise ValidationError(
                _(
                    "This instalment waits for the Erasmus+ participant report: record on the "
                    "grant that the student filled it in first."
                )
            )
        stored.paid_on, stored.paid_amount, stored.note = paid_on, amount, note
        stored.save(update_fields=["paid_on", "paid_amount", "note"])
        _audit(stored, by=by, before=(None, None), note=note)
        plan_payments(stored.grant, by=by)
    return stored


def undo_paid(payment: Payment, *, by: User, reason: str) -> None:
    """A payment recorded as paid by mistake is unpaid again, with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for undoing the payment."))
    with transaction.atomic():
        stored = (
            Payment.objects.select_for_update().select_related("grant__mobility").get(pk=payment.pk)
        )
        if not stored.is_paid:
            raise ValidationError(_("This payment has not been recorded as paid."))
        before = (stored.paid_on, stored.paid_amount)
        stored.paid_on, stored.paid_amount = None, None
        stored.save(update_fields=["paid_on", "paid_amount"])
        _audit(stored, by=by, before=before, note=reason)
        plan_payments(stored.grant, by=by)


def _audit(
    payment: Payment,
    *,
    by: User | None,
    before: tuple[datetime.date | None, Decimal | None],
    note: str,
) -> None:
    mobility = payment.grant.mobility
    record(
        by=by, action=Action.CHANGE, obj=payment, mobility=mobility, student=mobility.student,
        changes={
            "paid_on": (before[0], payment.paid_on),
            "paid_amount": (before[1], payment.paid_amount),
        },
        note=note,
    )  # fmt: skip


# The coordinator changes the policy


def validate_policy(student_share: int, instalments: list[Instalment]) -> None:
    """A clear message for each thing wrong with a policy, all at once."""
    problems = []
    if not 0 <= student_share <= 100:
        problems.append(_("The student's share must be from 0 to 100 percent."))
    if not instalments:
        problems.append(_("Give at least one instalment."))
    if any(rule.percent <= 0 or rule.percent > 100 for rule in instalments):
        problems.append(_("Each instalment is from 1 to 100 percent."))
    if any(rule.days < 0 for rule in instalments):
        problems.append(_("A number of days cannot be negative."))
    total = sum(rule.percent for rule in instalments)
    if instalments and total != 100:
        problems.append(
            _("The instalments add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"total": total}
        )
    if problems:
        raise ValidationError(problems)


def describe_policy(policy: Policy) -> str:
    rules = ", ".join(f"{rule.percent} % {rule.describe()}" for rule in policy.instalments)
    return f"{policy.student_share} %; {rules}"


@transaction.atomic
def save_policy(
    *, by: User | None, student_share: int, instalments: list[Instalment]
) -> GrantPolicy:
    """The school's grant policy, replaced as a whole; nothing is saved when it is wrong.

    It applies to grants set or recomputed from now on; payments already planned follow
    when their grant changes next.
    """
    validate_policy(student_share, instalments)
    before = current_policy()
    stored = GrantPolicy.objects.select_for_update().first()
    created = stored is None
    stored = stored or GrantPolicy()
    stored.student_share = student_share
    stored.save()
    stored.instalments.all().delete()
    PolicyInstalment.objects.bulk_create(
        PolicyInstalment(policy=stored, position=n, percent=r.percent, moment=r.moment, days=r.days)
        for n, r in enumerate(instalments, 1)
    )
    after = Policy(student_share, tuple(instalments))
    record(
        by=by, action=Action.CREATE if created else Action.CHANGE, obj=stored,
        changes={"policy": (describe_policy(before), describe_policy(after))},
    )  # fmt: skip
    return stored


# For the coordinator's list of payments to make


# The checklist item the last instalment waits for (programmes/default_checklist.py).
PARTICIPANT_REPORT = "back-participant-report"

# The one rule for the participant report: the instalment after the return, the grant's
# last, is paid once the report is recorded on the grant (participant_report.record).
PAID_AFTER_REPORT = Q(moment=Moment.AFTER_RETURN)
WAITS_FOR_REPORT = PAID_AFTER_REPORT & Q(grant__participant_report_on__isnull=True)


class ReportState(TypedDict):
    paid_after_report: bool
    waits_for_report: bool


def with_report_state(
    payments: "QuerySet[Payment]",
) -> "QuerySet[WithAnnotations[Payment, ReportState]]":
    """Each payment with `paid_after_report` (an instalment after the return, which waits
    for the participant report) and `waits_for_report` (it still does: no report yet)."""
    return payments.annotate(
        paid_after_report=ExpressionWrapper(PAID_AFTER_REPORT, output_field=BooleanField()),
        waits_for_report=ExpressionWrapper(WAITS_FOR_REPORT, output_field=BooleanField()),
    )


def payments_due(until: datetime.date) -> "QuerySet[WithAnnotations[Payment, ReportState]]":
    """Unpaid payments due on or before the day, the oldest first, of stays not called off
    and still funded by Erasmus+, each with its report state (with_report_state)."""
    return (
        with_report_state(_unpaid(due_on__lte=until))
        .select_related("grant__mobility__student")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class DueSums:
    """How many payments of the list of payments due are overdue and coming, and how much."""

    overdue: int
    overdue_amount: Decimal
    coming: int
    coming_amount: Decimal

    @property
    def listed(self) -> int:
        """How many payments the list holds: every one is either overdue or coming."""
        return self.overdue + self.coming


# A sum of many amounts is wider than one amount (max_digits=10).
MONEY_SUM = DecimalField(max_digits=16, decimal_places=2)


def due_sums(today: datetime.date, until: datetime.date) -> DueSums:
    """The list's counts and amounts, added up by the database in one query."""
    overdue, coming = Q(due_on__lt=today), Q(due_on__gte=today)
    sums = _unpaid(due_on__lte=until).aggregate(
        overdue=Count("pk", filter=overdue),
        overdue_amount=Coalesce(Sum("amount", filter=overdue), ZERO, output_field=MONEY_SUM),
        coming=Count("pk", filter=coming),
        coming_amount=Coalesce(Sum("amount", filter=coming), ZERO, output_field=MONEY_SUM),
    )
    return DueSums(**sums)


# The coordinator's home counts the payments overdue up to this many, then says "more
# than": the count walks the index of unpaid payments from the oldest and stops there, a
# query as cheap with a hundred thousand stays as with a hundred. The list of payments due
# (due_sums) counts them all.
OVERDUE_COUNTED_UP_TO = 100


@dataclass(frozen=True)
class OverdueCount:
    count: int  # at most OVERDUE_COUNTED_UP_TO
    more: bool  # more than that many are overdue


def overdue_count(today: datetime.date) -> OverdueCount:
    """How many payments of the list of payments due are overdue, for the home page: up to
    OVERDUE_COUNTED_UP_TO, oldest first, so that the database reads that many at most.

    A plain COUNT of them joins every grant and stay (the planner expects four times as
    many unpaid payments overdue as there are: most unpaid ones are due later)."""
    counted = (
        _unpaid(due_on__lt=today).order_by("due_on", "pk")[: OVERDUE_COUNTED_UP_TO + 1].count()
    )
    return OverdueCount(
        count=min(counted, OVERDUE_COUNTED_UP_TO), more=counted > OVERDUE_COUNTED_UP_TO
    )


def _unpaid(**due: datetime.date) -> "QuerySet[Payment]":
    """Unpaid payments of stays not called off and still funded by Erasmus+ (on_list: no
    join with the stays, so the sums read the index funding_payment_due_listed alone)."""
    return Payment.objects.filter(paid_on__isnull=True, on_list=True, **due)


# The demo


def plan_demo_payments(*, today: datetime.date) -> None:
    """The demo's policy (the default, saved as the school's) and the payments of its
    grants: the first paid for stays begun, all paid for completed ones, so that the pages
    show each state. Call at the end of the demo's load, after its grants are made; loading
    again changes nothing."""
    if not GrantPolicy.objects.exists():
        save_policy(
            by=None,
            student_share=DEFAULT_POLICY.student_share,
            instalments=list(DEFAULT_POLICY.instalments),
        )
    for grant in MobilityGrant.objects.select_related("mobility__student"):
        plan_payments(grant, by=None)
        mobility = grant.mobility
        if mobility.departure_date > today or mobility.outcome in NOT_GOING:
            continue
        unpaid = grant.payments.filter(paid_on__isnull=True).order_by("position")
        completed = mobility.outcome == Outcome.COMPLETED
        if completed and grant.participant_report_on is None:
            grant.participant_report_on = min(mobility.last_day + datetime.timedelta(14), today)
            grant.save(update_fields=["participant_report_on"])
        # Loading the demo again pays nothing more.
        for payment in unpaid if completed else unpaid.filter(position=1):
            record_paid(
                payment, by=None, paid_on=min(payment.due_on, today), amount=payment.amount,
                note="",
            )  # fmt: skip

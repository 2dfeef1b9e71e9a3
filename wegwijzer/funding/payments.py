"""The school's grant policy and the payments of the student's part of a grant: pages."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.funding import policy
from wegwijzer.funding.forms import (
    GrantPolicyForm,
    InstalmentForm,
    InstalmentFormSet,
    RecordPaidForm,
    UndoPaidForm,
)
from wegwijzer.funding.models import Payment

# The coordinator's list shows what is overdue and what falls due within this many days.
DUE_AHEAD = datetime.timedelta(days=30)


def policy_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The student's share of the grant and the instalments, replaced as a whole."""
    access.require(access.can_manage_payments(request.user))
    current = policy.current_policy()
    data = request.POST or None
    form = GrantPolicyForm(data, initial={"student_share": current.student_share})
    # Initial values on the page only: a posted row that equals them must still count.
    initial = [
        {"percent": rule.percent, "moment": rule.moment, "days": rule.days}
        for rule in current.instalments
    ]
    instalments = InstalmentFormSet(data, prefix="instalments", initial=None if data else initial)
    if request.method == "POST" and form.is_valid() and instalments.is_valid():
        try:
            policy.save_policy(
                by=request.user,
                student_share=form.cleaned_data["student_share"],
                instalments=_rules(instalments),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The grant policy is saved."))
            return redirect("funding:overview")
    context = {"form": form, "instalments": instalments, "policy": current}
    return render(request, "funding/policy_form.html", context)


def _rules(instalments: BaseFormSet[InstalmentForm]) -> list[policy.Instalment]:
    """The filled-in, not deleted rows, in the order shown."""
    return [
        policy.Instalment(row["percent"], row["moment"], row.get("days") or 0)
        for row in (form.cleaned_data for form in instalments.forms)
        if row and not row.get("DELETE")
    ]


def payments_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Payments overdue, and due within the next 30 days, the oldest first, a page at a
    time, with how many and how much are overdue and coming."""
    access.require(access.can_manage_payments(request.user))
    today = timezone.localdate()
    until = today + DUE_AHEAD
    sums = policy.due_sums(today, until)
    context = {
        # The sums have counted the list: the paginator does not count it again.
        "page": page_of(request, policy.payments_due(until), count=sums.listed),
        "sums": sums,
        "today": today,
        "days": DUE_AHEAD.days,
    }
    return render(request, "funding/payments_due.html", context)


def payment_paid(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Record that a planned payment was made: the day and the amount."""
    payment = access.payment_for(request.user, public_id)
    initial = {"paid_on": timezone.localdate(), "amount": payment.amount}
    form = RecordPaidForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy.record_paid(
                payment,
                by=request.user,
                paid_on=form.cleaned_data["paid_on"],
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The payment is recorded as paid."))
            return _back(request, payment)
    return _page(request, _("Record a payment as paid"), payment, form)


def payment_undo(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A payment recorded as paid by mistake: unpaid again, with a reason."""
    payment = access.payment_for(request.user, public_id)
    form = UndoPaidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy.undo_paid(payment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The payment is no longer recorded as paid."))
            return _back(request, payment)
    return _page(request, _("Undo a payment"), payment, form)


def _page(
    request: AuthenticatedHttpRequest, title: str, payment: Payment, form: object
) -> HttpResponse:
    """Recording a payment as paid and undoing it: one page, each with its own form."""
    context = {
        "title": title,
        "payment": payment,
        "mobility": payment.grant.mobility,
        "form": form,
        "from_list": _from_list(request),
    }
    return render(request, "funding/payment_form.html", context)


def _from_list(request: AuthenticatedHttpRequest) -> bool:
    return (request.POST or request.GET).get("from") == "list"


def _back(request: AuthenticatedHttpRequest, payment: Payment) -> HttpResponse:
    if _from_list(request):
        return redirect("funding:payments")
    return redirect("mobilities:detail", public_id=payment.grant.mobility.public_id)

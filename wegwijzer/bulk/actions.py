"""The bulk actions: what each does to one stay, and why it refuses one.

Each action first says, for every stay of the selection, what it will do or why it will
not (`rows`, a few queries for the whole selection); the coordinator reads that and
confirms, and `carry_out` then does it stay by stay through the owning app's service (which
audits each stay and asks its own rules again). A row carries the version(s) its preview
was made from: a stay changed since is refused with "changed since", the rest is done.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.core.forms import SchoolDateField
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.links import services as link_services
from wegwijzer.links.models import ITEM_KEYS, Purpose
from wegwijzer.mobilities import lifecycle
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import Step, TemplateItem
from wegwijzer.students.models import Guardian, Student


@dataclass
class Row:
    """One stay of the selection (or a student without one): what will happen, or why not."""

    student: Student
    mobility: Mobility | None = None
    will: str = ""
    refusal: str = ""
    # The version(s) the preview was made from, compared again on confirming.
    token: str = ""
    target: Any = field(default=None, repr=False)


class Action:
    key: ClassVar[str]
    label: ClassVar[Any]
    form_class: ClassVar[type[forms.Form] | None] = None

    @staticmethod
    def offered_to(user: User) -> bool:
        raise NotImplementedError

    def rows(self, user: User, stays: list[Mobility], params: dict[str, Any]) -> list[Row]:
        raise NotImplementedError

    def apply(
        self, request: AuthenticatedHttpRequest, stay: Mobility, target: Any, params: dict[str, Any]
    ) -> None:
        raise NotImplementedError


def _items_by_stay(stays: list[Mobility], key: str) -> dict[int, ChecklistItem]:
    items = ChecklistItem.objects.filter(mobility__in=stays, template_item__key=key)
    return {item.mobility_id: item for item in items}


# 1. Tick a checklist item


def _item_choices() -> list[tuple[str, str]]:
    items = TemplateItem.objects.filter(programme=None).order_by("step", "position", "pk")
    return [(item.key, f"{item.step}. {_(item.title)}") for item in items]


class TickItemForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("Checklist item"))
    done_on = SchoolDateField(label=gettext_lazy("Done on"))
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item: Any = self.fields["item"]
        item.choices = [("", _("Choose an item")), *_item_choices()]
        self.fields["done_on"].initial = timezone.localdate()

    def clean_done_on(self) -> datetime.date:
        done_on: datetime.date = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The day it was done cannot be in the future."))
        return done_on


class TickItem(Action):
    key = "tick-item"
    label = gettext_lazy("Tick a checklist item")
    form_class = TickItemForm

    @staticmethod
    def offered_to(user: User) -> bool:
        return access.can_tick_items_in_bulk(user)

    def rows(self, user: User, stays: list[Mobility], params: dict[str, Any]) -> list[Row]:
        items = _items_by_stay(stays, params["item"])
        rows = []
        for stay in stays:
            row = Row(stay.student, stay)
            item = items.get(stay.pk)
            if item is None or not item.applicable:
                row.refusal = _("This item does not apply to this stay.")
            elif item.status != ItemStatus.OPEN:
                row.refusal = _("“%(title)s” is %(status)s already.") % {
                    "title": _(item.title), "status": item.get_status_display(),
                }  # fmt: skip
            elif not access.can_change_item(user, item):
                row.refusal = _("This item is not yours to tick.")
            else:
                item.mobility = stay
                row.target = item
                row.token = f"{stay.version}.{item.version}"
                row.will = _("“%(title)s” done on %(day)s") % {
                    "title": _(item.title), "day": date_format(params["done_on"], "DATE_FORMAT"),
                }  # fmt: skip
            rows.append(row)
        return rows

    def apply(
        self, request: AuthenticatedHttpRequest, stay: Mobility, target: Any, params: dict[str, Any]
    ) -> None:
        mobility_services.complete_item(
            target, by=request.user, version=target.version,
            done_on=params["done_on"], note=params["note"],
        )  # fmt: skip


# 2. Guardian consent links


def _guardian_with_email(student: Student) -> Guardian | None:
    return next((guardian for guardian in student.guardians.all() if guardian.email), None)


class SendConsentLinks(Action):
    key = "consent-links"
    label = gettext_lazy("Send guardian consent links (students under 18)")
    purpose = Purpose.GUARDIAN_CONSENT

    @staticmethod
    def offered_to(user: User) -> bool:
        return access.can_send_links_in_bulk(user)

    def rows(self, user: User, stays: list[Mobility], params: dict[str, Any]) -> list[Row]:
        items = _items_by_stay(stays, ITEM_KEYS[self.purpose] or "")
        rows = []
        for stay in stays:
            row = Row(stay.student, stay)
            guardian = _guardian_with_email(stay.student)
            links = list(stay.signed_links.all())
            if not access.can_send_link(user, stay, self.purpose):
                row.refusal = _("You may not do this.")
            elif reason := link_services.why_not_sendable(
                stay, self.purpose, items.get(stay.pk), links
            ):
                row.refusal = reason
            elif guardian is None:
                row.refusal = _("No guardian has an e-mail address: add one on the student's page.")
            else:
                row.target = guardian
                row.token = str(stay.version)
                row.will = _("A consent link to %(name)s (%(email)s)") % {
                    "name": guardian.name, "email": guardian.email,
                }  # fmt: skip
            rows.append(row)
        return rows

    def apply(
        self, request: AuthenticatedHttpRequest, stay: Mobility, target: Any, params: dict[str, Any]
    ) -> None:
        link_services.send_link(
            stay, by=request.user, purpose=self.purpose, guardian=target,
            domain=request.get_host(), use_https=request.is_secure(),
        )  # fmt: skip


# 3. Assign a supervisor


class SupervisorForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        label=gettext_lazy("Supervisor"),
        queryset=User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by(
            "last_name", "first_name", "pk"
        ),
        empty_label=gettext_lazy("Choose a supervisor"),
    )


class AssignSupervisor(Action):
    key = "assign-supervisor"
    label = gettext_lazy("Assign a supervisor")
    form_class = SupervisorForm

    @staticmethod
    def offered_to(user: User) -> bool:
        return access.can_manage_school(user)

    def rows(self, user: User, stays: list[Mobility], params: dict[str, Any]) -> list[Row]:
        supervisor = params["supervisor"]
        rows = []
        for stay in stays:
            row = Row(stay.student, stay)
            if stay.supervisor_id == supervisor.pk:
                row.refusal = _("%(name)s supervises this stay already.") % {"name": supervisor}
            else:
                row.token = str(stay.version)
                row.will = _("Supervisor: %(before)s → %(after)s") % {
                    "before": stay.supervisor or "—", "after": supervisor,
                }  # fmt: skip
            rows.append(row)
        return rows

    def apply(
        self, request: AuthenticatedHttpRequest, stay: Mobility, target: Any, params: dict[str, Any]
    ) -> None:
        access.require(access.can_manage_school(request.user))
        mobility_services.update_mobility(
            stay, by=request.user, version=stay.version,
            changes={"supervisor": params["supervisor"]},
        )  # fmt: skip


# 4. Advance the step


class AdvanceStep(Action):
    key = "advance"
    label = gettext_lazy("Move on to the next step where the rules allow")

    @staticmethod
    def offered_to(user: User) -> bool:
        return access.can_advance_in_bulk(user)

    def rows(self, user: User, stays: list[Mobility], params: dict[str, Any]) -> list[Row]:
        today = timezone.localdate()
        rows = []
        for stay in stays:
            row = Row(stay.student, stay)
            if reason := lifecycle.why_not(Move.ADVANCE, stay, user=user, today=today):
                row.refusal = reason
            elif lifecycle.needs_confirmation(Move.ADVANCE, stay):
                row.refusal = _(
                    "Required items of this step are still open: move this stay on from its "
                    "own page, with a reason."
                )
            else:
                row.token = str(stay.version)
                row.will = _("Step %(before)s → %(after)s") % {
                    "before": Step(stay.step).label, "after": Step(stay.step + 1).label,
                }  # fmt: skip
            rows.append(row)
        return rows

    def apply(
        self, request: AuthenticatedHttpRequest, stay: Mobility, target: Any, params: dict[str, Any]
    ) -> None:
        mobility_services.advance_step(stay, by=request.user, version=stay.version)


ACTIONS: dict[str, Action] = {
    action.key: action
    for action in (TickItem(), SendConsentLinks(), AssignSupervisor(), AdvanceStep())
}


def offered(user: User) -> list[Action]:
    return [action for action in ACTIONS.values() if action.offered_to(user)]


def stays_for_rows(stays: QuerySet[Mobility]) -> list[Mobility]:
    """The stays with what every action reads of them, in a fixed number of queries."""
    return list(
        stays.select_related("student", "supervisor", "host_company")
        .prefetch_related(
            "signed_links", Prefetch("student__guardians", Guardian.objects.order_by("pk"))
        )
        .order_by("student__last_name", "student__first_name", "departure_date", "pk")
    )


def preview(
    action: Action, user: User, stays: list[Mobility], without_stay: list[Student],
    params: dict[str, Any],
) -> list[Row]:  # fmt: skip
    """Every row of the selection: the stays' (done or refused) and the students' without a
    stay in progress (refused)."""
    rows = action.rows(user, stays, params)
    for student in without_stay:
        rows.append(Row(student, refusal=_("No stay in progress.")))
    return rows


CHANGED_SINCE = gettext_lazy("This stay changed since the preview: nothing was done to it.")
NOT_PREVIEWED = gettext_lazy("This stay was not in the preview: nothing was done to it.")


def carry_out(
    action: Action, request: AuthenticatedHttpRequest, rows: list[Row],
    previewed: dict[str, str], params: dict[str, Any],
) -> tuple[list[Row], list[Row]]:  # fmt: skip
    """Do the action to each row that was previewed and did not change since; the rows
    done, and the rows refused with their reason."""
    done: list[Row] = []
    refused: list[Row] = []
    for row in rows:
        if row.refusal or row.mobility is None:
            refused.append(row)
            continue
        token = previewed.get(str(row.mobility.public_id))
        if token is None:
            row.refusal = str(NOT_PREVIEWED)
        elif token != row.token:
            row.refusal = str(CHANGED_SINCE)
        else:
            try:
                with transaction.atomic():
                    action.apply(request, row.mobility, row.target, params)
            except PermissionDenied:
                row.refusal = _("You may not do this.")
            except ValidationError as error:
                row.refusal = " ".join(error.messages)
        (refused if row.refusal else done).append(row)
    return done, refused

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.audit.history import history
from wegwijzer.care.panel import incidents_panel
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.documents.models import Document
from wegwijzer.documents.services import store_document
from wegwijzer.links.panel import links_panel
from wegwijzer.mobilities import services
from wegwijzer.mobilities.forms import (
    AcceptItemForm,
    AdvanceForm,
    CloseForm,
    CompleteItemForm,
    DecisionForm,
    MobilityForm,
    MoveBackForm,
    ReopenItemForm,
    SendBackItemForm,
    UploadForm,
    WaiveItemForm,
)
from wegwijzer.mobilities.models import (
    ChecklistItem,
    Decision,
    DecisionChoice,
    ItemStatus,
    Mobility,
    Outcome,
)
from wegwijzer.mobilities.safety import IdDocumentWarning, id_document_warning
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student
from wegwijzer.travel.services import departure_blocked_by

PAGE = "mobilities/mobility_detail.html"
ITEM_FRAGMENT = "mobilities/mobility_detail.html#item"

# A form that failed, with the name of the action it belongs to.
Failed = tuple[str, Form]


# What the mobility page shows


@dataclass
class ItemPanel:
    """One checklist item as the page shows it to one user, with the actions they may take."""

    item: ChecklistItem
    documents: list[Document]
    overdue: bool
    actions: dict[str, Form] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notice: str = ""
    open_action: str = ""


@dataclass
class StepGroup:
    number: int
    label: str
    current: bool
    panels: list[ItemPanel]

    @property
    def has_errors(self) -> bool:
        return any(panel.errors or panel.open_action for panel in self.panels)


def _items(mobility: Mobility) -> models.QuerySet[ChecklistItem]:
    documents = Document.objects.order_by("uploaded_at", "pk")
    return mobility.items.select_related("changed_by", "template_item").prefetch_related(
        Prefetch("documents", queryset=documents)
    )


def _item_panel(
    user: User,
    mobility: Mobility,
    item: ChecklistItem,
    today: datetime.date,
    *,
    failed: Failed | None = None,
    notice: str = "",
) -> ItemPanel:
    panel = ItemPanel(
        item=item,
        documents=list(item.documents.all()),
        overdue=item.is_overdue(today),
        actions=_item_forms(user, mobility, item, today),
        notice=notice,
    )
    if failed:
        action, form = failed
        # All of the form's errors, in one alert above the item's forms; field errors are
        # shown at their field as well.
        panel.errors = [str(error) for errors in form.errors.values() for error in errors]
        if action in panel.actions:
            panel.actions[action] = form
            panel.open_action = action
    return panel


def _item_forms(
    user: User, mobility: Mobility, item: ChecklistItem, today: datetime.date
) -> dict[str, Form]:
    """The actions the user may take on the item now, each with an empty form. An item
    waiting for the school's check is accepted or sent back by its checker; whoever marked
    it may take it back (reopen) meanwhile."""
    if not (mobility.is_open and item.applicable):
        return {}
    may_change = access.can_change_item(user, item)
    waiting = item.status == ItemStatus.TO_CHECK
    found: dict[str, Form] = {}
    if waiting and access.can_check_item(user, item):
        found["accept"] = AcceptItemForm(auto_id=_auto_id(item, "accept"))
        found["send_back"] = SendBackItemForm(auto_id=_auto_id(item, "send-back"))
    if may_change and item.status == ItemStatus.OPEN:
        found["complete"] = CompleteItemForm(
            initial={"done_on": today}, auto_id=_auto_id(item, "complete")
        )
    if access.can_waive_item(user, item) and not item.is_settled:
        found["waive"] = WaiveItemForm(auto_id=_auto_id(item, "waive"))
    if may_change and item.status != ItemStatus.OPEN:
        found["reopen"] = ReopenItemForm(auto_id=_auto_id(item, "reopen"))
    if may_change:
        found["upload"] = UploadForm(auto_id=_auto_id(item, "upload"))
    return found


def _auto_id(item: ChecklistItem, action: str) -> str:
    """Field ids unique on the page: each item has forms of its own."""
    return f"item-{item.public_id}-{action}-%s"


def _step_groups(panels: list[ItemPanel], mobility: Mobility) -> list[StepGroup]:
    return [
        StepGroup(
            number=step.value,
            label=str(step.label),
            current=step.value == mobility.step,
            panels=[panel for panel in panels if panel.item.step == step.value],
        )
        for step in Step
    ]


def _controls(
    user: User, mobility: Mobility, decisions: list[Decision], failed: Failed | None
) -> dict[str, Form]:
    """The coordinator's forms to move the mobility between steps or end it.

    Leaving step 2 needs a go: after one (and a step back) moving on is offered again.
    """
    if not (mobility.is_open and access.can_decide(user, mobility)):
        return {}
    open_count = services.open_required_items(mobility, mobility.step).count()
    today = timezone.localdate()
    controls: dict[str, Form] = {}
    if mobility.step == Step.DECISION:
        controls["decide"] = DecisionForm(
            open_count=open_count, travel_warning=_travel_warning(mobility),
            initial={"decided_on": today}, auto_id="decide-%s",
        )  # fmt: skip
    latest_is_go = bool(decisions) and decisions[0].decision == DecisionChoice.GO
    if mobility.step != Step.DECISION or latest_is_go:
        controls["advance"] = AdvanceForm(
            open_count=open_count, travel_warning=_travel_warning(mobility), auto_id="advance-%s"
        )
    if mobility.step > Step.ORIENTATION:
        controls["move_back"] = MoveBackForm(auto_id="move-back-%s")
    if mobility.step <= Step.PREPARATION:
        controls["cancel"] = CloseForm(initial={"on": today}, auto_id="cancel-%s")
    if access.can_break_off(user, mobility):
        controls["break_off"] = CloseForm(initial={"on": today}, auto_id="break-off-%s")
    if failed and failed[0] in controls:
        controls[failed[0]] = failed[1]
    return controls


def _render_page(
    request: AuthenticatedHttpRequest,
    mobility: Mobility,
    *,
    failed_item: tuple[int, Failed] | None = None,
    failed_control: Failed | None = None,
) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    items = list(_items(mobility))
    panels = [
        _item_panel(
            user, mobility, item, today,
            failed=failed_item[1] if failed_item and failed_item[0] == item.pk else None,
        )
        for item in items
    ]  # fmt: skip
    # Newest first, as the model orders them.
    decisions = list(mobility.decisions.select_related("decided_by"))
    controls = _controls(user, mobility, decisions, failed_control)
    page_errors = []
    if failed_control and failed_control[0] not in controls:
        page_errors = [str(error) for error in failed_control[1].non_field_errors()]
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "steps": list(Step),
        "groups": _step_groups([p for p in panels if p.item.applicable], mobility),
        "not_applicable": [panel for panel in panels if not panel.item.applicable],
        "controls": controls,
        "next_step": Step(mobility.step + 1) if mobility.step < Step.BACK_HOME else None,
        "page_errors": page_errors,
        "decisions": decisions,
        "history": history(access.visible_history(user, mobility.audit_entries.all())),
        "can_edit": mobility.is_open and access.can_manage_school(user),
        "can_manage": access.can_manage_school(user),
        "no_go": mobility.outcome == Outcome.NOT_GOING,
        "links": links_panel(user, mobility, items),
        "id_warning": _id_warning(user, mobility),
        "incidents": incidents_panel(user, mobility),
    }
    return render(request, PAGE, context)


def _id_warning(user: User, mobility: Mobility) -> IdDocumentWarning | None:
    """Whether the passport or ID card lasts the stay, for those who may see passport data."""
    if not access.can_see_sensitive(user, mobility.student):
        return None
    return id_document_warning(mobility)


def mobility_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    return _render_page(request, mobility)


# Checklist item actions: a POST each; htmx gets the item back, a plain form the page.


def _is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _item_action(
    request: AuthenticatedHttpRequest,
    item: ChecklistItem,
    action: str,
    form: Form,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Validate, act in one transaction, and answer with the item or the whole page."""
    if form.is_valid():
        try:
            with transaction.atomic():
                notice = act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _item_changed(request, item, notice)
    # Shown as it is now: after someone else's change the form carries the new version.
    mobility = access.mobility_for(request.user, item.mobility.public_id)
    if _is_htmx(request):
        return _render_item(request, mobility, item.pk, failed=(action, form))
    return _render_page(request, mobility, failed_item=(item.pk, (action, form)))


def _item_changed(
    request: AuthenticatedHttpRequest, item: ChecklistItem, notice: str
) -> HttpResponse:
    mobility = access.mobility_for(request.user, item.mobility.public_id)
    if _is_htmx(request):
        return _render_item(request, mobility, item.pk, notice=notice)
    messages.success(request, notice)
    page = reverse("mobilities:detail", args=[mobility.public_id])
    return redirect(f"{page}#item-{item.public_id}")


def _render_item(
    request: AuthenticatedHttpRequest,
    mobility: Mobility,
    item_pk: int,
    *,
    failed: Failed | None = None,
    notice: str = "",
) -> HttpResponse:
    item = _items(mobility).get(pk=item_pk)
    panel = _item_panel(
        request.user, mobility, item, timezone.localdate(), failed=failed, notice=notice
    )
    return render(request, ITEM_FRAGMENT, {"panel": panel, "mobility": mobility})


def _title(item: ChecklistItem) -> str:
    # Titles of the default checklist are message ids; a school's own titles are kept as typed.
    return _(item.title)


@require_POST
def item_complete(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_change_item(request.user, item))
    form = CompleteItemForm(request.POST, request.FILES, auto_id=_auto_id(item, "complete"))

    def act(data: dict[str, Any]) -> str:
        marked = services.complete_item(
            item, by=request.user, version=data["version"], done_on=data["done_on"],
            note=data["note"],
        )  # fmt: skip
        _store(request.user, item, data["document"])
        if marked.status == ItemStatus.TO_CHECK:
            return _("“%(title)s” is marked done and waits for the school's check.") % {
                "title": _title(item)
            }
        return _("“%(title)s” is marked done.") % {"title": _title(item)}

    return _item_action(request, item, "complete", form, act)


@require_POST
def item_accept(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_check_item(request.user, item))
    form = AcceptItemForm(request.POST, auto_id=_auto_id(item, "accept"))

    def act(data: dict[str, Any]) -> str:
        services.accept_item(item, by=request.user, version=data["version"])
        return _("“%(title)s” is accepted.") % {"title": _title(item)}

    return _item_action(request, item, "accept", form, act)


@require_POST
def item_send_back(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_check_item(request.user, item))
    form = SendBackItemForm(request.POST, auto_id=_auto_id(item, "send-back"))

    def act(data: dict[str, Any]) -> str:
        services.send_back_item(
            item, by=request.user, version=data["version"], reason=data["reason"]
        )
        return _("“%(title)s” is sent back, with the reason.") % {"title": _title(item)}

    return _item_action(request, item, "send_back", form, act)


@require_POST
def item_waive(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_waive_item(request.user, item))
    form = WaiveItemForm(request.POST, auto_id=_auto_id(item, "waive"))

    def act(data: dict[str, Any]) -> str:
        services.waive_item(item, by=request.user, version=data["version"], reason=data["reason"])
        return _("“%(title)s” is waived.") % {"title": _title(item)}

    return _item_action(request, item, "waive", form, act)


@require_POST
def item_reopen(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_change_item(request.user, item))
    form = ReopenItemForm(request.POST, auto_id=_auto_id(item, "reopen"))

    def act(data: dict[str, Any]) -> str:
        services.reopen_item(item, by=request.user, version=data["version"])
        return _("“%(title)s” is open again.") % {"title": _title(item)}

    return _item_action(request, item, "reopen", form, act)


@require_POST
def item_upload(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_change_item(request.user, item))
    form = UploadForm(request.POST, request.FILES, auto_id=_auto_id(item, "upload"))

    def act(data: dict[str, Any]) -> str:
        # Adding evidence overwrites nothing, so an item changed meanwhile is no reason to refuse.
        document = _store(request.user, item, data["document"])
        return _("“%(name)s” is added to “%(title)s”.") % {
            "name": document.original_name if document else "",
            "title": _title(item),
        }

    return _item_action(request, item, "upload", form, act)


def _store(user: User, item: ChecklistItem, upload: CheckedUpload | None) -> Document | None:
    if upload is None:
        return None
    return store_document(
        by=user, mobility=item.mobility, item=item, upload=upload.file,
        content_type=upload.content_type,
    )  # fmt: skip


# Steps, the go/no-go and ending a mobility: the coordinator's controls.


def _control_action(
    request: AuthenticatedHttpRequest,
    mobility: Mobility,
    action: str,
    form: Form,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    if form.is_valid():
        try:
            with transaction.atomic():
                notice = act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, notice)
            return redirect("mobilities:detail", public_id=mobility.public_id)
    # The services may have touched the object in memory before refusing: read it again.
    mobility = access.mobility_for(request.user, mobility.public_id)
    return _render_page(request, mobility, failed_control=(action, form))


def _decided_mobility(request: AuthenticatedHttpRequest, public_id: UUID) -> Mobility:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_decide(request.user, mobility))
    return mobility


def _open_count(mobility: Mobility) -> int:
    return services.open_required_items(mobility, mobility.step).count()


def _travel_warning(mobility: Mobility) -> str:
    """The destination's travel advice colour when moving on prepares a departure that the
    school's threshold does not allow; an override reason is then asked for."""
    if mobility.step != Step.DECISION:
        return ""
    country = departure_blocked_by(mobility.destination_country)
    return country.colour_label if country else ""


@require_POST
def mobility_advance(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _decided_mobility(request, public_id)
    form = AdvanceForm(
        request.POST, open_count=_open_count(mobility), travel_warning=_travel_warning(mobility),
        auto_id="advance-%s",
    )  # fmt: skip

    def act(data: dict[str, Any]) -> str:
        moved = services.advance_step(mobility, by=request.user, override_reason=form.override())
        if moved.outcome == Outcome.COMPLETED:
            return _("The mobility is completed.")
        return _("The mobility moved on to step %(number)d, %(step)s.") % {
            "number": moved.step, "step": Step(moved.step).label,
        }  # fmt: skip

    return _control_action(request, mobility, "advance", form, act)


@require_POST
def mobility_move_back(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _decided_mobility(request, public_id)
    form = MoveBackForm(request.POST, auto_id="move-back-%s")

    def act(data: dict[str, Any]) -> str:
        moved = services.move_back(mobility, by=request.user, reason=data["reason"])
        return _("The mobility moved back to step %(number)d, %(step)s.") % {
            "number": moved.step, "step": Step(moved.step).label,
        }  # fmt: skip

    return _control_action(request, mobility, "move_back", form, act)


@require_POST
def mobility_decide(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _decided_mobility(request, public_id)
    form = DecisionForm(
        request.POST, open_count=_open_count(mobility), travel_warning=_travel_warning(mobility),
        auto_id="decide-%s",
    )  # fmt: skip

    def act(data: dict[str, Any]) -> str:
        decision: Decision = services.record_decision(
            mobility, by=request.user, decision=data["decision"], reason=data["reason"],
            decided_on=data["decided_on"], override_reason=form.override(),
        )  # fmt: skip
        if decision.decision == DecisionChoice.GO:
            return _("Go: the mobility moved on to step 3, Preparation.")
        return _("No-go: the mobility is closed. The alternatives are shown below.")

    return _control_action(request, mobility, "decide", form, act)


@require_POST
def mobility_cancel(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _decided_mobility(request, public_id)
    form = CloseForm(request.POST, auto_id="cancel-%s")

    def act(data: dict[str, Any]) -> str:
        services.cancel_mobility(mobility, by=request.user, reason=data["reason"], on=data["on"])
        return _("The mobility is cancelled.")

    return _control_action(request, mobility, "cancel", form, act)


@require_POST
def mobility_break_off(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _decided_mobility(request, public_id)
    form = CloseForm(request.POST, auto_id="break-off-%s")

    def act(data: dict[str, Any]) -> str:
        services.break_off(mobility, by=request.user, reason=data["reason"], on=data["on"])
        return _("The stay is broken off.")

    return _control_action(request, mobility, "break_off", form, act)


# Making and changing a mobility


def mobility_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form = MobilityForm(request.POST or None, initial={"student": _chosen_student(request)})
    if request.method == "POST" and form.is_valid():
        mobility = services.create_mobility(
            by=request.user, student=form.cleaned_data["student"], **form.facts()
        )
        return redirect("mobilities:detail", public_id=mobility.public_id)
    return render(request, "mobilities/mobility_form.html", {"form": form})


def mobility_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_manage_school(request.user))
    if not mobility.is_open:
        messages.error(request, _("This mobility is closed; it can only be read."))
        return redirect("mobilities:detail", public_id=mobility.public_id)
    form = MobilityForm(request.POST or None, instance=mobility)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mobility(
                mobility,
                by=request.user,
                version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except services.StaleMobilityError as error:
            form.add_error(None, error)
            show_stored_version(form, Mobility.objects.get(pk=mobility.pk).version)
        else:
            messages.success(request, _("The mobility is saved."))
            return redirect("mobilities:detail", public_id=mobility.public_id)
    return render(request, "mobilities/mobility_form.html", {"form": form, "mobility": mobility})


def _chosen_student(request: AuthenticatedHttpRequest) -> Student | None:
    """The student named in ?student=, when coming from a student's page."""
    try:
        public_id = UUID(request.GET.get("student", ""))
    except ValueError:
        return None
    return access.visible_students(request.user).filter(public_id=public_id).first()

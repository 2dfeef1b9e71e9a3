import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.forms import Form
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.agreements.panel import agreements_panel
from wegwijzer.audit.history import history_page
from wegwijzer.budgets import panel as budget_panel
from wegwijzer.care.panel import incidents_panel
from wegwijzer.contacts.panel import contact_card
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.documents.models import Document
from wegwijzer.documents.services import store_document
from wegwijzer.europass.panel import europass_panel
from wegwijzer.experiences.panel import experiences_panel
from wegwijzer.funding import panel as funding_panel
from wegwijzer.hosts.panel import host_review_panel, recognition_warning
from wegwijzer.learning.panel import learning_panel
from wegwijzer.links.panel import links_panel
from wegwijzer.mobilities import attention, lifecycle, services
from wegwijzer.mobilities.forms import (
    AcceptItemForm,
    AdvanceForm,
    CloseForm,
    CompleteForm,
    CompleteItemForm,
    ControlForm,
    DecisionForm,
    DepartForm,
    ExtendForm,
    MobilityForm,
    MoveBackForm,
    ReopenForm,
    ReopenItemForm,
    SendBackItemForm,
    UploadForm,
    WaiveItemForm,
)
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import (
    ChecklistItem,
    Decision,
    DecisionChoice,
    Funding,
    ItemStatus,
    Mobility,
    Outcome,
)
from wegwijzer.mobilities.safety import IdDocumentWarning, id_document_warning
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student
from wegwijzer.travel import panel as travel_panel
from wegwijzer.travel.services import departure_blocked_by

PAGE = "mobilities/mobility_detail.html"
ITEM_FRAGMENT = "mobilities/mobility_detail.html#item"

# The page shows the newest changes; the older ones are a page further (in place with htmx).
# Fifty rows were a fifth of the page's time, on a page read for much else.
HISTORY_LENGTH = 10

# The empty forms of the items' actions differ only in the item their ids name: each
# action's is rendered once per page with this in place of the item's id, which is then put
# in for each item (Django's field templates, rendered for every item, were half the time
# the page spent in templates).
ID_SLOT = "ITEM-SLOT"

# A form that failed, with the name of the action it belongs to.
Failed = tuple[str, Form]


# What the mobility page shows


@dataclass
class ItemPanel:
    """One checklist item as the page shows it to one user, with the actions they may take."""

    item: ChecklistItem
    documents: list[Document]
    overdue: bool
    # The actions shown, each with the HTML of its form's visible fields (see _fields).
    actions: dict[str, SafeString] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notice: str = ""
    open_action: str = ""
    warning: str = ""
    # Folded away: its forms are not on the page, a link opens them (see _fold_forms).
    deferred: bool = False
    # How to make each action's form: made only for an item whose forms are shown.
    offers: dict[str, Callable[..., Form]] = field(default_factory=dict)


@dataclass
class StepGroup:
    number: int
    label: str
    current: bool
    panels: list[ItemPanel]

    # Holds work to do now or an item waiting for a check: an earlier step shown unfolded,
    # so that a home page's link to one of its items lands on a visible item.
    holds_work: bool = False
    # Holds the item whose forms were asked for (?item=): shown unfolded.
    holds_opened: bool = False

    @property
    def has_errors(self) -> bool:
        return any(panel.errors or panel.open_action for panel in self.panels)

    @property
    def unfolded(self) -> bool:
        return self.current or self.holds_work or self.holds_opened or self.has_errors

    # The current step shows what is still to be settled; what is done or waived folds below.
    @property
    def unsettled_panels(self) -> list[ItemPanel]:
        return [panel for panel in self.panels if not panel.item.is_settled]

    @property
    def settled_panels(self) -> list[ItemPanel]:
        return [panel for panel in self.panels if panel.item.is_settled]

    @property
    def settled_have_errors(self) -> bool:
        return any(panel.errors or panel.open_action for panel in self.settled_panels)


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
    forms: bool = True,
) -> ItemPanel:
    """The item as the page shows it; without forms, the panel knows how to make them."""
    offers = _item_offers(user, mobility, item, today)
    panel = ItemPanel(
        item=item,
        documents=list(item.documents.all()),
        overdue=item.is_overdue(today),
        actions=_fields(item, offers, {}) if forms or failed else {},
        notice=notice,
        warning=recognition_warning(mobility, item, today),
        offers=offers,
    )
    if failed:
        action, form = failed
        # All of the form's errors, in one alert above the item's forms; field errors are
        # shown at their field as well.
        panel.errors = [str(error) for errors in form.errors.values() for error in errors]
        if action in panel.actions:
            panel.actions[action] = _fields_html(form)
            panel.open_action = action
    return panel


def _item_offers(
    user: User, mobility: Mobility, item: ChecklistItem, today: datetime.date
) -> dict[str, Callable[..., Form]]:
    """The actions the user may take on the item now, each with how to make its empty form
    given its ids (a form takes time to make: a folded item's are not made). An item
    waiting for the school's check is accepted or sent back by its checker; whoever marked
    it may take it back (reopen) meanwhile."""
    if not (mobility.is_open and item.applicable):
        return {}
    may_change = access.can_change_item(user, item)
    waiting = item.status == ItemStatus.TO_CHECK
    found: dict[str, Callable[..., Form]] = {}
    if waiting and access.can_check_item(user, item):
        found["accept"] = AcceptItemForm
        found["send_back"] = SendBackItemForm
    if may_change and item.status == ItemStatus.OPEN:
        found["complete"] = partial(CompleteItemForm, initial={"done_on": today})
    if access.can_waive_item(user, item) and not item.is_settled:
        found["waive"] = WaiveItemForm
    if may_change and item.status != ItemStatus.OPEN:
        found["reopen"] = ReopenItemForm
    if may_change:
        found["upload"] = UploadForm
    return found


def _fields(
    item: ChecklistItem, offers: dict[str, Callable[..., Form]], rendered: dict[str, str]
) -> dict[str, SafeString]:
    """The visible fields of each offered action's empty form, with the item's ids; each
    action's form is made and rendered once for all the items that share `rendered`."""
    own = f"item-{item.public_id}-"
    fields = {}
    for action, make in offers.items():
        if action not in rendered:
            rendered[action] = _fields_html(make(auto_id=_auto_id(ID_SLOT, action)))
        # Django's own rendering of an empty form; only the item's id is put in.
        fields[action] = mark_safe(rendered[action].replace(f"item-{ID_SLOT}-", own))  # noqa: S308
    return fields


def _fields_html(form: Form) -> SafeString:
    return mark_safe(  # noqa: S308 - each field group is rendered and escaped by Django
        "".join(f"<div>{field.as_field_group()}</div>" for field in form.visible_fields())
    )


def _auto_id(public_id: UUID | str, action: str) -> str:
    """Field ids unique on the page: each item has forms of its own."""
    return f"item-{public_id}-{action.replace('_', '-')}-%s"


def _step_groups(
    panels: list[ItemPanel], mobility: Mobility, waiting: attention.StayWaiting
) -> list[StepGroup]:
    work = {item.pk for owners in waiting.by_owner for item in owners.items}
    work |= {item.pk for item in waiting.to_check}
    return [
        StepGroup(
            number=step.value,
            label=str(step.label),
            current=step.value == mobility.step,
            panels=[panel for panel in panels if panel.item.step == step.value],
            holds_work=any(p.item.pk in work for p in panels if p.item.step == step.value),
        )
        for step in Step
    ]


@dataclass
class Section:
    """An entry of the page's own navigation: an anchor on the page and its name."""

    anchor: str
    label: str


def _sections(user: User, mobility: Mobility, context: dict[str, Any]) -> list[Section]:
    """The parts below the first screen, each one click away; only those the page shows."""
    shown = [
        ("other-steps-title", _("Other steps"), True),
        ("facts-title", _("All details"), True),
        ("grant-title", _("Erasmus+ grant"),
         mobility.funding == Funding.ERASMUS and access.can_see_grant(user, mobility)),
        ("budget-title", pgettext("the student's begroting", "Budget"),
         access.can_see_budget(user, mobility)),
        ("agreements-title", _("Agreements"), bool(context["agreements"])),
        ("links-title", _("Links"), bool(context["links"])),
        ("incidents-title", _("Incidents"), bool(context["incidents"])),
        ("learning-title", _("Learning goals and results"), bool(context["learning"])),
        ("experiences-title", _("Experiences"), bool(context["experiences"])),
        ("contacts-title", _("Contact"), bool(context["contacts"])),
        ("europass-title", _("Europass Mobility"), bool(context["europass"])),
        ("host-review-title", _("Host company"), bool(context["host_review"])),
        ("decisions-title", _("Decisions"), True),
        ("history", _("History"), True),
    ]  # fmt: skip
    return [Section(anchor, str(label)) for anchor, label, show in shown if show]


@dataclass
class Control:
    """One move on the mobility page: a form, a link to its confirmation, or the reason it
    cannot happen now (a disabled button)."""

    key: str
    label: str
    reason: str = ""
    form: Form | None = None
    action: str = ""
    confirm_url: str = ""


def _controls(user: User, mobility: Mobility, failed: Failed | None) -> list[Control]:
    """The moves the user makes on this stay in its state, as lifecycle offers them."""
    today = timezone.localdate()
    controls = []
    for move, verdict in lifecycle.offered(mobility, user=user, today=today).items():
        control = Control(key=move.value, label=_label(move, mobility), reason=verdict.reason)
        if verdict.possible and lifecycle.needs_confirmation(move, mobility):
            control.confirm_url = reverse(
                "mobilities:confirm", args=[mobility.public_id, _slug(move)]
            )
        elif verdict.possible:
            control.action = reverse(f"mobilities:{_slug(move)}", args=[mobility.public_id])
            form = _control_form(move, mobility)
            control.form = failed[1] if failed and failed[0] == move.value else form
        controls.append(control)
    return controls


def _label(move: Move, mobility: Mobility) -> str:
    if move == Move.ADVANCE:
        step = Step(min(mobility.step + 1, Step.BACK_HOME))
        return _("Move on to step %(number)s: %(step)s") % {"number": step, "step": step.label}
    labels = {
        Move.DECIDE: _("Record the go/no-go decision"),
        Move.DEPART: _("The student has left: step 4, Abroad"),
        Move.CANCEL: _("Cancel the mobility"),
        Move.BREAK_OFF: _("Break off the stay"),
        Move.COMPLETE: _("Complete the mobility"),
        Move.MOVE_BACK: _("Move back one step"),
        Move.REOPEN: _("Reopen the stay"),
        Move.EXTEND: _("Extend the stay"),
    }
    return str(labels[move])


def _slug(move: Move) -> str:
    return move.value.replace("_", "-")


CONTROL_FORMS: dict[Move, type[ControlForm]] = {
    Move.ADVANCE: AdvanceForm,
    Move.DECIDE: DecisionForm,
    Move.DEPART: DepartForm,
    Move.CANCEL: CloseForm,
    Move.BREAK_OFF: CloseForm,
    Move.COMPLETE: CompleteForm,
    Move.MOVE_BACK: MoveBackForm,
    Move.REOPEN: ReopenForm,
    Move.EXTEND: ExtendForm,
}


def _control_form(
    move: Move,
    mobility: Mobility,
    data: QueryDict | None = None,
    *,
    typed: dict[str, str] | None = None,
) -> ControlForm:
    """The move's form for the stay as it is now: its version, and the days it proposes."""
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        Move.DECIDE: {"decided_on": today},
        Move.DEPART: {"on": mobility.departure_date},
        Move.CANCEL: {"on": today},
        Move.BREAK_OFF: {"on": today},
        Move.COMPLETE: {"on": min(mobility.last_day, today)},
        Move.EXTEND: {"new_return": mobility.return_date + datetime.timedelta(days=14)},
    }.get(move, {})
    kwargs: dict[str, Any] = {
        "initial": {**defaults, **(typed or {}), "version": mobility.version},
        "auto_id": f"{_slug(move)}-%s",
        "current_version": mobility.version,
    }
    form_class = CONTROL_FORMS[move]
    if issubclass(form_class, AdvanceForm):
        kwargs["open_count"] = lifecycle.open_required_count(mobility) if mobility.is_open else 0
        kwargs["travel_warning"] = _travel_warning(mobility)
    return form_class(data, **kwargs)


def _render_page(
    request: AuthenticatedHttpRequest,
    mobility: Mobility,
    *,
    failed_item: tuple[int, Failed] | None = None,
    failed_control: Failed | None = None,
    opened: UUID | None = None,
) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    items = list(_items(mobility))
    panels = [
        _item_panel(
            user, mobility, item, today,
            failed=failed_item[1] if failed_item and failed_item[0] == item.pk else None,
            forms=False,
        )
        for item in items
    ]  # fmt: skip
    # Newest first, as the model orders them.
    decisions = list(mobility.decisions.select_related("decided_by"))
    controls = _controls(user, mobility, failed_control)
    page_errors = []
    if failed_control and not any(c.form is failed_control[1] for c in controls):
        page_errors = [str(error) for error in failed_control[1].non_field_errors()]
    waiting = attention.waiting_on_stay(mobility, items, today)
    groups = _step_groups([p for p in panels if p.item.applicable], mobility, waiting)
    _fold_forms(groups, opened)
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "steps": list(Step),
        "current_group": next(group for group in groups if group.current),
        "other_groups": [group for group in groups if not group.current],
        "waiting": waiting,
        "not_applicable": [panel for panel in panels if not panel.item.applicable],
        "controls": controls,
        "page_errors": page_errors,
        "decisions": decisions,
        "history": history_page(
            request,
            access.visible_history(user, mobility.audit_entries.all()),
            length=HISTORY_LENGTH,
        ),
        "can_edit": mobility.is_open and access.can_manage_school(user),
        "can_manage": access.can_manage_school(user),
        "no_go": mobility.outcome == Outcome.NOT_GOING,
        "agreements": agreements_panel(user, mobility),
        "links": links_panel(user, mobility, items),
        "id_warning": _id_warning(user, mobility),
        "incidents": incidents_panel(user, mobility),
        "learning": learning_panel(user, mobility),
        "experiences": experiences_panel(user, mobility),
        "extensions": list(mobility.extensions.all()) if mobility.extended else [],
        "contacts": contact_card(user, mobility, today),
        "europass": europass_panel(user, mobility),
        "host_review": host_review_panel(user, mobility),
        "grant": funding_panel.mobility_grant(user, mobility),
        "budget": budget_panel.budget_card(user, mobility),
        "travel_warning": travel_panel.travel_warning(user, mobility),
    }
    context["sections"] = _sections(user, mobility, context)
    return render(request, PAGE, context)


def _fold_forms(groups: list[StepGroup], opened: UUID | None) -> None:
    """The forms of an unfolded step's items are made; a folded step's are left off the
    page (half its size for a stay abroad, and their making): each such item links to its
    forms instead, which htmx swaps in and which without JavaScript reload the page with
    that item's step unfolded (?item=)."""
    rendered: dict[str, str] = {}
    for group in groups:
        group.holds_opened = any(panel.item.public_id == opened for panel in group.panels)
        for panel in group.panels:
            if group.unfolded:
                panel.actions = panel.actions or _fields(panel.item, panel.offers, rendered)
            else:
                panel.deferred = bool(panel.offers)


def _id_warning(user: User, mobility: Mobility) -> IdDocumentWarning | None:
    """Whether the passport or ID card lasts the stay, for those who may see passport data."""
    if not access.can_see_sensitive(user, mobility.student):
        return None
    return id_document_warning(mobility)


def mobility_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The stay's page; with ?item=, that item's forms unfolded (htmx gets the item only)."""
    mobility = access.mobility_for(request.user, public_id)
    opened = _opened_item(request)
    if opened and _is_htmx(request):
        item = get_object_or_404(mobility.items, public_id=opened)
        return _render_item(request, mobility, item.pk)
    return _render_page(request, mobility, opened=opened)


def _opened_item(request: AuthenticatedHttpRequest) -> UUID | None:
    try:
        return UUID(request.GET["item"])
    except (KeyError, ValueError):
        return None


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
    form = CompleteItemForm(
        request.POST, request.FILES, auto_id=_auto_id(item.public_id, "complete")
    )

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
    form = AcceptItemForm(request.POST, auto_id=_auto_id(item.public_id, "accept"))

    def act(data: dict[str, Any]) -> str:
        services.accept_item(item, by=request.user, version=data["version"])
        return _("“%(title)s” is accepted.") % {"title": _title(item)}

    return _item_action(request, item, "accept", form, act)


@require_POST
def item_send_back(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_check_item(request.user, item))
    form = SendBackItemForm(request.POST, auto_id=_auto_id(item.public_id, "send_back"))

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
    form = WaiveItemForm(request.POST, auto_id=_auto_id(item.public_id, "waive"))

    def act(data: dict[str, Any]) -> str:
        services.waive_item(item, by=request.user, version=data["version"], reason=data["reason"])
        return _("“%(title)s” is waived.") % {"title": _title(item)}

    return _item_action(request, item, "waive", form, act)


@require_POST
def item_reopen(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_change_item(request.user, item))
    form = ReopenItemForm(request.POST, auto_id=_auto_id(item.public_id, "reopen"))

    def act(data: dict[str, Any]) -> str:
        services.reopen_item(item, by=request.user, version=data["version"])
        return _("“%(title)s” is open again.") % {"title": _title(item)}

    return _item_action(request, item, "reopen", form, act)


@require_POST
def item_upload(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = access.item_for(request.user, item_id)
    access.require(access.can_change_item(request.user, item))
    form = UploadForm(request.POST, request.FILES, auto_id=_auto_id(item.public_id, "upload"))

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


# Steps, the go/no-go and ending a mobility: the coordinator's controls. Each move asks
# mobilities.lifecycle (through the service) and carries the stay's version; a move that
# ends or skips something is confirmed on a page of its own first (confirmed=1).

CONFIRM_PAGE = "mobilities/mobility_confirm.html"


def _move_from(slug: str) -> Move:
    try:
        return Move(slug.replace("-", "_"))
    except ValueError:
        raise Http404 from None


def _control_mobility(request: AuthenticatedHttpRequest, public_id: UUID, move: Move) -> Mobility:
    mobility = access.mobility_for(request.user, public_id)
    access.require(lifecycle.may(request.user, move, mobility))
    return mobility


def mobility_confirm(request: AuthenticatedHttpRequest, public_id: UUID, move: str) -> HttpResponse:
    """What a move will do, with its form and a Confirm button; or why it cannot happen."""
    chosen = _move_from(move)
    mobility = _control_mobility(request, public_id, chosen)
    return _render_confirm(request, mobility, chosen, _control_form(chosen, mobility))


def _render_confirm(
    request: AuthenticatedHttpRequest, mobility: Mobility, move: Move, form: Form
) -> HttpResponse:
    reason = lifecycle.why_not(move, mobility, user=request.user, today=timezone.localdate())
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "move": move,
        "label": _label(move, mobility),
        "action": reverse(f"mobilities:{_slug(move)}", args=[mobility.public_id]),
        "reason": reason,
        "consequences": [] if reason else lifecycle.consequences(move, mobility),
        "form": form,
        # Swapped into the mobility page by htmx, under its heading; a page of its own else.
        "level": 2 if _is_htmx(request) else 1,
    }
    template = f"{CONFIRM_PAGE}#confirm" if _is_htmx(request) else CONFIRM_PAGE
    return render(request, template, context)


def _control_action(
    request: AuthenticatedHttpRequest,
    public_id: UUID,
    move: Move,
    act: Callable[[Mobility, dict[str, Any], Form], str],
) -> HttpResponse:
    """Validate, act in one transaction, and go back to the page; a move to be confirmed
    that was not shows its confirmation instead, and a refused one its form again."""
    mobility = _control_mobility(request, public_id, move)
    confirm = lifecycle.needs_confirmation(move, mobility)
    # A stale or repeated post is refused (the form says so) rather than confirmed anew.
    fresh = request.POST.get("version") == str(mobility.version)
    if confirm and fresh and request.POST.get("confirmed") != "1":
        typed = {k: v for k, v in request.POST.dict().items() if k not in ("version", "confirmed")}
        form = _control_form(move, mobility, typed=typed)
        return _render_confirm(request, mobility, move, form)
    form = _control_form(move, mobility, request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                notice = act(mobility, form.cleaned_data, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, notice)
            return redirect("mobilities:detail", public_id=mobility.public_id)
    # The services may have touched the object in memory before refusing: read it again.
    mobility = access.mobility_for(request.user, mobility.public_id)
    if confirm:
        return _render_confirm(request, mobility, move, form)
    return _render_page(request, mobility, failed_control=(move.value, form))


def _travel_warning(mobility: Mobility) -> str:
    """The destination's travel advice colour when moving on prepares a departure that the
    school's threshold does not allow; an override reason is then asked for."""
    if mobility.step != Step.DECISION:
        return ""
    country = departure_blocked_by(mobility.destination_country)
    return country.colour_label if country else ""


def _moved_to(mobility: Mobility) -> str:
    return _("The mobility moved on to step %(number)d, %(step)s.") % {
        "number": mobility.step, "step": Step(mobility.step).label,
    }  # fmt: skip


@require_POST
def mobility_advance(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        moved = services.advance_step(
            mobility, by=request.user, version=data["version"],
            override_reason=data.get("override_reason", ""),
        )  # fmt: skip
        return _moved_to(moved)

    return _control_action(request, public_id, Move.ADVANCE, act)


@require_POST
def mobility_depart(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        moved = services.depart(
            mobility, by=request.user, version=data["version"], on=data["on"],
            override_reason=data.get("override_reason", ""),
        )  # fmt: skip
        return _moved_to(moved)

    return _control_action(request, public_id, Move.DEPART, act)


@require_POST
def mobility_move_back(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        moved = services.move_back(
            mobility, by=request.user, version=data["version"], reason=data["reason"]
        )
        return _("The mobility moved back to step %(number)d, %(step)s.") % {
            "number": moved.step, "step": Step(moved.step).label,
        }  # fmt: skip

    return _control_action(request, public_id, Move.MOVE_BACK, act)


@require_POST
def mobility_decide(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        decision: Decision = services.record_decision(
            mobility, by=request.user, version=data["version"], decision=data["decision"],
            reason=data["reason"], decided_on=data["decided_on"],
            override_reason=data.get("override_reason", ""),
        )  # fmt: skip
        if decision.decision == DecisionChoice.GO:
            return _("Go: the mobility moved on to step 3, Preparation.")
        return _("No-go: the mobility is closed. The alternatives are shown below.")

    return _control_action(request, public_id, Move.DECIDE, act)


@require_POST
def mobility_cancel(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        services.cancel_mobility(
            mobility, by=request.user, version=data["version"], reason=data["reason"],
            on=data["on"],
        )  # fmt: skip
        return _("The mobility is cancelled.")

    return _control_action(request, public_id, Move.CANCEL, act)


@require_POST
def mobility_break_off(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        services.break_off(
            mobility, by=request.user, version=data["version"], reason=data["reason"],
            on=data["on"],
        )  # fmt: skip
        return _("The stay is broken off.")

    return _control_action(request, public_id, Move.BREAK_OFF, act)


@require_POST
def mobility_complete(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        services.complete(
            mobility, by=request.user, version=data["version"], on=data["on"],
            override_reason=data.get("override_reason", ""),
        )  # fmt: skip
        return _("The mobility is completed.")

    return _control_action(request, public_id, Move.COMPLETE, act)


@require_POST
def mobility_reopen(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        moved = services.reopen(
            mobility, by=request.user, version=data["version"], reason=data["reason"]
        )
        return _("The stay is open again, in step %(number)d, %(step)s.") % {
            "number": moved.step, "step": Step(moved.step).label,
        }  # fmt: skip

    return _control_action(request, public_id, Move.REOPEN, act)


@require_POST
def mobility_extend(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    def act(mobility: Mobility, data: dict[str, Any], form: Form) -> str:
        extension = services.extend_stay(
            mobility, by=request.user, version=data["version"], new_return=data["new_return"],
            reason=data["reason"],
        )  # fmt: skip
        return _("The stay is extended; the planned return is now %(date)s.") % {
            "date": date_format(extension.new_return, "DATE_FORMAT")
        }

    return _control_action(request, public_id, Move.EXTEND, act)


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

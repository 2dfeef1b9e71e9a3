import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Case, DateField, F, Prefetch, Q, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.budgets import panel as budget_panel
from wegwijzer.care.attention import needs_attention
from wegwijzer.contacts.panel import check_in_box, missed_for
from wegwijzer.core.distinct import distinct_values
from wegwijzer.core.forms import Select
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import counted_up_to, page_of
from wegwijzer.core.search import remember_search, remembered_search
from wegwijzer.experiences.panel import student_links
from wegwijzer.funding import panel as funding_panel
from wegwijzer.hosts.models import HostCompany
from wegwijzer.mobilities import attention, queries
from wegwijzer.mobilities.models import Mobility, MobilityQuerySet, Outcome
from wegwijzer.mobilities.safety import id_document_warning
from wegwijzer.programmes.models import Owner, Programme, Step
from wegwijzer.students.models import COUNTED_UP_TO as STUDENTS_COUNTED_UP_TO
from wegwijzer.students.models import AbroadInterest, Student
from wegwijzer.travel import panel as travel_panel

MOBILITIES_PER_PAGE = 20
MENTEES_PER_PAGE = 25
DEPARTURES_AHEAD = datetime.timedelta(weeks=8)
# A school group has hundreds of departures in 8 weeks: the soonest, and how many in all.
DEPARTURES_SHOWN = 10
# Items of the "to check" queue on a home page; the count says how many there are in all.
TO_CHECK_SHOWN = 10
# A student on a phone sees the few things to do now first; the rest is on the checklist.
STUDENT_TO_DO_SHOWN = 5


class MobilityFilterForm(forms.Form):
    """The coordinator's filters. The programme and the supervisor are typed (a school
    group has too many for a list); countries and school years offer what occurs."""

    search = forms.CharField(
        label=_("Student name or number"), required=False, max_length=100, widget=forms.SearchInput
    )
    programme = forms.CharField(
        label=_("Programme"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
        help_text=_("A word of its name, or its qualification code."),
    )
    country = forms.ChoiceField(label=_("Destination country"), required=False, widget=Select)
    supervisor = forms.CharField(
        label=_("Supervisor"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
        help_text=_("A word of their name."),
    )
    school_year = forms.TypedChoiceField(
        label=_("School year"), required=False, coerce=int, empty_value=None, widget=Select
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        choices=[("", _("All steps")), *Step.choices],
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        mobilities: QuerySet[Mobility],
        countries: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """countries: the mobilities' destination countries, when the caller has them."""
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if countries is None:
            countries = queries.destination_countries(mobilities)
        fields["country"].choices = [("", _("All countries")), *countries]
        fields["school_year"].choices = [
            ("", _("All school years")),
            *((year, f"{year}-{year + 1}") for year in queries.school_years(mobilities)),
        ]

    def narrows(self) -> bool:
        """Whether a filter is given: without one, filtered() is every mobility."""
        self.is_valid()
        return any(value not in ("", None) for value in self.cleaned_data.values())

    def filtered(self, mobilities: MobilityQuerySet) -> QuerySet[Mobility]:
        """The mobilities narrowed by the valid filters; an invalid one is left out."""
        self.is_valid()
        return queries.filter_mobilities(mobilities, **self.cleaned_data)


HOME_SEARCH = "home_search"


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role lands on its own home page after logging in."""
    user = request.user
    if request.method == "POST" and access.can_manage_school(user):
        return remember_search(request, HOME_SEARCH, MobilityFilterForm, "home")
    context: dict[str, object] = {"role_label": user.get_role_display()}
    context.update(HOME_CONTEXTS[user.role](request))
    return render(request, f"accounts/home_{user.role}.html", context)


def _coordinator_home(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """Counts and first pages only: each from an index, none reads every stay."""
    today = timezone.localdate()
    mobilities = access.visible_mobilities(request.user).in_progress()
    overview = queries.overview(mobilities)
    filters = MobilityFilterForm(
        remembered_search(request, HOME_SEARCH),
        mobilities=mobilities,
        countries=overview.countries,
    )
    listed = attention.most_urgent_first(filters.filtered(mobilities))
    page = page_of(
        request,
        listed.values_list("pk", flat=True),
        MOBILITIES_PER_PAGE,
        count=None if filters.narrows() else overview.total,
    )
    departures = queries.departing_between(mobilities, today, today + DEPARTURES_AHEAD)
    students, more_students = counted_up_to(Student.objects.not_erased(), STUDENTS_COUNTED_UP_TO)
    return {
        "counts": {
            "programmes": Programme.objects.count(),
            "students": students,
            "more_students": more_students,
            "hosts": HostCompany.objects.count(),
            # One index probe per country (host_country), not a DISTINCT of every host.
            "countries": len(distinct_values(HostCompany, "country")),
        },
        "pipeline": overview.steps,
        "departures": departures[:DEPARTURES_SHOWN],
        "departures_count": departures.count(),
        "filters": filters,
        "page": attention.page_with_attention(
            page, Owner.COORDINATOR, today, access.items_to_check(request.user)
        ),
        "needs_attention": needs_attention(request.user, today),
        **_to_check(request.user),
        "travel_alerts": travel_panel.travel_alerts(request.user),
        "payments_overdue": funding_panel.payments_overdue(request.user),
    }


def _to_check(user: User) -> dict[str, object]:
    """The first of the items waiting for the user's check, and how many there are."""
    waiting = access.items_to_check(user)
    return {
        "to_check": attention.to_check(waiting, TO_CHECK_SHOWN),
        "to_check_count": waiting.count(),
    }


class SupervisorListForm(forms.Form):
    """Which of the supervisor's stays their home lists: in the address, it holds no name."""

    OPEN, CLOSED, ALL = "open", "closed", "all"

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (OPEN, _("In progress")),
            (CLOSED, _("Closed (no-go, cancelled, broken off, completed)")),
            (ALL, _("All")),
        ],
        required=False,
    )

    def shown(self) -> str:
        """The choice made; in progress by default, and for an unknown one."""
        if not self.is_valid():
            return self.OPEN
        return self.cleaned_data["show"] or self.OPEN


def supervisor_listed(user: User, show: str) -> QuerySet[Mobility]:
    """The supervisor's stays that their home lists (show: SupervisorListForm's choice),
    in its order: the page and its export read this."""
    mobilities = access.visible_mobilities(user)
    if show == SupervisorListForm.OPEN:
        mobilities = mobilities.in_progress()
    elif show == SupervisorListForm.CLOSED:
        mobilities = mobilities.exclude(outcome=Outcome.IN_PROGRESS)
    listed = attention.most_urgent_first(mobilities)
    if show != SupervisorListForm.OPEN:
        listed = _open_first_then_closed(listed)
    return listed


def _supervisor_home(request: AuthenticatedHttpRequest) -> dict[str, object]:
    filters = SupervisorListForm(request.GET)
    show = filters.shown()
    today = timezone.localdate()
    listed = supervisor_listed(request.user, show)
    page = page_of(request, listed.values_list("pk", flat=True), MOBILITIES_PER_PAGE)
    return {
        "filters": filters,
        "show": show,
        "page": attention.page_with_attention(
            page, Owner.SUPERVISOR, today, access.items_to_check(request.user)
        ),
        "needs_attention": needs_attention(request.user, today),
        "missed_contacts": missed_for(request.user, today),
        **_to_check(request.user),
        "travel_alerts": travel_panel.travel_alerts(request.user),
    }


def _open_first_then_closed(listed: QuerySet[Mobility]) -> QuerySet[Mobility]:
    """Stays in progress first, overdue first (the soonest due first, as MOST_URGENT_FIRST);
    then the closed ones, whose open items wait for nobody, the latest departure first."""
    is_open = Q(outcome=Outcome.IN_PROGRESS)
    return listed.alias(
        closed=Case(When(is_open, then=Value(False)), default=Value(True)),
        due=Case(When(is_open, then=F("next_due_date")), default=None, output_field=DateField()),
    ).order_by("closed", F("due").asc(nulls_last=True), "-departure_date", "pk")


def _mentor_home(request: AuthenticatedHttpRequest) -> dict[str, object]:
    open_mobilities = attention.with_attention(
        access.visible_mobilities(request.user).in_progress(), Owner.MENTOR, timezone.localdate()
    ).order_by("departure_date", "pk")
    mentees = (
        access.visible_students(request.user)
        .not_erased()
        .select_related("programme")
        .prefetch_related(Prefetch("mobilities", open_mobilities, to_attr="open_mobilities"))
        .order_by("last_name", "first_name", "pk")
    )
    return {
        "page": page_of(request, mentees, MENTEES_PER_PAGE),
        "interests": AbroadInterest.choices,
    }


def _student_home(request: AuthenticatedHttpRequest) -> dict[str, object]:
    user = request.user
    mobilities = list(
        access.visible_mobilities(user).select_related("student").order_by("departure_date", "pk")
    )
    journey = next((mobility for mobility in mobilities if mobility.is_open), None)
    return {
        "student": access.visible_students(user).select_related("programme", "mentor").first(),
        "journey": journey,
        "other_mobilities": [mobility for mobility in mobilities if mobility != journey],
        "steps": list(Step),
        **(_student_attention(journey, timezone.localdate()) if journey else {}),
        "documents": access.visible_documents(user).select_related("item"),
        "experience_links": student_links(user, journey, mobilities),
        "check_in": check_in_box(user, journey),
        "budget": budget_panel.budget_card(user, journey),
        "payments": funding_panel.student_payments(user, journey),
    }


def _student_attention(journey: Mobility, today: datetime.date) -> dict[str, object]:
    """The student's items of the stay: the few to do now, then what waits for the school's
    check, what comes up in later steps and what is only suggested."""
    to_do = attention.to_do_now_for(journey, Owner.STUDENT, today)
    return {
        "to_do": to_do[:STUDENT_TO_DO_SHOWN],
        "to_do_more": len(to_do) - STUDENT_TO_DO_SHOWN,
        "waiting_for_check": attention.items_of(
            journey, Owner.STUDENT, attention.waiting_for_check()
        ),
        "coming_up": attention.items_of(journey, Owner.STUDENT, attention.coming_up()),
        "suggestions": attention.items_of(journey, Owner.STUDENT, attention.suggestions()),
        # Their own passport data: no gate beyond the journey being theirs.
        "id_warning": id_document_warning(journey),
    }


HOME_CONTEXTS: dict[str, Callable[[AuthenticatedHttpRequest], dict[str, object]]] = {
    Role.COORDINATOR: _coordinator_home,
    Role.SUPERVISOR: _supervisor_home,
    Role.MENTOR: _mentor_home,
    Role.STUDENT: _student_home,
}

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.care.models import Incident
from wegwijzer.contacts.queries import average_wellbeing
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.hosts import services
from wegwijzer.hosts.forms import (
    HostCompanyForm,
    HostContactForm,
    HostRecognitionForm,
    HostReviewForm,
    HostSearchForm,
)
from wegwijzer.hosts.models import HostCompany, HostContact, HostRecognition, HostReview
from wegwijzer.links.panel import host_evaluations
from wegwijzer.mobilities.models import Mobility

PAGE_SIZE = 25
STAYS_PAGE_SIZE = 20
# The newest evaluations on a host's page (bounded, the page says so); the stays and the
# students' reviews are paged.
MEMORY_SIZE = 20


def host_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_hosts(request.user))
    search = HostSearchForm(request.GET or None)
    hosts = search.filter(HostCompany.objects.order_by("name", "pk"))
    page = page_of(request, with_figures(hosts))
    context = {
        "search": search,
        "page": page,
        "can_manage": access.can_manage_school(request.user),
    }
    return render(request, "hosts/host_list.html", context)


def with_figures(hosts: QuerySet[HostCompany]) -> QuerySet[HostCompany]:
    """The hosts with what the list shows of each: its stays counted, and whether it is
    recognised (a subquery each, run for the rows read: a page, or an export's chunk)."""
    return hosts.annotate(
        mobility_count=_count_of(Mobility.objects.filter(host_company=OuterRef("pk"))),
        recognised=Exists(HostRecognition.objects.filter(host=OuterRef("pk"))),
    )


def _count_of(rows: QuerySet[Mobility]) -> Coalesce:
    """How many rows, as a subquery a list can annotate its rows with."""
    counted = rows.order_by().values("host_company").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def host_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A host company's memory: its contacts, recognitions, stays, evaluations both ways."""
    user = request.user
    host = access.host_page_for(user, public_id)
    visible = access.visible_mobilities(user).filter(host_company=host)
    stays = visible.select_related("student__programme").order_by("-departure_date", "-pk")
    today = timezone.localdate()
    recognitions = list(host.recognitions.select_related("programme"))
    reviews = HostReview.objects.filter(host=host)
    context: dict[str, Any] = {
        "host": host,
        "contacts": list(host.contacts.all()),
        "recognitions": [(r, r.is_expired(today)) for r in recognitions],
        "stays": page_of(request, stays, STAYS_PAGE_SIZE),
        "evaluations": host_evaluations(host, visible, limit=MEMORY_SIZE),
        "evaluations_bounded": MEMORY_SIZE,
        "reviews": page_of(
            request,
            reviews.filter(mobility__in=visible.values("pk")).select_related("mobility__student"),
            MEMORY_SIZE,
            param="reviews",
        ),
        "review_summary": reviews.aggregate(
            count=Count("pk"),
            average=Avg("rating"),
            recommend=Count("pk", filter=Q(recommends=True)),
        ),
        # Counted over every stay at the company: a number says nothing of one student.
        "incident_count": Incident.objects.filter(mobility__host_company=host).count(),
        "stay_count": host.mobilities.count(),
        # From the contact log of the stays the reader may see (a supervisor: their own
        # students'), so the figure tells nobody what they could not read already.
        "average_wellbeing": average_wellbeing(visible),
        "can_manage": access.can_manage_school(user),
    }
    return render(request, "hosts/host_detail.html", context)


def host_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form = HostCompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        host = services.create_host(by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was added.") % {"name": host.name})
        return redirect("hosts:detail", public_id=host.public_id)
    return render(request, "hosts/host_form.html", {"form": form})


def host_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    host = access.host_for(request.user, public_id)
    # Taken before validation, which writes the typed values onto the host.
    name = host.name
    form = HostCompanyForm(request.POST or None, instance=host)
    if request.method == "POST" and form.is_valid():
        host = services.update_host(host, by=request.user, changes=form.cleaned_data)
        messages.success(request, _("The changes to %(name)s were saved.") % {"name": host.name})
        return redirect("hosts:detail", public_id=host.public_id)
    return render(request, "hosts/host_form.html", {"form": form, "name": name, "host": host})


# Contacts and recognitions: each on a small page of its own, back to the host's page.


def contact_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    host = access.host_for(request.user, public_id)
    form = HostContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        facts = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.add_contact(host, by=request.user, **facts)
        messages.success(request, _("The contact was added."))
        return _back(host)
    return _part_form(request, host, form, _("New contact"))


def contact_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    contact = access.host_contact_for(request.user, public_id)
    initial = {"version": contact.version}
    form = HostContactForm(request.POST or None, instance=contact, initial=initial)
    if request.method == "POST" and form.is_valid():
        facts = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_contact(
                contact, by=request.user, version=form.cleaned_data["version"], changes=facts
            )
        except services.StaleHostError as error:
            form.add_error(None, error)
            show_stored_version(form, HostContact.objects.get(pk=contact.pk).version)
        else:
            messages.success(request, _("The contact was saved."))
            return _back(contact.host)
    return _part_form(request, contact.host, form, _("Edit contact"))


@require_POST
def contact_remove(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    contact = access.host_contact_for(request.user, public_id)
    services.remove_contact(contact, by=request.user)
    messages.success(request, _("The contact was removed."))
    return _back(contact.host)


def recognition_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    host = access.host_for(request.user, public_id)
    form = HostRecognitionForm(request.POST or None, host=host)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_recognition(host, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The recognition was added."))
            return _back(host)
    return _part_form(request, host, form, _("New recognition"))


@require_POST
def recognition_remove(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    recognition = access.host_recognition_for(request.user, public_id)
    services.remove_recognition(recognition, by=request.user)
    messages.success(request, _("The recognition was removed."))
    return _back(recognition.host)


def _back(host: HostCompany) -> HttpResponse:
    return redirect("hosts:detail", public_id=host.public_id)


def _part_form(
    request: AuthenticatedHttpRequest, host: HostCompany, form: Any, title: str
) -> HttpResponse:
    context = {"host": host, "form": form, "title": title}
    return render(request, "hosts/host_part_form.html", context)


# The student's view of the host company, back home


def review_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_review_host(request.user, mobility))
    review = HostReview.objects.filter(mobility=mobility).first()
    initial: dict[str, Any] = {"version": review.version if review else None}
    if review:
        initial["recommends"] = "yes" if review.recommends else "no"
    form = HostReviewForm(request.POST or None, instance=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_review(
                by=request.user, mobility=mobility, version=form.cleaned_data["version"],
                rating=form.cleaned_data["rating"], recommends=form.cleaned_data["recommends"],
                comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except services.StaleHostError as error:
            form.add_error(None, error)
            stored = HostReview.objects.filter(mobility=mobility).first()
            show_stored_version(form, stored.version if stored else 0)
        else:
            messages.success(request, _("Thank you: your view of the host company was saved."))
            return redirect("mobilities:detail", public_id=mobility.public_id)
    context = {"form": form, "mobility": mobility, "host": mobility.host_company}
    return render(request, "hosts/review_form.html", context)

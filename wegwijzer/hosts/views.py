from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.hosts import services
from wegwijzer.hosts.forms import HostCompanyForm, HostSearchForm
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links.panel import host_evaluations

PAGE_SIZE = 25


def host_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    search = HostSearchForm(request.GET or None)
    hosts = search.filter(HostCompany.objects.order_by("name", "pk"))
    hosts = hosts.annotate(mobility_count=Count("mobilities"))
    page = Paginator(hosts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hosts/host_list.html", {"search": search, "page": page})


def host_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form = HostCompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        host = services.create_host(by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was added.") % {"name": host.name})
        return redirect("hosts:list")
    return render(request, "hosts/host_form.html", {"form": form})


def host_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    host = access.host_for(request.user, public_id)
    # Taken before validation, which writes the typed values onto the host.
    name = host.name
    form = HostCompanyForm(request.POST or None, instance=host)
    if request.method == "POST" and form.is_valid():
        host = services.update_host(host, by=request.user, changes=form.cleaned_data)
        messages.success(request, _("The changes to %(name)s were saved.") % {"name": host.name})
        return redirect("hosts:list")
    context = {"form": form, "name": name, "evaluations": host_evaluations(host)}
    return render(request, "hosts/host_form.html", context)

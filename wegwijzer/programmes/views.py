from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.programmes import services
from wegwijzer.programmes.forms import DefaultItemsForm, OwnItemForm, ProgrammeForm
from wegwijzer.programmes.models import Programme


def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    # distinct: two counts over two joins would otherwise multiply each other.
    programmes = Programme.objects.annotate(
        student_count=Count("students", distinct=True),
        own_item_count=Count("own_template_items", distinct=True),
    ).order_by("name", "level")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.create_programme(by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was added.") % {"name": programme})
        return redirect("programmes:list")
    return render(request, "programmes/programme_form.html", {"form": form})


def programme_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, public_id)
    # Taken before validation, which writes the typed values onto the programme.
    name = str(programme)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.update_programme(programme, by=request.user, changes=form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("programmes:list")
    return render(request, "programmes/programme_form.html", {"form": form, "name": name})


def programme_checklist(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, public_id)
    form = DefaultItemsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        changed = services.adjust_default_items(
            programme, by=request.user, adjustments=form.adjustments()
        )
        messages.success(
            request,
            ngettext("%(count)d item was changed.", "%(count)d items were changed.", changed)
            % {"count": changed},
        )
        return redirect("programmes:checklist", public_id=programme.public_id)
    context = {"programme": programme, "form": form}
    return render(request, "programmes/programme_checklist.html", context)


def own_item_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    programme = access.programme_for(request.user, public_id)
    form = OwnItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.add_own_item(programme, by=request.user, **form.cleaned_data)
        messages.success(request, _("“%(title)s” was added.") % {"title": item.title})
        return redirect("programmes:checklist", public_id=programme.public_id)
    context = {"programme": programme, "form": form}
    return render(request, "programmes/own_item_form.html", context)


def own_item_edit(request: AuthenticatedHttpRequest, public_id: UUID, key: str) -> HttpResponse:
    programme = access.programme_for(request.user, public_id)
    item = access.own_template_item_for(request.user, programme, key)
    form = OwnItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.change_own_item(item, by=request.user, changes=form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("programmes:checklist", public_id=programme.public_id)
    context = {"programme": programme, "form": form}
    return render(request, "programmes/own_item_form.html", context)


def own_item_remove(request: AuthenticatedHttpRequest, public_id: UUID, key: str) -> HttpResponse:
    programme = access.programme_for(request.user, public_id)
    item = access.own_template_item_for(request.user, programme, key)
    if request.method == "POST":
        try:
            services.remove_own_item(item, by=request.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
        return redirect("programmes:checklist", public_id=programme.public_id)
    context = {"programme": programme, "item": item}
    return render(request, "programmes/own_item_remove.html", context)

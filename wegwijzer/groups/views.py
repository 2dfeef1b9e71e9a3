from uuid import UUID

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijzer import access
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.groups import queries, services
from wegwijzer.groups.forms import AddMembersForm, ConfirmForm, GroupStayForm
from wegwijzer.groups.models import GroupStay
from wegwijzer.groups.services import GroupChange

GROUPS_PER_PAGE = 25
MEMBERS_PER_PAGE = 50


def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_groups(request.user))
    groups = (
        access.visible_groups(request.user)
        .annotate(member_count=Count("members"))
        .order_by("-departure_date", "name", "pk")
    )
    page = page_of(request, groups, GROUPS_PER_PAGE)
    context = {"page": page, "may_manage": access.can_manage_groups(request.user)}
    return render(request, "groups/group_list.html", context)


def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_groups(request.user))
    form = GroupStayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.create_group(
            by=request.user, staff=form.cleaned_data["staff"], **form.facts()
        )
        messages.success(request, _("The group stay is made. Now add its students."))
        return redirect("groups:add-members", public_id=group.public_id)
    return render(request, "groups/group_form.html", {"form": form})


def group_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Everyone's status at a glance: a page of members, each with its counts from SQL."""
    group = access.group_for(request.user, public_id)
    members = queries.members_of(group, access.group_members(request.user, group))
    page = page_of(request, members, MEMBERS_PER_PAGE)
    # The stays of the page the user may open (accompanying staff list every member).
    openable = set(
        access.visible_mobilities(request.user)
        .filter(pk__in=[member.pk for member in page.object_list])
        .values_list("pk", flat=True)
    )
    context = {
        "group": group,
        "staff": group.staff.order_by("last_name", "first_name", "pk"),
        "page": page,
        "openable": openable,
        "may_manage": access.can_manage_groups(request.user),
    }
    return render(request, "groups/group_detail.html", context)


def group_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    group = access.group_for(request.user, public_id)
    access.require(access.can_manage_groups(request.user))
    form = GroupStayForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.update_group(
                group,
                by=request.user,
                version=form.cleaned_data["version"],
                changes=form.changes(),
                staff=form.cleaned_data["staff"],
            )
        except services.StaleGroupError as error:
            form.add_error(None, error)
            show_stored_version(form, GroupStay.objects.get(pk=group.pk).version)
        else:
            _tell_change(request, change)
            return redirect("groups:detail", public_id=group.public_id)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


def _tell_change(request: AuthenticatedHttpRequest, change: GroupChange) -> None:
    messages.success(request, _("The group stay is saved."))
    if change.updated:
        count = len(change.updated)
        text = ngettext(
            "%(count)s student's stay changed with it.",
            "%(count)s students' stays changed with it.",
            count,
        )
        messages.info(request, text % {"count": count})
    for skipped in change.skipped:
        messages.warning(
            request,
            _("Not changed: %(student)s (%(reason)s).")
            % {"student": skipped.mobility.student.full_name, "reason": _(skipped.reason)},
        )


def group_add_members(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    group = access.group_for(request.user, public_id)
    access.require(access.can_manage_groups(request.user))
    students = access.visible_students(request.user).not_erased()
    form = AddMembersForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        made = services.add_members(group, by=request.user, students=form.cleaned_data["students"])
        text = ngettext(
            "%(count)s student added to the group, each with their own stay and checklist.",
            "%(count)s students added to the group, each with their own stay and checklist.",
            len(made),
        )
        messages.success(request, text % {"count": len(made)})
        return redirect("groups:detail", public_id=group.public_id)
    return render(request, "groups/group_add_members.html", {"form": form, "group": group})


def group_remove_member(
    request: AuthenticatedHttpRequest, public_id: UUID, mobility_id: UUID
) -> HttpResponse:
    """Asks first; a POST ends the student's link with the group, keeping their stay."""
    group = access.group_for(request.user, public_id)
    access.require(access.can_manage_groups(request.user))
    mobility = get_object_or_404(
        access.visible_mobilities(request.user).select_related("student"),
        public_id=mobility_id,
        group=group,
    )
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.remove_member(group, mobility, by=request.user)
        messages.success(
            request,
            _("%(student)s is no longer in the group; their stay is kept.")
            % {"student": mobility.student.full_name},
        )
        return redirect("groups:detail", public_id=group.public_id)
    context = {"group": group, "mobility": mobility}
    return render(request, "groups/group_remove_member.html", context)


def emergency_sheet(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Every participant on one printable page. The people at home and the insurance are
    shown for those who may download the participant's emergency card and for the staff who
    accompany the group; each look is in the audit trail, like a card's download."""
    group = access.group_for(request.user, public_id)
    participants = list(queries.participants_of(group, access.group_members(request.user, group)))
    accompanying = access.accompanies(request.user, group)
    rows = [
        (
            mobility,
            access.can_see_sensitive_on_group_sheet(
                request.user, mobility, accompanying=accompanying
            ),
        )
        for mobility in participants
    ]
    services.record_sheet_view(group, by=request.user, rows=len(rows))
    context = {
        "group": group,
        "rows": rows,
        "staff": group.staff.order_by("last_name", "first_name", "pk"),
    }
    response = render(request, "groups/emergency_sheet.html", context)
    add_never_cache_headers(response)
    return response

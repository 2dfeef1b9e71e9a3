"""The reader's notifications and what they want to receive; the coordinators' outbox.

Ids of notifications and e-mails travel in the body of a POST, never in an address. Each
action works as a plain form (it redirects back) and with htmx (it answers with the part
of the page that changed, and the header's count swapped out of band).
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.notifications import inbox
from wegwijzer.notifications.forms import PreferencesForm
from wegwijzer.notifications.models import Notification, Status

PAGE_SIZE = 25
UNREACHABLE_SHOWN = 50
INBOX_PAGE = "notifications/inbox.html"


def _is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page_number(request: AuthenticatedHttpRequest) -> str:
    number = request.POST.get("page") or request.GET.get("page") or "1"
    return number if number.isdigit() else "1"


def _notifications_page(request: AuthenticatedHttpRequest) -> Page[Notification]:
    notifications = access.own_notifications(request.user).order_by("-created_at", "-pk")
    return Paginator(notifications, PAGE_SIZE).get_page(_page_number(request))


def _back_to_inbox(request: AuthenticatedHttpRequest, anchor: str = "") -> HttpResponse:
    url = reverse("notifications:inbox")
    page = _page_number(request)
    return redirect(f"{url}{'?page=' + page if page != '1' else ''}{anchor}")


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    coordinator = access.can_see_outbox(request.user)
    context = {
        "page": _notifications_page(request),
        "can_see_outbox": coordinator,
        "outbox_failed": coordinator and inbox.has_failed(),
    }
    return render(request, INBOX_PAGE, context)


def _posted_id(request: AuthenticatedHttpRequest, name: str) -> str | None:
    """The id posted under `name`, if it is one a database can hold."""
    posted = request.POST.get(name, "")
    return posted if posted.isdigit() and len(posted) <= 18 else None


def _posted_notification(request: AuthenticatedHttpRequest) -> Notification | None:
    """The reader's own notification named in the post (404 for anyone else's); None,
    with a message, when the post names none."""
    posted = _posted_id(request, "notification")
    if posted is None:
        messages.error(request, _("Choose a notification from the list."))
        return None
    return access.notification_for(request.user, posted)


@require_POST
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    notification = _posted_notification(request)
    if notification is None:
        return _back_to_inbox(request)
    inbox.mark_read(notification)
    if _is_htmx(request):
        context = {"notification": notification, "page_number": _page_number(request),
                   "item_bell": True}  # fmt: skip
        return render(request, f"{INBOX_PAGE}#item", context)
    return _back_to_inbox(request, f"#notification-{notification.pk}")


@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = inbox.mark_all_read(request.user)
    if _is_htmx(request):
        context = {"page": _notifications_page(request), "list_bell": True}
        return render(request, f"{INBOX_PAGE}#list", context)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return _back_to_inbox(request)


@require_POST
def open_notification(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark the notification read and go to its page; only a path inside Wegwijzer."""
    notification = _posted_notification(request)
    if notification is None:
        return _back_to_inbox(request)
    inbox.mark_read(notification)
    if _is_internal(request, notification.url):
        return redirect(notification.url)
    return _back_to_inbox(request, f"#notification-{notification.pk}")


def _is_internal(request: AuthenticatedHttpRequest, url: str) -> bool:
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    )


# What the reader wants to receive


def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    current = inbox.current_choices(user)
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, user=user, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = inbox.save_choices(
                user, version=form.cleaned_data["version"], choices=form.choices()
            )
        except inbox.StaleChoices:
            messages.error(
                request,
                _("Your settings were changed elsewhere in the meantime, so nothing was saved. "
                  "These are your settings now."),
            )  # fmt: skip
        else:
            if changed:
                messages.success(request, _("Your settings were saved."))
            else:
                messages.success(request, _("Nothing was changed."))
        return redirect("notifications:preferences")
    context = {"form": form, "safety_kinds": form.safety_kinds}
    return render(request, "notifications/preferences.html", context)


# The coordinators' outbox


def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    outbox_messages = inbox.needs_attention(access.visible_outbox(request.user))
    page = Paginator(
        outbox_messages.select_related("recipient").order_by("-created_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    unreachable = inbox.unreachable_users()
    context: dict[str, Any] = {
        "page": page,
        "counts": inbox.counts_per_status(access.visible_outbox(request.user)),
        "statuses": Status,
        "unreachable": unreachable[:UNREACHABLE_SHOWN],
        "unreachable_count": unreachable.count(),
        "unreachable_shown": UNREACHABLE_SHOWN,
    }
    return render(request, "notifications/outbox.html", context)


@require_POST
def retry(request: AuthenticatedHttpRequest) -> HttpResponse:
    visible = access.visible_outbox(request.user)
    posted = _posted_id(request, "message")
    if posted is None:
        messages.error(request, _("Choose an e-mail from the list."))
        return redirect("notifications:outbox")
    if inbox.try_again(visible.filter(pk=posted), by=request.user):
        messages.success(request, _("The e-mail is on its way again."))
    else:
        messages.error(request, _("This e-mail has not failed (any more); nothing was changed."))
    return redirect("notifications:outbox")


@require_POST
def retry_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = inbox.try_again(access.visible_outbox(request.user), by=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d e-mail is on its way again.",
                "%(count)d e-mails are on their way again.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(request, _("No e-mail has failed; nothing was changed."))
    return redirect("notifications:outbox")

"""The user's calendar page (make, renew, stop their feed) and the feed itself.

The feed's address is shown once, right after it is made or renewed: only its hash is
kept. Between the post and the page that shows it, the token waits in the session and
leaves it as it is shown, as the recovery codes of two-factor do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from wegwijzer.calendars import services
from wegwijzer.calendars.feed import Scope, feed_calendar, may_use_scope
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.core.http import AuthenticatedHttpRequest

FRESH_TOKEN_KEY = "calendar_fresh_token"  # noqa: S105 - a session key name


@never_cache
def calendar_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    token = request.session.pop(FRESH_TOKEN_KEY, None)
    addresses = []
    if token:
        address = request.build_absolute_uri(reverse("calendars:feed", kwargs={"token": token}))
        addresses.append((_("Your calendar"), address))
        if may_use_scope(user, Scope.ALL):
            addresses.append((_("All departures and returns"), f"{address}?scope={Scope.ALL}"))
    context = {
        "feed": CalendarFeed.objects.filter(user=user).first(),
        "addresses": addresses,
        "all_scope": may_use_scope(user, Scope.ALL),
    }
    return render(request, "calendars/calendar.html", context)


@require_POST
def calendar_make(request: AuthenticatedHttpRequest) -> HttpResponse:
    token = services.make_feed(request.user)
    if token is None:
        messages.info(request, _("You already have a calendar link. Renew it to get a new one."))
    else:
        request.session[FRESH_TOKEN_KEY] = token
        messages.success(request, _("Your calendar link is ready."))
    return redirect("calendars:page")


@never_cache
def calendar_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        token = services.renew_feed(request.user)
        if token is not None:
            request.session[FRESH_TOKEN_KEY] = token
            messages.success(
                request, _("Your calendar link is renewed. The old link no longer works.")
            )
        return redirect("calendars:page")
    return _confirm(
        request,
        title=_("Renew your calendar link"),
        explanation=_(
            "You get a new link and the old one stops working at once. Calendars that "
            "subscribed to the old link no longer get updates: subscribe again with the new one."
        ),
        submit_label=_("Renew my calendar link"),
    )


@never_cache
def calendar_stop(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        if services.stop_feed(request.user):
            messages.success(request, _("Your calendar link is stopped. It no longer works."))
        return redirect("calendars:page")
    return _confirm(
        request,
        title=_("Stop your calendar link"),
        explanation=_(
            "Your calendar link stops working at once. Calendars that subscribed to it no "
            "longer get updates. You can make a new link later."
        ),
        submit_label=_("Stop my calendar link"),
    )


def _confirm(request: AuthenticatedHttpRequest, **page: str) -> HttpResponse:
    """The question before a change that breaks the current link; none without a link."""
    if not CalendarFeed.objects.filter(user=request.user).exists():
        return redirect("calendars:page")
    return render(request, "calendars/confirm.html", page)


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed a calendar app fetches, without a login: the token is the key. A wrong,
    renewed or stopped token, or a scope the user may not have, answers 404."""
    feed = services.feed_for_token(token)
    if feed is None:
        raise Http404
    try:
        scope = Scope(request.GET.get("scope", Scope.MINE))
    except ValueError:
        raise Http404 from None
    if not may_use_scope(feed.user, scope):
        raise Http404
    services.mark_used(feed)
    calendar = feed_calendar(feed.user, scope, timezone.localdate())
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    # Personal: a shared cache (a proxy) must not keep it for others.
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["Content-Disposition"] = 'inline; filename="wegwijzer.ics"'
    return response

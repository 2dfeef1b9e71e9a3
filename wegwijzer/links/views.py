from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest, client_ip
from wegwijzer.links import services
from wegwijzer.links.forms import AnswerForm, SendLinkForm
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.links.panel import ANSWER_FORMS
from wegwijzer.mobilities.models import Mobility

# The page a link opens: public, for guardians and host companies without an account.


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_open(request: HttpRequest, token: str) -> HttpResponse:
    """Show the link's one form, and record the answer once.

    A token that matches no link (made up, mistyped or altered) answers 404; a link that
    opens nothing any more 410. Both pages say what to do and show nothing of the student.
    """
    link = services.link_for_token(token)
    if link is None:
        return _closed(request, None, "unknown", status=404)
    with _language_of(link):
        item = services.item_of(link)
        state = services.open_state(link, item)
        if state:
            return _closed(request, link, state, status=410)
        if link.purpose == Purpose.AGREEMENT:
            return _agreement_page(request, link)
        form = _answer_form(request, link)
        if request.method == "POST" and form.is_valid():
            try:
                answered = services.submit_link(
                    link, name=form.cleaned_data["name"], ip=client_ip(request),
                    answers=form.answers(),
                )  # fmt: skip
            except services.LinkClosedError as closed:
                return _closed(request, link, closed.state, status=410)
            except ValidationError:
                form.add_error(
                    None, _("Your answer could not be saved just now. Please try again.")
                )
            else:
                return _page(request, answered, "links/link_thanks.html", {"link": answered})
        return _page(request, link, "links/link_form.html", _form_context(link, form))


def _agreement_page(request: HttpRequest, link: SignedLink) -> HttpResponse:
    """A party signs an agreement through its link: the agreements app's page, closed as
    every link is closed once it was used, or by then revoked or expired."""
    from wegwijzer.agreements.signing_views import sign_by_link

    try:
        response = sign_by_link(request, link)
    except services.LinkClosedError as closed:
        return _closed(request, link, closed.state, status=410)
    response.headers["Content-Language"] = translation.get_language()
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _answer_form(request: HttpRequest, link: SignedLink) -> AnswerForm:
    form_class = ANSWER_FORMS[link.purpose]
    initial: dict[str, Any] = {}
    if link.purpose == Purpose.HOST_AGREEMENT and link.mobility.host_company:
        host = link.mobility.host_company
        initial = {
            "supervisor_name": host.contact_name, "supervisor_email": host.contact_email,
            "supervisor_phone": host.contact_phone,
        }  # fmt: skip
    return form_class(request.POST if request.method == "POST" else None, initial=initial)


def _form_context(link: SignedLink, form: AnswerForm) -> dict[str, Any]:
    mobility = link.mobility
    return {
        "link": link,
        "form": form,
        "mobility": mobility,
        "student": mobility.student,
        "host": mobility.host_company,
        # Who sent the link, then the supervisor, each once.
        "contacts": list(dict.fromkeys(u for u in (link.created_by, mobility.supervisor) if u)),
        "emergency_phone": settings.SCHOOL_EMERGENCY_PHONE,
        "item_description": _item_description(link),
    }


def _item_description(link: SignedLink) -> str:
    item = services.item_of(link)
    return _(item.description) if item and item.description else ""


@contextmanager
def _language_of(link: SignedLink) -> Iterator[None]:
    """Host companies abroad read English; guardians the language they chose (Dutch first)."""
    if link.is_for_host:
        with translation.override("en"):
            yield
    else:
        yield


def _page(
    request: HttpRequest,
    link: SignedLink | None,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    context = {**context, "for_host": bool(link and link.is_for_host)}
    response = render(request, template, context, status=status)
    response.headers["Content-Language"] = translation.get_language()
    # Not for search engines. The site-wide Referrer-Policy (same-origin) already keeps the
    # address, token and all, from other sites; "no-referrer" would also make the browser
    # post the form with "Origin: null", which the CSRF check rightly refuses.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed(
    request: HttpRequest, link: SignedLink | None, state: str, *, status: int
) -> HttpResponse:
    context = {
        "state": state,
        "answered_at": link.used_at if link else None,
        "contact": link.created_by if link else None,
    }
    return _page(request, link, "links/link_closed.html", context, status=status)


# The school's side: sending, revoking and re-sending, from the mobility page.


def _back(mobility: Mobility) -> HttpResponse:
    return redirect(reverse("mobilities:detail", args=[mobility.public_id]) + "#links-title")


@require_POST
def link_send(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    # Someone who may send no link at all is refused before the form is read.
    access.require(any(access.can_send_link(request.user, mobility, p) for p in Purpose))
    form = SendLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to send, and to whom."))
        return _back(mobility)
    purpose = form.cleaned_data["purpose"]
    access.require(access.can_send_link(request.user, mobility, purpose))
    guardian = mobility.student.guardians.filter(pk=form.cleaned_data["guardian"] or 0).first()
    try:
        link = services.send_link(
            mobility, by=request.user, purpose=purpose, guardian=guardian,
            domain=request.get_host(), use_https=request.is_secure(),
        )  # fmt: skip
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _sent(link))
    return _back(mobility)


@require_POST
def link_revoke(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    link = access.link_for(request.user, public_id)
    access.require(access.can_send_link(request.user, link.mobility, link.purpose))
    try:
        services.revoke_link(link, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The link is revoked: it opens nothing any more."))
    return _back(link.mobility)


@require_POST
def link_resend(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    link = access.link_for(request.user, public_id)
    access.require(access.can_send_link(request.user, link.mobility, link.purpose))
    try:
        new_link = services.resend_link(
            link, by=request.user, domain=request.get_host(), use_https=request.is_secure()
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _sent(new_link))
    return _back(link.mobility)


def _sent(link: SignedLink) -> str:
    return _("A new link is on its way to %(email)s; it works until %(date)s.") % {
        "email": link.recipient_email,
        "date": _date(link),
    }


def _date(link: SignedLink) -> str:
    return date_format(localtime(link.expires_at), "DATE_FORMAT")

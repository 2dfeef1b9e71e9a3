"""Searches by name, posted and kept in the session.

A name or e-mail address in a query string ends up in access logs, proxies and the
browser's history; so a list's search form is posted, its values are kept in the session
and the list is shown again at its own address. Filters without personal data (a step, a
page) may still come in the query string, and win over the kept ones.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect

from wegwijzer.core.http import AuthenticatedHttpRequest


def remember_search(
    request: AuthenticatedHttpRequest, key: str, form_class: type[forms.Form], to: str
) -> HttpResponse:
    """Keep the posted search under key (or forget it, for "clear") and show the list."""
    fields = form_class.base_fields
    if "clear" in request.POST:
        request.session.pop(key, None)
    else:
        request.session[key] = {name: request.POST.get(name, "") for name in fields}
    return redirect(to)


def remembered_search(request: AuthenticatedHttpRequest, key: str) -> dict[str, str]:
    """The kept search, with what the query string names on top (a page number excepted)."""
    query = {name: value for name, value in request.GET.items() if name != "page"}
    return {**request.session.get(key, {}), **query}

"""One page for every bulk action: choose, preview what will happen, confirm, see the result.

Each step is a POST of the same form (the selection, the action and its details), so the
page works without JavaScript and nothing about the selection sits in the address. The
selection is looked up again through the access gates at every step (bulk.selection).
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.bulk import actions, export, selection
from wegwijzer.bulk.forms import ChoiceForm
from wegwijzer.core.http import AuthenticatedHttpRequest

# The rows of each kind a preview shows; the counts say how many there are in all.
PREVIEW_ROWS = 50
PREVIEW, CONFIRM = "preview", "confirm"


def _previewed(data: QueryDict) -> dict[str, str]:
    """The stays of the preview and the version(s) each was shown at ("id=token;…")."""
    pairs = (pair.partition("=") for pair in data.get("previewed", "").split(";"))
    return {key: token for key, _sep, token in pairs if key and token}


def _back(request: AuthenticatedHttpRequest, source: selection.Source) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse(source.list_url) + (f"?{query}" if query else ""))


@require_POST
def bulk_action(request: AuthenticatedHttpRequest, source_name: str) -> HttpResponseBase:
    source = selection.SOURCES[source_name]
    user = request.user
    access.require(access.can_act_in_bulk(user, source.name))
    choice = ChoiceForm(
        request.POST, offered=actions.offered(user), exports=export.offered_to(user, source)
    )
    if not choice.is_valid():
        messages.error(request, _("Choose an action, and the rows it is for."))
        return _back(request, source)
    scope = choice.cleaned_data["scope"]
    ids = selection.ticked_ids(request.POST)
    chosen = selection.chosen(request, source, scope, ids)
    if choice.cleaned_data["action"] in export.KINDS:
        if not chosen.exists():
            messages.error(request, _("Choose an action, and the rows it is for."))
            return _back(request, source)
        return export.download(user, source, chosen, choice.cleaned_data["action"], scope)
    action = actions.ACTIONS[choice.cleaned_data["action"]]
    count = chosen.count()
    context: dict[str, Any] = {
        "source": source, "action": action, "scope": scope, "ids": ids, "count": count,
        "limit": selection.MAX_SELECTED,
    }  # fmt: skip
    if not count or count > selection.MAX_SELECTED:
        return render(request, "bulk/bulk_page.html", context)
    stage = request.POST.get("stage", "")
    form = None
    params: dict[str, Any] = {}
    if action.form_class is not None:
        form = action.form_class(request.POST if stage else None)
        context["form"] = form
        if not (stage and form.is_valid()):
            return render(request, "bulk/bulk_page.html", context)
        params = form.cleaned_data
    stays = actions.stays_for_rows(source.stays_of(user, chosen))
    without_stay = []
    if source.of_students:
        having = {stay.student_id for stay in stays}
        without_stay = [student for student in chosen.order_by("last_name", "first_name", "pk")
                        if student.pk not in having]  # fmt: skip
    rows = actions.preview(action, user, stays, without_stay, params)
    if stage == CONFIRM:
        done, refused = actions.carry_out(action, request, rows, _previewed(request.POST), params)
        context.update({"done": done, "refused": refused})
        return render(request, "bulk/bulk_result.html", context)
    will = [row for row in rows if not row.refusal]
    refused = [row for row in rows if row.refusal]
    context.update({
        "will": will[:PREVIEW_ROWS], "will_count": len(will),
        "refused": refused[:PREVIEW_ROWS], "refused_count": len(refused),
        "previewed": ";".join(f"{row.mobility.public_id}={row.token}" for row in will
                              if row.mobility is not None),
    })  # fmt: skip
    return render(request, "bulk/bulk_page.html", context)

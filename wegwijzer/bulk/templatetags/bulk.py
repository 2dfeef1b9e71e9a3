"""The bulk-action form above a list, and the tick box of each row (bulk app).

The list's own view and template stay as they are but for two includes: the form posts
the ticked boxes (which name it with their `form` attribute) to the bulk page.
"""

from typing import Any

from django import template
from django.urls import reverse

from wegwijzer import access
from wegwijzer.bulk import actions, export, selection
from wegwijzer.bulk.forms import ChoiceForm

register = template.Library()


@register.inclusion_tag("bulk/_selection_form.html", takes_context=True)
def bulk_selection(
    context: dict[str, Any], source_name: str, count: int, *, more: bool = False
) -> dict[str, Any]:
    """The form of a list's bulk actions, for a user who has any; count: the rows matching
    the list's filter (its SQL count), or the bound it was counted up to when `more`."""
    request = context["request"]
    user = request.user
    if not access.can_act_in_bulk(user, source_name):
        return {"shown": False}
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse(f"bulk:{source_name}") + (f"?{query.urlencode()}" if query else "")
    form = ChoiceForm(
        offered=actions.offered(user),
        exports=export.offered_to(user, selection.SOURCES[source_name]),
        auto_id=f"bulk-{source_name}-%s",
    )
    return {
        "shown": True,
        "form_id": f"bulk-{source_name}",
        "url": url,
        "form": form,
        "count": count,
        "more": more,
        "limit": selection.MAX_SELECTED,
    }

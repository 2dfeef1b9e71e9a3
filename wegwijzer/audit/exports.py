"""The audit trail's entry for an export of a list with personal data.

One entry per file, as for the who-is-where export: which list, as CSV or XLSX, with which
filters and how many rows. A filter that is a name (a student's, a mentor's) is recorded as
given, never with its value: the trail says how the list was narrowed, not whom it looked for.
"""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy, gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record


def filters_of(form: forms.Form, *, names: Iterable[str] = ()) -> list[Phrase]:
    """The form's filters that narrow the list, as "label: value"; the fields `names`
    (searches by a person's name) as "label: given, not recorded"."""
    form.is_valid()
    hidden = set(names)
    data = getattr(form, "cleaned_data", {})
    described = []
    for name, field in form.fields.items():
        value = data.get(name)
        if value in ("", None):
            continue
        if name in hidden:
            value = gettext_lazy("given, not recorded")
        elif isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
        described.append(
            Phrase(gettext_noop("%(filter)s: %(value)s"), filter=field.label, value=value)
        )
    return described


def record_export(
    *, by: User, label: str, shown_as: str, rows: int, filters: Iterable[Phrase] = ()
) -> None:
    """Who exported a list (label: a gettext_noop message id), as CSV or XLSX, narrowed by
    which filters, and how many rows it held."""
    heading = Phrase(gettext_noop("%(shown_as)s, rows: %(rows)s"), shown_as=shown_as, rows=rows)
    narrowed = list(filters) or [Phrase(gettext_noop("no filter"))]
    note = Phrase.lines(heading, *narrowed)
    record(by=by, action=Action.VIEW, obj=by, label=label, note=note)

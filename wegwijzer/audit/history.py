"""The audit trail as a page shows it: newest first, field names and values in words.

A page shows HISTORY_LENGTH entries at a time (`history_page`; a page that shows much else
may ask for fewer) and pages back through the whole trail of its object; the address names
the page as ``history``, so it is kept apart from the page's other lists.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import CountryField

from wegwijzer.audit.models import AuditEntry
from wegwijzer.audit.phrases import render
from wegwijzer.audit.services import hide_values
from wegwijzer.core.countries import country_name
from wegwijzer.core.pagination import ListPage, page_of

HISTORY_LENGTH = 50


@dataclass
class HistoryRow:
    entry: AuditEntry
    changes: list[tuple[str, str, str]]

    @property
    def actor(self) -> str:
        return _text(self.entry, "actor_label")

    @property
    def label(self) -> str:
        return _text(self.entry, "object_label")

    @property
    def note(self) -> str:
        return _text(self.entry, "note")


def _text(entry: AuditEntry, name: str) -> str:
    """A label or note in the reader's language: a Phrase from its message id and values;
    otherwise the column, itself a message id (a label such as "Budget line") or, in an
    entry written before phrases, text as it was written then."""
    if name in entry.texts:
        return render(entry.texts[name])
    text: str = getattr(entry, name)
    return _(text) if text else ""


# A change's label and its values in words, where the model field alone does not say:
# {name: (label, {stored value: shown value})}.
Words = Mapping[str, tuple[object, Mapping[str, object]]]

# Changes that services record under a name of their own, no field of the model.
NAMES = {
    "entries": gettext_lazy("students asked"),
    "reminders": gettext_lazy("reminders sent"),
    "payments": gettext_lazy("planned payments"),
    "policy": gettext_lazy("grant policy"),
    # A funding table's lists (funding.services.save_table), of which only that they changed.
    "day_rates": gettext_lazy("day rates per country group"),
    "travel_bands": gettext_lazy("distance bands"),
}


def history(
    entries: models.QuerySet[AuditEntry],
    *,
    hidden: Collection[str] = (),
    words: Words | None = None,
) -> list[HistoryRow]:
    """The most recent entries, each with its changes; one query, however many there are.
    The values of the `hidden` fields are left out: the reader sees only that they changed.
    `words` names changes that are no model field, or says a field's values otherwise."""
    return _rows(entries.select_related("actor")[:HISTORY_LENGTH], hidden, words)


def history_page(
    request: HttpRequest,
    entries: models.QuerySet[AuditEntry],
    *,
    hidden: Collection[str] = (),
    words: Words | None = None,
    length: int = HISTORY_LENGTH,
) -> ListPage:
    """The page of the history the address asks for, as `history` makes its rows: the
    newest `length` first, the older ones a page further; a count and one query."""
    page = page_of(request, entries.select_related("actor"), length, param="history")
    page.object_list = _rows(page.object_list, hidden, words)
    return page


def _rows(
    entries: Iterable[AuditEntry], hidden: Collection[str], words: Words | None
) -> list[HistoryRow]:
    return [HistoryRow(entry, _changes(entry, hidden, words or {})) for entry in entries]


def _changes(
    entry: AuditEntry, hidden: Collection[str], words: Words
) -> list[tuple[str, str, str]]:
    """The entry's changes as (field label, before, after), in words where there are some."""
    try:
        model: type[models.Model] | None = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, (before, after) in entry.changes.items():
        if name in words:
            label, values = words[name]
            rows.append(
                (str(label), str(values.get(before, before)), str(values.get(after, after)))
            )
            continue
        try:
            model_field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            model_field = None
        label = _label(name, model_field)
        if name in hidden:
            before, after = hide_values(before, after)
        rows.append((label, _shown(model_field, before), _shown(model_field, after)))
    return rows


def _label(name: str, model_field: Any) -> str:
    """A change's name in the reader's language: the field's, a related list's (a table's
    day rates), or one of NAMES; never the code it is stored under."""
    if name in NAMES:
        return str(NAMES[name])
    if isinstance(model_field, models.ForeignObjectRel):
        return str(model_field.related_model._meta.verbose_name_plural)
    return str(getattr(model_field, "verbose_name", name.replace("_", " ")))


def _shown(model_field: Any, value: str) -> str:
    if isinstance(model_field, CountryField) and value:
        return country_name(value)
    if isinstance(model_field, models.BooleanField):
        return {"True": _("yes"), "False": _("no")}.get(value, value)
    choices = {str(key): str(label) for key, label in getattr(model_field, "flatchoices", [])}
    return choices.get(value, value)

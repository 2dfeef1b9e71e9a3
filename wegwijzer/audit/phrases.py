"""Sentences for the audit trail that every reader reads in their own language.

A service that wants to say more than a code ("Consent given by Ans de Vries on 14 okt
2026, via link") records a Phrase: a message id and its values. The trail stores both
(`AuditEntry.texts`), never the finished sentence, and the history translates the id and
fills in the values for whoever reads it: a date reads "14 okt 2026" in Dutch and
"14 Dec 2026" in English. A Phrase is also a str, the sentence in the school's language,
for what keeps prose (an item's note, the column beside the stored id).

Values are kept as their kind: text as it was typed (a name, a remark), a date or a moment
(shown in the reader's format), a translatable label (a choice's label, or another Phrase).
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

# A stored text: typed text as it is, or a dict that says what kind of value it holds.
Stored = str | dict[str, Any]


class Phrase(str):
    """A message id (marked with gettext_noop) and its values, as a str in the school's
    language. `Phrase.lines(a, b)` puts texts under each other."""

    stored: dict[str, Any]

    def __new__(cls, msgid: str = "", /, **values: object) -> "Phrase":
        return cls._made({"msgid": msgid, "values": {k: encode(v) for k, v in values.items()}})

    @classmethod
    def label(cls, label: Promise) -> "Phrase":
        """A translatable label (a choice's), kept as its message id."""
        with translation.override(None):
            msgid = str(label)
        return cls._made({"msgid": msgid, "values": {}})

    @classmethod
    def lines(cls, *texts: object) -> "Phrase":
        return cls._made({"lines": [encode(text) for text in texts if text]})

    @classmethod
    def _made(cls, stored: dict[str, Any]) -> "Phrase":
        with translation.override(settings.LANGUAGE_CODE):
            phrase = super().__new__(cls, render(stored))
        phrase.stored = stored
        return phrase


def encode(value: object) -> Stored:
    """A value as the trail keeps it, to be shown in the reader's language later."""
    if isinstance(value, Phrase):
        return value.stored
    if isinstance(value, Promise):
        with translation.override(None):
            return {"msgid": str(value), "values": {}}
    if isinstance(value, datetime.datetime):
        return {"moment": timezone.localtime(value).isoformat(timespec="minutes")}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return "" if value is None else str(value)


def render(stored: Stored) -> str:
    """A stored text in the active language; what cannot be read is shown as it is."""
    if not isinstance(stored, dict):
        return str(stored)
    try:
        if "lines" in stored:
            return "\n".join(render(text) for text in stored["lines"])
        if "date" in stored:
            return date_format(datetime.date.fromisoformat(stored["date"]), "SHORT_DATE_FORMAT")
        if "moment" in stored:
            moment = timezone.localtime(datetime.datetime.fromisoformat(stored["moment"]))
            return date_format(moment, "SHORT_DATETIME_FORMAT")
        text = gettext(stored["msgid"])
        values = {name: render(value) for name, value in stored.get("values", {}).items()}
        return text % values if values else text
    except (KeyError, TypeError, ValueError, AttributeError):
        return str(stored.get("msgid", ""))

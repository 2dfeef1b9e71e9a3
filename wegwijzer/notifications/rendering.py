"""A kind's text in a language, with its placeholders filled in.

Placeholders are `{name}`; only the names a kind allows (kinds.KindSpec.allowed). The text
is never a Django template: a school's wording cannot reach an attribute of an object.
"""

import string
from collections.abc import Iterable, Mapping

from django.utils import translation
from django.utils.translation import gettext as _

from wegwijzer.notifications.kinds import SPECS
from wegwijzer.notifications.models import MessageTemplate

_FORMATTER = string.Formatter()


class PlaceholderError(ValueError):
    """The text uses a placeholder wrongly; the message says how, in the active language."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in the text, in order; PlaceholderError when one is malformed."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        raise PlaceholderError(
            _("A brace is not closed. Write {{ or }} to show a brace itself.")
        ) from None
    names = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise PlaceholderError(
                _(
                    "“{%(field)s}” is not a placeholder: use a name from the list, "
                    "such as {first_name}."
                )
                % {
                    "field": field
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "")
                }
            )
        names.append(field)
    return names


def check(text: str, allowed: Iterable[str]) -> None:
    """PlaceholderError unless every placeholder of the text is one of `allowed`."""
    allowed = set(allowed)
    unknown = [name for name in placeholders_in(text) if name not in allowed]
    if unknown:
        raise PlaceholderError(
            _("Unknown placeholder: %(unknown)s. You can use: %(allowed)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in dict.fromkeys(unknown)),
                "allowed": ", ".join(f"{{{name}}}" for name in sorted(allowed)),
            }
        )


def fill(text: str, values: Mapping[str, object]) -> str:
    """The text with each placeholder replaced by its value (empty when not given).

    A text that does not parse (a default cannot; a stored one was checked when saved) is
    returned as it is rather than failing a message.
    """
    try:
        names = placeholders_in(text)
    except PlaceholderError:
        return text
    return _FORMATTER.vformat(text, (), {name: str(values.get(name, "")) for name in names})


def default_texts(kind: str, language: str) -> tuple[str, str]:
    """The kind's built-in subject and body in the language."""
    spec = SPECS[kind]
    with translation.override(language):
        return str(spec.subject), str(spec.body)


def texts(kind: str, language: str) -> tuple[str, str]:
    """The kind's subject and body in the language: the school's wording, or the default."""
    own = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if own is not None:
        return own.subject, own.body
    return default_texts(kind, language)


def render(kind: str, language: str, values: Mapping[str, object]) -> tuple[str, str]:
    """The kind's subject (one line) and body in the language, filled in with `values`."""
    subject, body = texts(kind, language)
    return " ".join(fill(subject, values).split()), fill(body, values)

"""E-mails written from a subject and a body template, and the links in them."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def rendered_email(
    *,
    subject: str,
    body: str,
    context: dict[str, Any],
    language: str | None = None,
    to: list[str] | None = None,
    bcc: list[str] | None = None,
) -> EmailMessage:
    """The e-mail of the two templates, in the language (the school's when not given).

    The subject template may end in a newline; a header must not contain one.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject_text = render_to_string(subject, context)
        body_text = render_to_string(body, context)
    return EmailMessage(subject="".join(subject_text.splitlines()), body=body_text, to=to, bcc=bcc)


def absolute_url(path: str, *, domain: str, use_https: bool) -> str:
    """The path on the site the request came from, for a link in an e-mail."""
    return f"{'https' if use_https else 'http'}://{domain}{path}"

"""Django's own messages that our Dutch catalogue says otherwise.

Django's Dutch speaks to the reader as "u"; Wegwijzer says "je" everywhere. Our catalogue
(LOCALE_PATHS) comes before Django's, so an entry there wins. They are named here so that
makemessages keeps them in the catalogue. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django writes "can\u2019t" with a typographic apostrophe.
MESSAGES = [
    # The password validators' help texts, on the password and invitation pages.
    gettext_noop("Your password can’t be too similar to your other personal information."),  # noqa: RUF001
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    # The password change form.
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
]

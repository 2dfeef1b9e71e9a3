from functools import partial

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import translation

from wegwijzer.accounts.tasks import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, with the e-mail sent by the task worker.

    The request answers at once and the same way whether or not the address is known.
    """

    def save(  # type: ignore[override]
        self, domain_override=None, use_https=False, request=None, **kwargs
    ) -> None:
        domain = domain_override or (request.get_host() if request else "localhost")
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue = partial(
                send_password_reset.enqueue,
                user_id=user.pk,
                domain=domain,
                use_https=use_https,
                language=translation.get_language(),
            )
            transaction.on_commit(enqueue)

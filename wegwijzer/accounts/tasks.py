from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wegwijzer.accounts.models import User


@task
def send_password_reset(*, user_id: int, domain: str, use_https: bool, language: str) -> None:
    """Mail a password reset link to an active user.

    The token is made here, in the worker, so no reset link ever waits in the task queue.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    context = _link_context(user, domain=domain, use_https=use_https)
    with translation.override(language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    EmailMessage(subject="".join(subject.splitlines()), body=body, to=[user.email]).send()


@task
def send_invitation(*, user_id: int, domain: str, use_https: bool, language: str) -> None:
    """Mail a new account the link to choose its first password.

    Quietly nothing when the account is gone, deactivated or has chosen a password already.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return
    context = _link_context(user, domain=domain, use_https=use_https)
    with translation.override(language):
        subject = render_to_string("registration/invitation_subject.txt", context)
        body = render_to_string("registration/invitation_email.txt", context)
    EmailMessage(subject="".join(subject.splitlines()), body=body, to=[user.email]).send()


def _link_context(user: User, *, domain: str, use_https: bool) -> dict[str, object]:
    """What a link to choose a password needs: Django's password reset token for the user."""
    return {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }

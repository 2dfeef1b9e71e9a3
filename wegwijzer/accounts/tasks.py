from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wegwijzer.accounts.models import User
from wegwijzer.core.mail import rendered_email


@task
def send_password_reset(*, user_id: int, domain: str, use_https: bool, language: str) -> None:
    """Mail a password reset link to an active user.

    The token is made here, in the worker, so no reset link ever waits in the task queue.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    rendered_email(
        subject="registration/password_reset_subject.txt",
        body="registration/password_reset_email.html",
        context=_link_context(user, domain=domain, use_https=use_https),
        language=language,
        to=[user.email],
    ).send()


@task
def send_invitation(*, user_id: int, domain: str, use_https: bool, language: str) -> None:
    """Mail a new account the link to choose its first password.

    Quietly nothing when the account is gone, deactivated or has chosen a password already.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return
    rendered_email(
        subject="registration/invitation_subject.txt",
        body="registration/invitation_email.txt",
        context=_link_context(user, domain=domain, use_https=use_https),
        language=language,
        to=[user.email],
    ).send()


def _link_context(user: User, *, domain: str, use_https: bool) -> dict[str, object]:
    """What a link to choose a password needs: Django's password reset token for the user."""
    return {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }

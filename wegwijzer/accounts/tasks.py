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
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.html", context)
    EmailMessage(subject="".join(subject.splitlines()), body=body, to=[user.email]).send()

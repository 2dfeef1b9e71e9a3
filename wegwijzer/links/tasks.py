import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from wegwijzer.core.mail import absolute_url, rendered_email
from wegwijzer.links import services
from wegwijzer.links.models import LinkState, Purpose, SignedLink


@task
def send_link_email(*, link_id: int, domain: str, use_https: bool) -> None:
    """E-mail a guardian or host company their link.

    The token is made here, in the worker, and only its hash is stored: no usable link
    ever waits in the task queue or the database. A link that was revoked, or that has a
    token already (a repeated task), is not sent again.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = (
            SignedLink.objects.select_for_update(of=("self",))
            .select_related("mobility__student", "mobility__supervisor", "created_by")
            .filter(pk=link_id)
            .first()
        )
        if link is None or link.token_hash or link.state() != LinkState.SENDING:
            return
        services.mark_sent(link, token=token)
        # Rolled back with the hash when the mail server refuses, so the task can run again.
        _message(link, token, domain=domain, use_https=use_https).send()


def _message(link: SignedLink, token: str, *, domain: str, use_https: bool) -> EmailMessage:
    path = reverse("links:open", args=[token])
    if link.purpose == Purpose.AGREEMENT:
        from wegwijzer.agreements.signing import link_message

        return link_message(link, absolute_url(path, domain=domain, use_https=use_https))
    context = {
        "link": link,
        "mobility": link.mobility,
        "student": link.mobility.student,
        "url": absolute_url(path, domain=domain, use_https=use_https),
        "contact": link.created_by,
        "supervisor": link.mobility.supervisor,
    }
    # Host companies abroad read English; guardians the school's language.
    return rendered_email(
        subject="links/email_subject.txt",
        body="links/email_body.txt",
        context=context,
        language="en" if link.is_for_host else settings.LANGUAGE_CODE,
        to=[link.recipient_email],
    )

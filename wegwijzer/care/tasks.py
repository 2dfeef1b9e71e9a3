"""The roll call's e-mails to the students, and their reminders.

Automatic reminders: django-tasks-db keeps a task until its `run_after`, so a roll call
with a reminder interval plans a reminder run that far ahead; the run plans the next one
while someone has still not answered and the roll call is open (as privacy.tasks does).
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from wegwijzer.care import services
from wegwijzer.care.models import RollCall, RollCallEntry
from wegwijzer.core.mail import absolute_url, rendered_email


@task
def send_roll_call_emails(
    *, roll_call_id: int, domain: str, use_https: bool, reminder: bool = False
) -> int:
    """E-mail each student of the roll call their link (or, reminding, each who has not
    answered). Each token is made here and only its hash kept. Returns how many were sent."""
    roll_call = RollCall.objects.filter(pk=roll_call_id).first()
    if roll_call is None or not roll_call.is_open:
        return 0
    entries = roll_call.entries.exclude(email="").select_related("mobility__student")
    # The first round goes to whoever has had no e-mail yet, so a repeated task sends none
    # twice; a reminder to whoever has not answered.
    entries = entries.filter(answer="") if reminder else entries.filter(emails=None)
    sent = 0
    for entry in entries:
        _send(roll_call, entry, domain=domain, use_https=use_https, reminder=reminder)
        sent += 1
    return sent


def _send(
    roll_call: RollCall, entry: RollCallEntry, *, domain: str, use_https: bool, reminder: bool
) -> None:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        services.mark_sent(entry, token=token, reminder=reminder)
        # Rolled back with the hash when the mail server refuses.
        path = reverse("care:answer", args=[token])
        context = {
            "roll_call": roll_call,
            "student": entry.mobility.student,
            "reminder": reminder,
            "url": absolute_url(path, domain=domain, use_https=use_https),
            "emergency_phone": settings.SCHOOL_EMERGENCY_PHONE,
        }
        rendered_email(
            subject="care/email_roll_call_subject.txt",
            body="care/email_roll_call_body.txt",
            context=context,
            to=[entry.email],
        ).send()


@task
def remind_roll_call(*, roll_call_id: int, domain: str, use_https: bool) -> int:
    """The automatic reminder: remind who has not answered, and plan the next reminder."""
    roll_call = RollCall.objects.filter(pk=roll_call_id).first()
    if roll_call is None or not roll_call.is_open:
        return 0
    count = services.send_reminders(roll_call, by=None, domain=domain, use_https=use_https)
    if count:
        services.schedule_reminders(roll_call, domain=domain, use_https=use_https)
    return count

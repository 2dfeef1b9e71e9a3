"""The e-mails about students that the task worker sends."""

from django.db.models import Q
from django.tasks import task
from django.urls import reverse

from wegwijzer.accounts.models import Role, User
from wegwijzer.core.mail import absolute_url, rendered_email
from wegwijzer.students.models import Student


@task
def ask_coordinators_for_stay(
    *, student_id: int, mentor_id: int, domain: str, use_https: bool
) -> None:
    """Tell every active coordinator that a mentor asks for a stay for their mentee.

    The e-mail names the student and the mentor and links to the new stay's form with the
    student chosen; nothing sensitive is in it.
    """
    student = Student.objects.filter(pk=student_id, erased_at=None).first()
    mentor = User.objects.filter(pk=mentor_id).first()
    if student is None or mentor is None:
        return
    recipients = list(
        User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .exclude(Q(email="") | Q(pk=mentor_id))
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    path = f"{reverse('mobilities:create')}?student={student.public_id}"
    context = {
        "student": student,
        "mentor": mentor,
        "url": absolute_url(path, domain=domain, use_https=use_https),
    }
    rendered_email(
        subject="students/email_ask_for_stay_subject.txt",
        body="students/email_ask_for_stay_body.txt",
        context=context,
        bcc=recipients,
    ).send()

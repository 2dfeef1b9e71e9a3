"""The coordinator's pages for a whole cohort: invite the students without an account,
the students who never logged in, and messages to the students or their guardians.

Each acts on the students of the students list as it is filtered, or on the students
picked on it (see selection.py).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.cohort import services
from wegwijzer.cohort.forms import CohortMessageForm
from wegwijzer.cohort.models import Audience, CohortMessage
from wegwijzer.cohort.selection import (
    chosen_students,
    filter_words,
    picked_ids,
    student_filter,
)
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import SPECS, Kind
from wegwijzer.notifications.models import Status
from wegwijzer.notifications.wording import MEANINGS
from wegwijzer.students.models import StudentQuerySet

# How many students a preview names; the counts cover them all.
SHOWN = 20


def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What an invitation of the list would do; "Invite" does it."""
    _require(request)
    students = chosen_students(request)
    if request.method == "POST" and "confirm" in request.POST:
        done = services.invite_students(students, by=request.user, link=_link(request))
        messages.success(request, _invited_message(len(done.invite), len(done.skipped)))
        return redirect("cohort:accounts")
    plan = services.invitation_plan(students)
    context = {
        **_scope(request),
        "invite": plan.invite[:SHOWN],
        "invite_count": len(plan.invite),
        "skipped": [
            (student, services.SKIP_REASONS[reason]) for student, reason in plan.skipped[:SHOWN]
        ],
        "skipped_count": len(plan.skipped),
        "skipped_counts": [
            (services.SKIP_REASONS[reason], count)
            for reason, count in plan.skipped_counts().items()
        ],
        "shown": SHOWN,
    }
    return render(request, "cohort/invite.html", context)


def accounts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The students of the list who have an account and never logged in."""
    _require(request)
    students = services.never_logged_in(student_filter(request).filter(_visible(request)))
    page = page_of(
        request,
        students.select_related("user", "programme").order_by("last_name", "first_name", "pk"),
    )
    return render(request, "cohort/accounts.html", {**_scope(request), "page": page})


@require_POST
def resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send the invitation again: to the ticked students, or to all of the list."""
    _require(request)
    if "all" in request.POST:
        students = student_filter(request).filter(_visible(request))
    else:
        students = _visible(request).filter(public_id__in=picked_ids(request) or [])
    sent, refused = services.resend_invitations(students, by=request.user, link=_link(request))
    if not sent and not refused:
        messages.error(request, _("Tick the students to send the invitation to again."))
    else:
        messages.success(request, _resent_message(sent, refused))
    return redirect("cohort:accounts")


def message_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The messages sent to a cohort, newest first, with how their e-mails are doing."""
    _require(request)
    sent = (
        CohortMessage.objects.select_related("sent_by")
        .order_by("-sent_at", "-pk")
        .annotate(
            delivered=Count("recipients", filter=Q(recipients__outbox__status=Status.SENT)),
            waiting=Count(
                "recipients",
                filter=Q(recipients__outbox__status__in=[Status.QUEUED, Status.RETRYING]),
            ),
            failed=Count("recipients", filter=Q(recipients__outbox__status=Status.FAILED)),
        )
    )
    return render(request, "cohort/message_list.html", {"page": page_of(request, sent)})


def message_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write a message; "Preview" shows it for the first recipient with the counts, "Send"
    queues it for everyone."""
    _require(request)
    students = chosen_students(request)
    written = request.method == "POST" and "subject" in request.POST
    form = CohortMessageForm(request.POST) if written else _new_form()
    preview = None
    if written and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            message = services.send_message(
                students=students, by=request.user, audience=data["audience"],
                subject=data["subject"], body=data["body"], language=data["language"],
                token=data["token"],
            )  # fmt: skip
            if message is None:
                messages.warning(
                    request, _("This message was sent already: nothing was sent again.")
                )
            else:
                messages.success(request, _sent_message(message))
            return redirect("cohort:messages")
        preview = _preview(students, data)
    context = {
        **_scope(request),
        "form": form,
        "preview": preview,
        "counts": _counts(students),
        "placeholders": [
            (f"{{{name}}}", MEANINGS.get(name, "")) for name in SPECS[Kind.COHORT_MESSAGE].allowed
        ],
    }
    return render(request, "cohort/message_new.html", context)


def _new_form() -> CohortMessageForm:
    subject, body = rendering.texts(Kind.COHORT_MESSAGE, settings.LANGUAGE_CODE)
    initial = {
        "audience": Audience.STUDENTS,
        "language": settings.LANGUAGE_CODE,
        "subject": subject,
        "body": body,
        "token": CohortMessageForm.new_token(),
    }
    return CohortMessageForm(initial=initial)


def _preview(students: StudentQuerySet, data: dict[str, str]) -> dict[str, object]:
    """The message as its first recipient gets it, or None when nobody can be reached."""
    found = services.recipients(students, data["audience"])
    if not found.addresses:
        return {"address": None, "language": data["language"]}
    first = found.addresses[0]
    subject, body = services.filled(data["subject"], data["body"], first)
    return {"address": first, "subject": subject, "body": body, "language": data["language"]}


def _counts(students: StudentQuerySet) -> dict[str, services.Recipients]:
    return {audience: services.recipients(students, audience) for audience in Audience}


def _scope(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """What the page says about the students it acts on, and the picked ids to post on."""
    ids = picked_ids(request)
    return {"filter_words": filter_words(request), "ids": ids, "picked": ids is not None}


def _visible(request: AuthenticatedHttpRequest) -> StudentQuerySet:
    return access.visible_students(request.user)


def _require(request: AuthenticatedHttpRequest) -> None:
    access.require(access.can_manage_school(request.user))


def _link(request: HttpRequest) -> dict[str, object]:
    """Where the e-mailed link to choose a password points: this site."""
    return {"domain": request.get_host(), "use_https": request.is_secure()}


def _invited_message(invited: int, skipped: int) -> str:
    return (
        ngettext(
            "%(count)d student was invited by e-mail.",
            "%(count)d students were invited by e-mail.",
            invited,
        )
        % {"count": invited}
        + " "
        + ngettext("%(count)d was skipped.", "%(count)d were skipped.", skipped)
        % {"count": skipped}
    )


def _resent_message(sent: int, refused: int) -> str:
    text = ngettext(
        "The invitation was sent again to %(count)d student.",
        "The invitation was sent again to %(count)d students.",
        sent,
    ) % {"count": sent}
    if refused:
        text += " " + ngettext(
            "%(count)d has chosen a password already and got nothing.",
            "%(count)d have chosen a password already and got nothing.",
            refused,
        ) % {"count": refused}
    return text


def _sent_message(message: CohortMessage) -> str:
    return ngettext(
        "The message goes out by e-mail: %(count)d e-mail was queued.",
        "The message goes out by e-mail: %(count)d e-mails were queued.",
        message.email_count,
    ) % {"count": message.email_count}

"""The school words its own messages: a page per kind and language (coordinators).

Each kind's subject and body may be the school's own or the default (kinds.SPECS); the
edit page shows the placeholders the kind allows with what each holds and a sample, and a
preview filled in with the samples, rendered as text (never as HTML).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import SPECS, Kind, KindSpec
from wegwijzer.notifications.models import MessageTemplate
from wegwijzer.notifications.services import site_url
from wegwijzer.notifications.wording_forms import ResetForm, WordingForm
from wegwijzer.notifications.wording_services import (
    StaleWordingError,
    reset_wording,
    save_wording,
    saved_message,
    stored_wording,
    version_of,
)

EDIT_PAGE = "notifications/wording/edit.html"

# What each placeholder holds, in one line.
MEANINGS: dict[str, Promise] = {
    "first_name": gettext_lazy("The first name of the person who gets the message."),
    "link": gettext_lazy("The address in Wegwijzer of what the message is about."),
    "student": gettext_lazy("The student the message is about."),
    "roll_call": gettext_lazy("The roll call's own message."),
    "location": gettext_lazy("Where the student says they are."),
    "city": gettext_lazy("The city of the stay."),
    "phone": gettext_lazy("The student's phone number."),
    "message": gettext_lazy("What the student wrote with their answer."),
    "destination": gettext_lazy("The city and country of the stay."),
    "incident_kind": gettext_lazy("The kind of incident."),
    "guardian": gettext_lazy("The guardian who answered."),
    "answer": gettext_lazy("The answer that was given."),
    "host": gettext_lazy("The host company."),
    "item": gettext_lazy("The checklist item."),
    "country": gettext_lazy("The country."),
    "colour": gettext_lazy("The travel advice's new colour."),
    "students": gettext_lazy("The reader's students who are there or going there."),
    "outcome": gettext_lazy("How the stay stopped: no-go or broken off."),
    "count": gettext_lazy("How many items there are."),
    "items": gettext_lazy("The items, one per line, with their due dates."),
    "advice": gettext_lazy("What the student may do now about their travel product."),
    "name": gettext_lazy("The name of the guardian or the host company's contact."),
    "purpose": gettext_lazy("What the link asks for."),
    "expires": gettext_lazy("The last day the link works."),
    "school": gettext_lazy("The school's name."),
    "date": gettext_lazy("The day of the overview."),
    "overview": gettext_lazy(
        "What is overdue, what waits for a check, departures and returns, open incidents."
    ),
    # Issue 15, contacts
    "moments": gettext_lazy("The missed contact moments, one per line: student and planned day."),
    "score": gettext_lazy("The wellbeing score of the contact, 1 to 5."),
    # Issue 17, a whole cohort
    "programme": gettext_lazy("The student's programme."),
    "class": gettext_lazy("The student's class."),
    # Issue 18, agreements
    "agreement": gettext_lazy("The kind of agreement."),
    "reason": gettext_lazy("The reason given for refusing."),
}

# Sample values for the preview, in the language being worded.
SAMPLES: dict[str, str | Promise] = {
    "first_name": "Els",
    "student": "Sanne",
    "roll_call": gettext_lazy("Storm warning: let us know you are safe."),
    "location": "Calle Mayor 5, Valencia",
    "city": "Valencia",
    "phone": "+34 612 345 678",
    "message": gettext_lazy("I lost my passport."),
    "destination": gettext_lazy("Valencia, Spain"),
    "incident_kind": gettext_lazy("medical"),
    "guardian": "Karin de Vries",
    "answer": gettext_lazy("consent given"),
    "host": "Hotel Sol Valencia",
    "item": gettext_lazy("Insurance policy"),
    "country": gettext_lazy("Spain"),
    "colour": gettext_lazy("orange"),
    "students": "Sanne, Mohammed",
    "outcome": gettext_lazy("broken off"),
    "count": "2",
    "items": gettext_lazy(
        "- Insurance policy (overdue since 2 March)\n- Europass CV (due on 9 March)"
    ),
    "advice": gettext_lazy(
        "During your stay abroad you may ask DUO for the public transport allowance "
        "abroad instead of your travel product, with a statement from your school."
    ),
    "name": "Karin de Vries",
    "purpose": gettext_lazy("consent for the stay"),
    "expires": gettext_lazy("14 March 2027"),
    "school": gettext_lazy("ROC Utrecht"),
    "date": gettext_lazy("4 March 2027"),
    "overview": gettext_lazy(
        "Overdue: 1 item\nTo check: 2 items\nDepartures this week: Sanne (Valencia)"
    ),
    # Issue 15, contacts
    "moments": gettext_lazy("- Sanne de Vries: planned on 2 March 2027"),
    "score": "2",
    # Issue 17, a whole cohort
    "programme": gettext_lazy("Hospitality"),
    "class": "HO2B",
    # Issue 18, agreements
    "agreement": gettext_lazy("Placement agreement"),
    "reason": gettext_lazy("The start date is a week too early."),
}

# A kind whose placeholder means something else than elsewhere gets its own sample.
KIND_SAMPLES: dict[str, dict[str, str | Promise]] = {
    Kind.HOST_ANSWERED: {"answer": gettext_lazy("the signed placement agreement")},
}


@dataclass(frozen=True)
class Placeholder:
    token: str  # as typed in a text: "{first_name}"
    meaning: str | Promise
    sample: str


def wording_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every kind, who gets it, and per language whether the school's wording applies.

    The kinds are a fixed list (no pagination); one query says which are the school's own.
    """
    _require(request)
    own = set(MessageTemplate.objects.values_list("kind", "language"))
    rows = [
        {
            "kind": kind,
            "label": spec.kind.label,
            "audience": spec.audience,
            "languages": [
                {"code": code, "name": name, "own": (kind, code) in own}
                for code, name in settings.LANGUAGES
            ],
        }
        for kind, spec in SPECS.items()
    ]
    return render(request, "notifications/wording/list.html", {"rows": rows})


def wording_edit(request: AuthenticatedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit a kind's subject and body; "Preview" shows them filled in without saving."""
    spec = _spec(request, kind, language)
    stored = stored_wording(kind, language)
    if request.method != "POST":
        subject, body = (
            (stored.subject, stored.body) if stored else rendering.default_texts(kind, language)
        )
        initial = {"subject": subject, "body": body, "version": version_of(stored)}
        form = WordingForm(initial=initial, kind=kind, language=language)
        context = _edit_context(
            spec, language, stored, form, preview=_filled(spec, subject, body, language)
        )
        return render(request, EDIT_PAGE, context)
    form = WordingForm(request.POST, kind=kind, language=language)
    preview = None
    if form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = _filled(spec, data["subject"], data["body"], language)
        else:
            try:
                saved = save_wording(
                    kind=kind, language=language, subject=data["subject"], body=data["body"],
                    version=data["version"], by=request.user,
                )  # fmt: skip
            except StaleWordingError as error:
                form.add_error(None, error)
                stored = stored_wording(kind, language)
                _carry_version(form, version_of(stored))
            else:
                messages.success(request, saved_message(saved))
                return redirect("notifications:wording-edit", kind=kind, language=language)
    return render(request, EDIT_PAGE, _edit_context(spec, language, stored, form, preview))


@require_POST
def wording_preview(request: AuthenticatedHttpRequest, kind: str, language: str) -> HttpResponse:
    """The live preview (htmx): the typed subject and body filled in with the samples."""
    spec = _spec(request, kind, language)
    form = WordingForm(request.POST, kind=kind, language=language)
    preview = None
    if form.is_valid():
        preview = _filled(spec, form.cleaned_data["subject"], form.cleaned_data["body"], language)
    context = {"form": form, "preview": preview, "language": language}
    return render(request, f"{EDIT_PAGE}#preview", context)


def wording_reset(request: AuthenticatedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Back to the default wording: a confirmation page, then the school's row is deleted."""
    spec = _spec(request, kind, language)
    stored = stored_wording(kind, language)
    if request.method == "POST":
        form = ResetForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else None
        try:
            reset = reset_wording(
                kind=kind, language=language, version=version or "", by=request.user
            )
        except StaleWordingError as error:
            messages.error(request, error.messages[0])
        else:
            if reset:
                messages.success(request, _("The default wording applies again."))
            else:
                messages.success(request, _("The default wording applied already."))
        return redirect("notifications:wording-edit", kind=kind, language=language)
    if stored is None:
        messages.success(request, _("The default wording applied already."))
        return redirect("notifications:wording-edit", kind=kind, language=language)
    default_subject, _default_body = rendering.default_texts(kind, language)
    context = {
        "spec": spec,
        "language": language,
        "language_name": _language_name(language),
        "form": ResetForm(initial={"version": version_of(stored)}),
        "default_subject": default_subject,
    }
    return render(request, "notifications/wording/reset.html", context)


def _require(request: AuthenticatedHttpRequest) -> None:
    access.require(access.can_manage_school(request.user))


def _spec(request: AuthenticatedHttpRequest, kind: str, language: str) -> KindSpec:
    """The kind's spec for a coordinator; 404 for a kind or language Wegwijzer lacks."""
    _require(request)
    if kind not in SPECS or language not in dict(settings.LANGUAGES):
        raise Http404
    return SPECS[kind]


def _language_name(language: str) -> str:
    return str(dict(settings.LANGUAGES)[language])


def _edit_context(
    spec: KindSpec,
    language: str,
    stored: MessageTemplate | None,
    form: WordingForm,
    preview: Mapping[str, str] | None,
) -> dict[str, object]:
    return {
        "spec": spec,
        "kind": spec.kind.value,
        "label": spec.kind.label,
        "language": language,
        "language_name": _language_name(language),
        "audience": spec.audience,
        "own": stored is not None,
        "form": form,
        "preview": preview,
        "placeholders": _placeholders(spec, language),
    }


def _samples(spec: KindSpec, language: str) -> dict[str, str]:
    """Each allowed placeholder's sample in the language; a placeholder added to a kind
    later without a sample shows its own name."""
    given = {**SAMPLES, "link": site_url("/"), **KIND_SAMPLES.get(spec.kind, {})}
    with translation.override(language):
        return {name: str(given.get(name, f"[{name}]")) for name in spec.allowed}


def _placeholders(spec: KindSpec, language: str) -> list[Placeholder]:
    samples = _samples(spec, language)
    return [
        Placeholder(f"{{{name}}}", MEANINGS.get(name, ""), samples[name]) for name in spec.allowed
    ]


def _filled(spec: KindSpec, subject: str, body: str, language: str) -> dict[str, str]:
    """Subject and body filled in with the samples, as the reader would get them."""
    samples = _samples(spec, language)
    return {
        "subject": " ".join(rendering.fill(subject, samples).split()),
        "body": rendering.fill(body, samples),
    }


def _carry_version(form: WordingForm, version: str) -> None:
    """After a stale save: the form keeps what was typed but carries the stored version,
    so saving it again (after reading the message) is a choice, not an accident."""
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix("version")] = version
    form.data = data

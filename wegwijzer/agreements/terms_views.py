"""The stay's terms (read by whoever may read its agreements, changed by its supervisor and
the coordinators, and by the student where the school allows it), the school's wording of
each kind of agreement and the school's agreement settings (coordinators)."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijzer import access
from wegwijzer.agreements import content, terms_services, wording
from wegwijzer.agreements.models import AgreementSettings, AgreementWording, Kind
from wegwijzer.agreements.terms_forms import SettingsForm, TermsForm, VersionForm, WordingForm
from wegwijzer.agreements.terms_services import StaleTermsError
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications.wording_services import saved_message

TERMS_PAGE = "agreements/terms_page.html"
WORDING_PAGE = "agreements/wording_edit.html"


# The stay's terms


def terms(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_read_agreements(request.user, mobility))
    editable = access.can_edit_terms(request.user, mobility)
    stored = content.terms_of(mobility)
    form = None
    if request.method == "POST":
        access.require(editable)
        form = TermsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data[name] for name in terms_services.TERMS_FIELDS}
            try:
                _saved, outdated = terms_services.save_terms(
                    mobility, by=request.user, version=data["version"], changes=changes
                )
            except ValidationError as refused:
                form.add_error(None, refused)
                show_stored_version(form, content.terms_of(mobility).version)
            else:
                messages.success(request, _("The terms of the stay are saved."))
                if outdated:
                    messages.warning(request, _outdated_message(outdated))
                return redirect("agreements:terms", public_id=mobility.public_id)
    elif editable:
        form = TermsForm(instance=stored, initial={"version": stored.version})
    context = {
        "mobility": mobility,
        "terms": stored,
        "form": form,
        "missing": _missing_per_kind(request, mobility),
    }
    return render(request, TERMS_PAGE, context)


def _outdated_message(count: int) -> str:
    return ngettext(
        "An agreement made from the old terms is now outdated: send a new version.",
        "%(count)d agreements made from the old terms are now outdated: send new versions.",
        count,
    ) % {"count": count}


def _missing_per_kind(
    request: AuthenticatedHttpRequest, mobility: Mobility
) -> list[dict[str, object]]:
    """What each kind of agreement still lacks: shown to those who change the terms."""
    if not access.can_edit_terms(request.user, mobility):
        return []
    return [{"label": kind.label, "missing": content.missing(mobility, kind)} for kind in Kind]


# The school's agreement settings


def agreement_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    current = AgreementSettings.current()
    form = SettingsForm(
        request.POST or None, instance=current, initial={"version": current.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            terms_services.save_settings(
                by=request.user, version=data["version"],
                changes={name: data[name] for name in terms_services.SETTINGS_FIELDS},
            )  # fmt: skip
        except StaleTermsError as refused:
            form.add_error(None, refused)
            show_stored_version(form, AgreementSettings.current().version)
        else:
            messages.success(request, _("The agreement settings are saved."))
            return redirect("agreements:settings")
    return render(request, "agreements/settings_page.html", {"form": form})


# The school's wording of each kind of agreement


def wording_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every kind and, per language, whether the school's wording or the default applies.
    The kinds are a fixed list (no pagination); one query says which are the school's own."""
    access.require(access.can_manage_school(request.user))
    own = set(AgreementWording.objects.values_list("kind", "language"))
    rows = [
        {
            "kind": kind.value,
            "label": kind.label,
            "languages": [
                {"code": code, "name": name, "own": (kind.value, code) in own}
                for code, name in wording.languages()
            ],
        }
        for kind in Kind
    ]
    return render(request, "agreements/wording_list.html", {"rows": rows})


def _kind_and_language(request: AuthenticatedHttpRequest, kind: str, language: str) -> Kind:
    access.require(access.can_manage_school(request.user))
    if kind not in Kind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    return Kind(kind)


def wording_edit(request: AuthenticatedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit a kind's wording; "Preview" shows its articles filled in with samples."""
    chosen = _kind_and_language(request, kind, language)
    stored = wording.stored(kind, language)
    preview = None
    if request.method != "POST":
        body = wording.body_of(kind, language)
        form = WordingForm(
            initial={"body": body, "version": terms_services.wording_version(stored)},
            language=language,
        )
        preview = wording.articles(body, wording.SAMPLES)
    else:
        form = WordingForm(request.POST, language=language)
        if form.is_valid():
            data = form.cleaned_data
            if "preview" in request.POST:
                preview = wording.articles(data["body"], wording.SAMPLES)
            else:
                try:
                    saved = terms_services.save_wording(
                        kind=kind, language=language, body=data["body"],
                        version=data["version"], by=request.user,
                    )  # fmt: skip
                except StaleTermsError as refused:
                    form.add_error(None, refused)
                    stored = wording.stored(kind, language)
                    show_stored_version(form, terms_services.wording_version(stored))
                else:
                    messages.success(request, saved_message(saved))
                    return redirect("agreements:wording-edit", kind=kind, language=language)
    context = {
        **_wording_heading(kind, chosen.label, language),
        "own": stored is not None,
        "form": form,
        "preview": preview,
        "placeholders": [
            {"token": f"{{{name}}}", "meaning": meaning, "sample": wording.SAMPLES[name]}
            for name, meaning in wording.MEANINGS.items()
        ],
    }
    return render(request, WORDING_PAGE, context)


def wording_reset(request: AuthenticatedHttpRequest, kind: str, language: str) -> HttpResponse:
    """Back to the default wording: a confirmation page, then the school's row is deleted."""
    chosen = _kind_and_language(request, kind, language)
    stored = wording.stored(kind, language)
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid():
                raise StaleTermsError(terms_services.STALE)
            reset = terms_services.reset_wording(
                kind=kind, language=language, version=form.cleaned_data["version"],
                by=request.user,
            )  # fmt: skip
        except StaleTermsError as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request,
                _("The default wording applies again.")
                if reset
                else _("The default wording applied already."),
            )
        return redirect("agreements:wording-edit", kind=kind, language=language)
    if stored is None:
        messages.success(request, _("The default wording applied already."))
        return redirect("agreements:wording-edit", kind=kind, language=language)
    context = {
        **_wording_heading(kind, chosen.label, language),
        "form": VersionForm(initial={"version": stored.version}),
    }
    return render(request, "agreements/wording_reset.html", context)


def _wording_heading(kind: str, label: str | Promise, language: str) -> dict[str, object]:
    """What the wording edit and reset pages both show of the message and its language."""
    return {
        "kind": kind,
        "label": label,
        "language": language,
        "language_name": dict(wording.languages())[language],
    }

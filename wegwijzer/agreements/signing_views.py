"""The signing page (through a link, or logged in), sending for signing and the downloads."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.agreements import signing
from wegwijzer.agreements.models import Agreement, AgreementState, Party, Signature
from wegwijzer.agreements.signing_forms import RefuseForm, SendForm, SignForm
from wegwijzer.core.http import AuthenticatedHttpRequest, client_ip
from wegwijzer.links.models import SignedLink
from wegwijzer.mobilities.models import Mobility

SIGN, REFUSE = "sign", "refuse"


def _back(mobility: Mobility) -> HttpResponse:
    return redirect(reverse("mobilities:detail", args=[mobility.public_id]) + "#agreements-title")


# The page each party signs on


def sign_by_link(request: HttpRequest, link: SignedLink) -> HttpResponse:
    """A guardian's, host company's or student's link (links.views.link_open dispatches here).

    `?document` shows the exact PDF to be signed. Raises LinkClosedError when the link
    closed while the form was open: it then answers as every closed link does.
    """
    signature = get_object_or_404(
        Signature.objects.select_related("agreement__mobility__student__programme",
                                         "agreement__mobility__host_company"),
        link=link,
    )  # fmt: skip
    url = request.path
    return _handle(request, signature, by=None, link=link, document_url=f"{url}?document=pdf")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_page(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The student's or the school's place, signed logged in."""
    signature = _own_place(request.user, public_id)
    document_url = reverse("agreements:signature_document", args=[public_id])
    return _handle(request, signature, by=request.user, link=None, document_url=document_url)


@never_cache
def signature_document(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    signature = _own_place(request.user, public_id)
    return _pdf(signing.document_of(signature), signature.agreement, inline=True)


def _own_place(user: User, public_id: UUID) -> Signature:
    signature = get_object_or_404(
        Signature.objects.select_related("agreement__mobility__student__programme",
                                         "agreement__mobility__host_company"),
        public_id=public_id,
        agreement__mobility__in=access.visible_mobilities(user),
    )  # fmt: skip
    access.require(access.may_sign(user, signature))
    return signature


def _handle(
    request: HttpRequest,
    signature: Signature,
    *,
    by: User | None,
    link: SignedLink | None,
    document_url: str,
) -> HttpResponse:
    agreement = signature.agreement
    if request.GET.get("document") == "pdf" and link is not None:
        return _pdf(signing.document_of(signature), agreement, inline=True)
    action = request.POST.get("action") if request.method == "POST" else None
    sign_form = SignForm(
        request.POST if action == SIGN else None,
        initial={"version": agreement.version, "document": _hash(signature)},
    )
    refuse_form = RefuseForm(request.POST if action == REFUSE else None,
                             initial={"version": agreement.version})  # fmt: skip
    refused = ""
    newer = None
    ip = client_ip(request)
    try:
        if action == SIGN and sign_form.is_valid():
            data = sign_form.cleaned_data
            signed = signing.sign(
                signature, typed_name=data["typed_name"], ip=ip, version=data["version"],
                document_sha256=data["document"], by=by, link=link,
            )  # fmt: skip
            return _done(request, signed, by=by)
        if action == REFUSE and refuse_form.is_valid():
            data = refuse_form.cleaned_data
            done = signing.refuse(
                signature, reason=data["reason"], ip=ip, version=data["version"], by=by,
                link=link,
            )  # fmt: skip
            return _done(request, done, by=by)
    except signing.SigningRefusedError as error:
        refused, newer = error.message, error.newer
        signature.refresh_from_db()
        agreement.refresh_from_db()
        sign_form = SignForm(initial={"version": agreement.version, "document": _hash(signature)})
        refuse_form = RefuseForm(initial={"version": agreement.version})
    not_signable = signing.why_not_signable(signature)
    reason = refused or not_signable
    if not refused and reason:
        newer = signing.newer_version(agreement)
    context: dict[str, Any] = {
        "signature": signature,
        "agreement": agreement,
        "facts": agreement.facts,
        "mobility": agreement.mobility,
        "for_host": signature.party == Party.HOST,
        "by_link": link is not None,
        "document_url": document_url,
        "document_sha256": _hash(signature),
        "sign_form": sign_form,
        "refuse_form": refuse_form,
        "reason": reason,
        "signable": not not_signable,
        "newer": newer,
        "newer_url": _newer_url(newer, by),
    }
    status = 409 if refused else 200
    return render(request, "agreements/signing_page.html", context, status=status)


def _newer_url(newer: Agreement | None, by: User | None) -> str:
    """Where the newer version is, for someone logged in who may read it."""
    if newer is None or by is None or not access.can_read_agreements(by, newer.mobility):
        return ""
    return reverse("mobilities:detail", args=[newer.mobility.public_id]) + "#agreements-title"


def _done(request: HttpRequest, signature: Signature, *, by: User | None) -> HttpResponse:
    if by is not None:
        if signature.signed_at:
            messages.success(request, _("Signed. Thank you."))
        else:
            messages.success(request, _("Your refusal and its reason went to the school."))
        return _back(signature.agreement.mobility)
    context = {"signature": signature, "for_host": signature.party == Party.HOST}
    return render(request, "agreements/signing_thanks.html", context)


def _hash(signature: Signature) -> str:
    from wegwijzer.agreements.content import sha256

    return sha256(signing.document_of(signature))


# The school's side


@require_POST
def send(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_send_agreements(request.user))
    form = SendForm(request.POST)
    if not form.is_valid() or form.cleaned_data["kind"] not in signing.kinds_for(mobility):
        messages.error(request, _("Choose which agreement to send."))
        return _back(mobility)
    try:
        agreement = signing.send_agreement(
            mobility, form.cleaned_data["kind"], by=request.user, domain=request.get_host(),
            use_https=request.is_secure(),
        )  # fmt: skip
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s of the %(kind)s is sent for signing.")
            % {"number": agreement.number, "kind": agreement.get_kind_display()},
        )
    return _back(mobility)


def _readable(user: User, public_id: UUID) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("mobility__student"),
        public_id=public_id,
        mobility__in=access.visible_mobilities(user),
    )
    access.require(access.can_read_agreements(user, agreement.mobility))
    return agreement


def download(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The version as sent: the PDF every party but the host was shown."""
    agreement = _readable(request.user, public_id)
    signing.record_download(agreement, by=request.user, signed=False)
    return _pdf(bytes(agreement.pdf), agreement, inline=False)


def download_signed(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The final PDF, with the signature page."""
    agreement = _readable(request.user, public_id)
    if agreement.state != AgreementState.COMPLETE and not agreement.signed_pdf:
        raise Http404
    signing.record_download(agreement, by=request.user, signed=True)
    return _pdf(bytes(agreement.signed_pdf or b""), agreement, inline=False, signed=True)


def _pdf(data: bytes, agreement: Agreement, *, inline: bool, signed: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{agreement.kind}-v{agreement.number}{'-signed' if signed else ''}.pdf"
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

"""The coordinator's pages to manage accounts: list, invite, and each account's actions."""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijzer import access
from wegwijzer.accounts import services, two_factor
from wegwijzer.accounts.models import Role, User
from wegwijzer.accounts.user_forms import AccountSearchForm, InviteForm, PhoneForm, RoleForm
from wegwijzer.audit.history import Words, history_page
from wegwijzer.audit.models import AuditEntry
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.core.search import remember_search, remembered_search

PAGE_SIZE = 25
# The changed facts of an account, in words: (label, {stored value: shown value}).
CHANGE_LABELS: Words = {
    "role": (gettext_lazy("role"), dict(Role.choices)),
    "is_active": (
        gettext_lazy("active"),
        {"True": gettext_lazy("yes"), "False": gettext_lazy("no, deactivated")},
    ),
    "two_factor": (
        gettext_lazy("two-factor"),
        {"on": gettext_lazy("on"), "off": gettext_lazy("off")},
    ),
    "first_name": (gettext_lazy("first name"), {}),
    "last_name": (gettext_lazy("last name"), {}),
    "email": (gettext_lazy("e-mail"), {}),
    "username": (gettext_lazy("username"), {}),
    "phone": (gettext_lazy("phone"), {}),
}


def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    if request.method == "POST":
        return remember_search(request, "account_search", AccountSearchForm, "users:list")
    search = AccountSearchForm(remembered_search(request, "account_search"))
    accounts = (
        search.filter(access.visible_accounts(request.user))
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .order_by("last_name", "first_name", "pk")
    )
    page = page_of(request, accounts)
    return render(request, "accounts/user_list.html", {"search": search, "page": page})


def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.invite_user(
                by=request.user, link=_link(request), **form.cleaned_data
            )
        except services.AccountRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("%(name)s was invited by e-mail.") % {"name": account})
            return redirect("users:detail", public_id=account.public_id)
    return render(request, "accounts/user_invite.html", {"form": form})


def user_detail(
    request: AuthenticatedHttpRequest,
    public_id: UUID,
    role_form: RoleForm | None = None,
    phone_form: PhoneForm | None = None,
) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    context = {
        "account": account,
        "is_self": account.pk == request.user.pk,
        "has_two_factor": two_factor.has_two_factor(account),
        "student": getattr(account, "student", None),
        "role_form": role_form or RoleForm(initial={"role": account.role}),
        "phone_form": phone_form or PhoneForm(initial={"phone": account.phone}),
        "history": history_page(
            request,
            AuditEntry.objects.filter(
                object_type=account._meta.label_lower, object_id=str(account.public_id)
            ),
            words=CHANGE_LABELS,
        ),
    }
    return render(request, "accounts/user_detail.html", context)


@require_POST
def user_change_role(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return user_detail(request, public_id, role_form=form)
    return _act(
        request,
        account,
        lambda: services.change_role(account, by=request.user, role=form.cleaned_data["role"]),
        _("The role was changed."),
    )


@require_POST
def user_change_phone(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return user_detail(request, public_id, phone_form=form)
    return _act(
        request,
        account,
        lambda: services.change_phone(account, by=request.user, phone=form.cleaned_data["phone"]),
        _("The phone number was saved."),
    )


@require_POST
def user_deactivate(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    return _act(
        request,
        account,
        lambda: services.deactivate_user(account, by=request.user),
        _("The account was deactivated: it can no longer log in."),
    )


@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    return _act(
        request,
        account,
        lambda: services.reactivate_user(account, by=request.user),
        _("The account was reactivated: it can log in again."),
    )


@require_POST
def user_reset_two_factor(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    return _act(
        request,
        account,
        lambda: services.reset_two_factor(account, by=request.user),
        _("Two-factor authentication was reset: the account logs in with its password only."),
    )


@require_POST
def user_resend_invitation(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    account = access.account_for(request.user, public_id)
    return _act(
        request,
        account,
        lambda: services.resend_invitation(account, by=request.user, link=_link(request)),
        _("The invitation was sent again."),
    )


def _act(
    request: HttpRequest, account: User, action: Callable[[], object], done: str
) -> HttpResponse:
    """Take an action on an account and say how it went, back on the account's page."""
    try:
        action()
    except services.AccountRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("users:detail", public_id=account.public_id)


def _link(request: HttpRequest) -> dict[str, object]:
    """Where the e-mailed link points: this site, in the coordinator's language."""
    return {
        "domain": request.get_host(),
        "use_https": request.is_secure(),
        "language": translation.get_language(),
    }

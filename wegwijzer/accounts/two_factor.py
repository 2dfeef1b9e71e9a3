"""Two-factor authentication: an authenticator app (TOTP) plus ten recovery codes.

django-otp keeps the devices: one confirmed TOTPDevice and one StaticDevice holding the
recovery codes, each code used once. Every change is recorded in the audit trail as a
change of the account's "two_factor" from off to on or back; secrets and codes never are.
"""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6


def new_secret() -> str:
    """A fresh TOTP secret, hex-encoded as django-otp stores it."""
    return default_key()


def secret_for_typing(secret: str) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    text = b32encode(unhexlify(secret)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(user: User, secret: str) -> str:
    """The otpauth:// link as an inline SVG QR code: no script, no style, no data: URL."""
    device = TOTPDevice(user=user, key=secret)
    qr = segno.make(device.config_url, error="m")
    title = _("QR code to scan with your authenticator app")
    svg = qr.svg_inline(scale=4, border=2, omitsize=True, title=title)
    # Announced as one picture, named by its title, rather than as loose shapes.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def has_two_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def clean_code(code: str) -> str:
    """What the user typed, without spaces, in the lower case recovery codes are made in."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def turn_on(user: User, *, secret: str, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Keep the authenticator app of this secret once the user proves it with a code.

    Answers None, changing nothing, when the code does not fit the secret. Otherwise any
    earlier device is replaced, and the new device and recovery codes are returned.
    """
    code = clean_code(code)
    if not code.isdigit() or not TOTP(unhexlify(secret), digits=TOTP_DIGITS).verify(
        int(code), tolerance=1
    ):
        return None
    had_two_factor = has_two_factor(user)
    _delete_devices(user)
    device = TOTPDevice.objects.create(user=user, key=secret, name=_device_name(), confirmed=True)
    codes = _new_recovery_codes(user)
    if not had_two_factor:
        _record(user, by=user, before="off", after="on")
    return device, codes


@transaction.atomic
def new_recovery_codes(user: User, *, by: User) -> list[str]:
    """Replace the recovery codes; the old ones stop working at once."""
    StaticDevice.objects.filter(user=user).delete()
    codes = _new_recovery_codes(user)
    record(by=by, action=Action.CHANGE, obj=user, note=gettext_noop("new recovery codes"))
    return codes


@transaction.atomic
def turn_off(user: User, *, by: User) -> bool:
    """Remove the app and the recovery codes. Answers whether there was anything to remove."""
    if not has_two_factor(user):
        return False
    _delete_devices(user)
    _record(user, by=by, before="on", after="off")
    return True


def verify(user: User, code: str) -> Device | None:
    """The device that accepts this code, if any: a six-digit code goes to the app, anything
    else to the recovery codes (which then lose that code). Failures are throttled by
    django-otp, each device on its own."""
    code = clean_code(code)
    is_app_code = len(code) == TOTP_DIGITS and code.isdigit()
    model: type[Device] = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user).select_for_update():
            if device.verify_token(code):
                return device
    return None


def _new_recovery_codes(user: User) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _delete_devices(user: User) -> None:
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()


def _record(user: User, *, by: User, before: str, after: str) -> None:
    record(by=by, action=Action.CHANGE, obj=user, changes={"two_factor": (before, after)})


def _device_name() -> str:
    return _("Authenticator app")

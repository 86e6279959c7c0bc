"""Two-factor authentication: an authenticator app (TOTP, django-otp's otp_totp) and ten one-time recovery codes
(otp_static). docs/security.md tells the whole story; in short, a signed-in session is in one of these states:

- verified: django-otp's OTPMiddleware found the device that accepted a code in this session
  (`request.user.is_verified()`; a device removed by an administrator unverifies every session it verified);
- password only: the user has no second factor and their role does not require one (policy.must_use_two_factor),
  remembered in the session at sign-in, so an officer's pages cost no query for it;
- otherwise it still owes a step: VERIFY (an authenticator is enrolled: enter its code or a recovery code) or ENROL
  (the role requires one and there is none). SecondFactorMiddleware sends such a session to its step from every page
  but the step's own, sign-out, the public portal and the language switch; the API's session authentication refuses
  it (giamsat/api/authentication.py). API tokens are not sessions and are not affected.

A wrong code counts as a failed sign-in for django-axes, as a wrong password does; at the limit the session ends.
Each device also refuses a code it has accepted before (TOTP's last_t; a recovery code is deleted when used) and
waits longer after each failure (django-otp's throttling, 1, 2, 4, 8... seconds).
"""

import re
from base64 import b32decode, b32encode
from enum import StrEnum

import django_otp
import segno
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record
from .choices import AuditKind, Role
from .policy import must_use_two_factor

RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # django-otp's StaticToken.random_token(): 40 random bits in base32

PASSWORD_ONLY_SESSION_KEY = "giamsat_password_only"  # noqa: S105 - a session key: the user's id, no second factor owed
FAILURES_SESSION_KEY = "giamsat_second_factor_failures"
NEW_CODES_SESSION_KEY = "giamsat_new_recovery_codes"  # shown once, then removed

# Demo accounts only (`giamsat create_demo_accounts` prints it, as it prints the demo password): the authenticator
# secret of the demo accounts whose role requires a second factor.
DEMO_TOTP_SECRET = "GIAMSATNQ57DEMOTHAINGUYENXACTHUC"  # noqa: S105 - base32, 20 bytes; never on a real system


class Step(StrEnum):
    VERIFY = "verify"
    ENROL = "enrol"


STEP_URLS = {Step.VERIFY: "accounts:two_factor_verify", Step.ENROL: "accounts:two_factor_enrol"}


def authenticator_name() -> str:
    return _("Ứng dụng xác thực")


# --- reads ----------------------------------------------------------------------------------------------------------


def two_factor_enabled(user) -> bool:
    """The user has a confirmed authenticator (recovery codes alone are no second factor)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    """'123 456', 'ABCD-EFGH' and ' abcdefgh ' as typed or pasted: no spaces or hyphens, lower case."""
    return re.sub(r"[\s-]+", "", code).lower()


def secret_in_groups(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps ask for it when typed by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, inline SVG drawn here: no image service, no network."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, title=_("Mã QR để thêm tài khoản vào ứng dụng xác thực"), svgclass="qr"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup of our own address; the title is escaped by segno


def wait_seconds(device) -> int:
    """How long django-otp's throttling makes the user wait before this device even checks the next code."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(0, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def seconds_to_wait(user) -> int:
    """The longest wait of the user's confirmed devices (wait_seconds)."""
    devices = [*TOTPDevice.objects.devices_for_user(user, confirmed=True)]
    devices += StaticDevice.objects.devices_for_user(user, confirmed=True)
    return max([0, *(wait_seconds(device) for device in devices)])


# --- writes ---------------------------------------------------------------------------------------------------------


def second_factor_device_match(*, user, code: str):
    """The device that accepts this code — the authenticator's six digits or an unused recovery code — or None.

    django_otp.verify_token locks the device row while it checks, so two requests cannot both use one code."""
    token = normalise_code(code)
    if TOTP_CODE.fullmatch(token):
        model = TOTPDevice
    elif RECOVERY_CODE.fullmatch(token):
        model = StaticDevice
    else:
        return None
    for device in model.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def two_factor_enrolment_device(*, user) -> TOTPDevice:
    """The authenticator being enrolled: the user's unconfirmed TOTP device, made with a new random key if there is
    none (so the QR code stays the same when the page is reloaded)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=authenticator_name(), confirmed=False)
    return device


@transaction.atomic
def two_factor_enrolment_confirm(*, user, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """The first code from the app confirms the new authenticator: it replaces any earlier one, and ten new recovery
    codes replace the old. None when the code is wrong (nothing changes)."""
    token = normalise_code(code)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not TOTP_CODE.fullmatch(token) or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    _audit_two_factor(user, "enrolled")
    return device, recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Ten new one-time recovery codes; the earlier ones stop working. The device holding them stays (a session
    verified by a recovery code stays verified)."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in sorted(codes))
    _audit_two_factor(user, "recovery_codes_issued")
    return sorted(codes)


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """The user turns the second factor off (the view has checked a current code); not for roles that require it."""
    if must_use_two_factor(user):
        raise PermissionDenied(_("Vai trò của bạn bắt buộc dùng xác thực hai lớp; không thể tắt."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit_two_factor(user, "disabled")


@transaction.atomic
def two_factor_reset(*, user, acting_user) -> bool:
    """An administrator removes a user's authenticator and recovery codes (a lost phone): the sessions they verified
    are no longer verified, and the user enrols again at the next page (if the role requires it). True if the user
    had any."""
    if not (acting_user.is_active and acting_user.is_administrator):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được đặt lại xác thực hai lớp."))
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    _audit_two_factor(user, "reset_by_administrator", actor=acting_user)
    return removed > 0


def _audit_two_factor(user, action: str, actor=None) -> None:
    audit_record(
        AuditKind.TWO_FACTOR_CHANGED,
        actor=actor,
        target=user,
        target_label=user.get_username(),
        detail={"action": action},
    )


@transaction.atomic
def two_factor_demo_ensure(*, user) -> TOTPDevice:
    """A demo account whose role requires a second factor gets an authenticator with DEMO_TOTP_SECRET, unless it
    already has one (its own, enrolled by a tester, is kept)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=authenticator_name(), key=b32decode(DEMO_TOTP_SECRET).hex(), confirmed=True
        )
    return device


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key == b32decode(DEMO_TOTP_SECRET).hex()


# --- the session ----------------------------------------------------------------------------------------------------


def second_factor_step(request) -> Step | None:
    """The step this request's session still owes, or None (anonymous, verified, or password only)."""
    user = request.user
    if not user.is_authenticated:
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    required = must_use_two_factor(user)
    if not required and request.session.get(PASSWORD_ONLY_SESSION_KEY) == user.pk:
        return None
    if two_factor_enabled(user):
        return Step.VERIFY
    if required:
        return Step.ENROL
    request.session[PASSWORD_ONLY_SESSION_KEY] = user.pk
    return None


def second_factor_passed(request, device) -> None:
    """The session is verified by this device (django-otp's session key), under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)
    method = "recovery_code" if isinstance(device, StaticDevice) else "authenticator"
    audit_record(AuditKind.SECOND_FACTOR_PASSED, request=request, detail={"method": method})
    request.session.pop(FAILURES_SESSION_KEY, None)
    request.session.pop(PASSWORD_ONLY_SESSION_KEY, None)


def second_factor_failed(request) -> bool:
    """A wrong code counts as a failed sign-in (django-axes records it as it records a wrong password). At
    AXES_FAILURE_LIMIT failures in this session, or when axes locks the user and address out, the session ends
    with a message: True."""
    user = request.user
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    failures = request.session.get(FAILURES_SESSION_KEY, 0) + 1
    request.session[FAILURES_SESSION_KEY] = failures
    if failures < settings.AXES_FAILURE_LIMIT and not getattr(request, "axes_locked_out", False):
        return False
    auth.logout(request)
    messages.error(
        request,
        _(
            "Bạn đã nhập sai mã xác thực quá nhiều lần nên phiên đăng nhập đã kết thúc. "
            "Vui lòng đăng nhập lại sau ít phút."
        ),
    )
    return True


def safe_next(request, default: str = "") -> str:
    """The `next` address of the request if it is on this site, else the default (the home page)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def step_url(step: Step, next_url: str = "") -> str:
    url = reverse(STEP_URLS[step])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@receiver(user_logged_in, dispatch_uid="giamsat.accounts.two_factor.on_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    """Every sign-in (this site's form, the admin's, the test client's) starts unverified, and remembers whether
    the user owes no second factor at all."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    session.pop(FAILURES_SESSION_KEY, None)
    session.pop(PASSWORD_ONLY_SESSION_KEY, None)
    if not must_use_two_factor(user) and not two_factor_enabled(user):
        session[PASSWORD_ONLY_SESSION_KEY] = user.pk


# --- the middleware -------------------------------------------------------------------------------------------------

# What a session that owes a step may still reach (static files never reach the views: WhiteNoise serves them).
OPEN_NAMESPACES = frozenset({"portal", "api"})  # the public portal; the API checks sessions itself
OPEN_VIEWS = frozenset(
    {
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:privacy_notice",
        "set_language",
        "javascript-catalog",
        "favicon",
    }
)


def check_required_roles() -> None:
    unknown = sorted(set(settings.MFA_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        raise ImproperlyConfigured(
            f"MFA_REQUIRED_ROLES names unknown roles {unknown}; the roles are {', '.join(Role.values)}."
        )


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a session that owes a step is sent to it, with the page it asked for as
    `next` (an HTMX request through HX-Redirect)."""

    def __init__(self, get_response):
        check_required_roles()
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (match.namespaces and match.namespaces[0] in OPEN_NAMESPACES) or match.view_name in OPEN_VIEWS:
            return None
        step = second_factor_step(request)
        if step is None:
            return None
        url = step_url(step, request.get_full_path() if request.method == "GET" else "")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)

"""Pages of two-factor authentication: the code after the password, enrolment, recovery codes, turning it off.

The rules and the session states are in two_factor.py; these views only read the form and call it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .policy import must_use_two_factor
from .two_factor import Step
from .two_factor_forms import CodeForm

TEMPLATES = "accounts/two_factor/"


def wrong_code(user) -> str:
    wait = two_factor.seconds_to_wait(user)
    if wait:
        return _("Mã không đúng hoặc đã được dùng. Vui lòng đợi %(seconds)d giây rồi nhập mã mới.") % {"seconds": wait}
    return _("Mã không đúng hoặc đã được dùng. Hãy nhập mã đang hiển thị trong ứng dụng xác thực.")


def signed_out() -> str:
    return reverse("accounts:login")


@login_required
def verify(request):
    """After the password: the authenticator's code, or a recovery code."""
    step = two_factor.second_factor_step(request)
    next_url = two_factor.safe_next(request)
    if step is None:
        return redirect(next_url)
    if step == Step.ENROL:
        return redirect(two_factor.step_url(Step.ENROL, next_url))
    form = CodeForm(request.POST or None, autofocus=True)
    if request.method == "POST" and form.is_valid():
        device = two_factor.second_factor_device_match(user=request.user, code=form.cleaned_data["otp_token"])
        if device is not None:
            two_factor.second_factor_passed(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Bạn đã dùng một mã dự phòng; còn %(count)d mã chưa dùng.")
                    % {"count": two_factor.recovery_codes_left(request.user)},
                )
            return redirect(next_url)
        if two_factor.second_factor_failed(request):
            return redirect(signed_out())
        form.add_error("otp_token", wrong_code(request.user))
    return render(request, TEMPLATES + "verify.html", {"form": form, "next": next_url, "second_factor_pending": True})


@login_required
def enrol(request):
    """A new authenticator: the QR code and the key, then its first code confirms it and ten recovery codes follow.
    Someone who has one and has not entered its code in this session must do that first."""
    step = two_factor.second_factor_step(request)
    next_url = two_factor.safe_next(request)
    if step == Step.VERIFY:
        return redirect(two_factor.step_url(Step.VERIFY, next_url))
    device = two_factor.two_factor_enrolment_device(user=request.user)
    form = CodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.two_factor_enrolment_confirm(user=request.user, code=form.cleaned_data["otp_token"])
        if confirmed is not None:
            device, codes = confirmed
            two_factor.second_factor_passed(request, device)
            request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(f"{reverse('accounts:two_factor_recovery_codes')}?{urlencode({'next': next_url})}")
        device.refresh_from_db()  # its failure count, as the check just left it
        wait = two_factor.wait_seconds(device)
        if wait:
            error = _("Mã không đúng. Vui lòng đợi %(seconds)d giây rồi nhập mã mới.") % {"seconds": wait}
        else:
            error = _(
                "Mã không đúng. Hãy nhập mã đang hiển thị trong ứng dụng; nếu vẫn sai, kiểm tra giờ của điện thoại "
                "(đặt giờ tự động)."
            )
        form.add_error("otp_token", error)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_in_groups(device),
        "required": must_use_two_factor(request.user),
        "replacing": two_factor.two_factor_enabled(request.user),
        "second_factor_pending": step is not None,
    }
    return render(request, TEMPLATES + "enrol.html", context)


@login_required
def account(request):
    """The user's own page: whether the second factor is on, required or not, and what they may do with it."""
    user = request.user
    context = {
        "enabled": two_factor.two_factor_enabled(user),
        "required": must_use_two_factor(user),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, TEMPLATES + "account.html", context)


@login_required
def recovery_codes(request):
    """New recovery codes, shown once (after enrolment or regeneration); a current code regenerates them."""
    user = request.user
    codes = request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
    if codes:
        return render(
            request, TEMPLATES + "recovery_codes.html", {"codes": codes, "next": two_factor.safe_next(request)}
        )
    if not two_factor.two_factor_enabled(user):
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_device_match(user=user, code=form.cleaned_data["otp_token"]) is not None:
            request.session[two_factor.NEW_CODES_SESSION_KEY] = two_factor.recovery_codes_regenerate(user=user)
            messages.success(request, _("Đã tạo mã dự phòng mới; các mã cũ không còn dùng được."))
            return redirect("accounts:two_factor_recovery_codes")
        if two_factor.second_factor_failed(request):
            return redirect(signed_out())
        form.add_error("otp_token", wrong_code(user))
    context = {"form": form, "codes_left": two_factor.recovery_codes_left(user)}
    return render(request, TEMPLATES + "recovery_codes_new.html", context)


@login_required
def disable(request):
    """Turning the second factor off, with a current code; a role that requires it cannot."""
    user = request.user
    if not two_factor.two_factor_enabled(user):
        return redirect("accounts:two_factor")
    required = must_use_two_factor(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and not required and form.is_valid():
        if two_factor.second_factor_device_match(user=user, code=form.cleaned_data["otp_token"]) is not None:
            try:
                two_factor.two_factor_disable(user=user)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return redirect("accounts:two_factor")
            messages.success(request, _("Đã tắt xác thực hai lớp. Lần đăng nhập sau chỉ cần mật khẩu."))
            return redirect("accounts:two_factor")
        if two_factor.second_factor_failed(request):
            return redirect(signed_out())
        form.add_error("otp_token", wrong_code(user))
    status = 403 if required and request.method == "POST" else 200
    return render(request, TEMPLATES + "disable.html", {"form": form, "required": required}, status=status)

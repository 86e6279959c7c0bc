"""Personal data (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; issue 16, item 5): the public notice of how this system
processes personal data, and each signed-in user's own data, on a page and as a JSON download (personal_data.py).

The notice is open to everyone, also to a session that still owes its second factor (two_factor.OPEN_VIEWS); the
user's own data needs a verified session like every page (SecondFactorMiddleware)."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .audit import MINIMUM_RETENTION_DAYS, audit_record
from .choices import AuditKind, Role
from .personal_data import personal_data as gather_personal_data
from .personal_data import personal_data_summary
from .two_factor import second_factor_step


def privacy_notice(request):
    """“Thông báo về xử lý dữ liệu cá nhân”: what is held, why, who sees it, how long, and the user's rights."""
    required = [str(label) for value, label in Role.choices if value in settings.MFA_REQUIRED_ROLES]
    context = {
        "retention_days": settings.AUDIT_RETENTION_DAYS,
        "minimum_retention_days": MINIMUM_RETENTION_DAYS,
        "inactive_days": settings.ACCOUNT_INACTIVE_DAYS,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "two_factor_roles": required,
        # a session that still owes its second factor gets no menu (base.html), as on the code's own page
        "second_factor_pending": second_factor_step(request) is not None,
    }
    return render(request, "accounts/privacy_notice.html", context)


@login_required
def personal_data(request):
    """“Dữ liệu cá nhân của tôi”: the account, the second factor, the latest entries of the audit trail where the
    user acted, the reports they took part in, and the download of all of it."""
    return render(request, "accounts/personal_data.html", personal_data_summary(request.user))


@login_required
def personal_data_download(request):
    """Everything the system holds about the user, as one JSON file; the download is itself an audit entry."""
    user = request.user
    body = json.dumps(gather_personal_data(user), ensure_ascii=False, indent=2)
    audit_record(
        AuditKind.EXPORTED,
        request=request,
        target_type="personal_data",
        target_label=user.get_username(),
        detail={"format": "json"},
    )
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response

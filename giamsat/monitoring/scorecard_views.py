"""The agency scorecard page (xếp hạng cơ quan): leaders and the standing office, one reporting period."""

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.policy import oversees_all_agencies
from giamsat.directives import selectors as task_selectors
from giamsat.reporting.models import ReportingPeriod

from .scorecard import OVERDUE_DAYS_CAP, WEIGHTS, period_bounds, scorecard

PERIOD_PARAM = re.compile(r"^(\d{4})-(\d{1,2})$")


def default_period(today) -> ReportingPeriod | None:
    """The latest period whose due date has passed, else the current month's, else the latest there is."""
    periods = ReportingPeriod.objects.order_by("-year", "-month")
    return (
        periods.filter(due_on__lt=today).first()
        or periods.filter(year=today.year, month=today.month).first()
        or periods.first()
    )


def chosen_period(raw: str, today) -> tuple[ReportingPeriod | None, str]:
    """The period of `?period=YYYY-MM`, or the default with a message saying why the choice was not used."""
    raw = raw.strip()
    if not raw:
        return default_period(today), ""
    match = PERIOD_PARAM.match(raw)
    if match:
        period = ReportingPeriod.objects.filter(year=int(match[1]), month=int(match[2])).first()
        if period:
            return period, ""
        message = _("Không có kỳ báo cáo “%(value)s”; đang hiển thị kỳ mặc định.")
    else:
        message = _(
            "Kỳ báo cáo “%(value)s” không hợp lệ (định dạng YYYY-MM, ví dụ 2026-05); đang hiển thị kỳ mặc định."
        )
    return default_period(today), message % {"value": raw[:20]}


@login_required
def scorecard_page(request):
    """The ranking of lead agencies for one reporting period, with its components and the formula."""
    user = request.user
    if not oversees_all_agencies(user):
        raise PermissionDenied(_("Trang xếp hạng dành cho lãnh đạo và Cơ quan Thường trực."))
    today = timezone.localdate()
    period, message = chosen_period(request.GET.get("period", ""), today)
    context = {
        "period": period,
        "message": message,
        "periods": ReportingPeriod.objects.order_by("-year", "-month"),
        "weights": WEIGHTS,
        "cap": OVERDUE_DAYS_CAP,
        "rows": [],
    }
    if period is not None:
        first_day, as_of = period_bounds(period)
        context.update(
            rows=scorecard(period=period, tasks=task_selectors.task_list(user=user)),
            first_day=first_day,
            as_of=as_of,
            provisional=as_of >= today,
            list_query=urlencode({"scope": "all", "as_of": as_of.strftime("%d/%m/%Y")}),
            indicator_query=urlencode({"as_of": as_of.strftime("%d/%m/%Y")}),
        )
    return render(request, "monitoring/scorecard.html", context)

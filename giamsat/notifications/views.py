"""The bell's pages: a person's notifications (opened one by one, or all marked read) and their choice of channels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.common.htmx import htmx_partial

from . import selectors, services
from .choices import NotificationKind
from .forms import CHANNELS, PreferencesForm

PAGE_SIZE = 20


@login_required
def notification_list(request):
    """Unread first, then newest; filtered by read or unread, kind and words; 20 a page."""
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:100]
    found = selectors.notifications_of(request.user, state=state, kind=kind, query=query)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "kind": kind,
        "q": query,
        "kinds": NotificationKind.choices,
        "states": [(selectors.UNREAD, _("Chưa đọc")), (selectors.READ, _("Đã đọc"))],
        "kind_labels": dict(NotificationKind.choices),
    }
    if htmx_partial(request):
        return render(request, "notifications/_notification_table.html", context)
    return render(request, "notifications/notification_list.html", context)


def _local(url: str, request) -> bool:
    return url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
def notification_open(request, notification_id: int):
    """Opening a notification marks it read and leads to its page (an address of this site only; the list
    otherwise). Someone else's notification is not found."""
    notification = selectors.access_notification_by_id(user=request.user, notification_id=notification_id)
    services.notification_open(notification=notification)
    return redirect(notification.url if _local(notification.url, request) else "notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def mark_all_read(request):
    """'Đánh dấu tất cả đã đọc'. The address opened (a reload, a bookmark) changes nothing: it leads to the list."""
    if request.method == "POST":
        count = services.notifications_mark_all_read(user=request.user)
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """A table of kinds × channels (in the application, the daily digest e-mail, an e-mail at once)."""
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, rows=selectors.preferences_table(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Đã lưu tùy chọn nhận thông báo."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "channels": CHANNELS})

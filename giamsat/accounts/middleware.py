"""Sessions end after SESSION_IDLE_MINUTES without use (Nghị định 85/2016/NĐ-CP, TCVN 11930:2017).

Every request of the signed-in person counts as use, pages, HTMX fragments and the report form's autosave
(`X-Autosave`, sent while the officer types) alike, except requests marked `X-Background: 1`: a page that polls
on its own (none does today) must send that header, so that a screen left open does not keep the session alive.

The time of last use is kept in the session, set at sign-in and then written at most once a minute (not one
session write per request), so a session may end up to a minute early. The next request after the limit signs
the person out and sends them to the login page with a message; an HTMX request is redirected with HX-Redirect,
an autosave answers JSON that the form shows, and an API call simply continues unauthenticated.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

LAST_USE_KEY = "giamsat_last_use"
WRITE_EVERY_SECONDS = 60


def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (apps.py): the idle time counts from the sign-in."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_USE_KEY] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_use = request.session.get(LAST_USE_KEY)
            if last_use is not None and now - last_use > settings.SESSION_IDLE_MINUTES * 60:
                return self._end(request)
            background = request.headers.get("X-Background") == "1"
            if last_use is None or (not background and now - last_use >= WRITE_EVERY_SECONDS):
                request.session[LAST_USE_KEY] = now
        return self.get_response(request)

    def _end(self, request):
        logout(request)
        message = _("Phiên làm việc đã kết thúc vì không sử dụng quá %(minutes)s phút. Vui lòng đăng nhập lại.") % {
            "minutes": settings.SESSION_IDLE_MINUTES
        }
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if request.headers.get("X-Autosave") == "1":
            return JsonResponse({"saved": False, "error": message}, status=401)
        messages.warning(request, message)
        if request.path == resolve_url(settings.LOGIN_URL):
            return self.get_response(request)  # the login page itself: shown, signed out, with the message
        login = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(login["Location"])
        return login

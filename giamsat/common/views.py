"""Pages that belong to no domain: the site's icon, the "bad request" page."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .uploads import UploadTooLarge

FAVICON = "img/favicon.ico"


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico: browsers ask every site for it, whatever the page links (the pages link the SVG icon).
    Served from the static files (the finders read the sources, so it works before `collectstatic` too)."""
    path = finders.find(FAVICON)
    if not path:
        raise Http404(FAVICON)
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - FileResponse closes it


def bad_request(request, exception=None):
    """The 400 page (handler400), in the user's language. An upload refused for its size says so (413); a form
    Django could not read, most often a file name too long for the upload's headers (1 KB), says what to do."""
    if isinstance(exception, UploadTooLarge):
        return render(request, "400.html", {"message": str(exception)}, status=413)
    message = ""
    if isinstance(exception, MultiPartParserError):
        message = _(
            "Không đọc được dữ liệu gửi lên: tên tệp quá dài hoặc tệp bị hỏng. "
            "Hãy đổi tên tệp cho ngắn hơn (dưới 200 ký tự) rồi gửi lại; chưa có gì được lưu."
        )
    return render(request, "400.html", {"message": message}, status=400)

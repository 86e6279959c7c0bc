"""Pages that belong to no domain: the site's icon."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

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

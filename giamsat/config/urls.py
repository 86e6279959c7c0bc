from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from giamsat.agencies import urls as agencies_urls
from giamsat.common.views import favicon
from giamsat.directives import urls as directives_urls
from giamsat.monitoring import task_views
from giamsat.monitoring import urls as monitoring_urls
from giamsat.reporting import urls as reporting_urls

admin.site.site_header = _("Giám sát NQ57 — Quản trị")
admin.site.site_title = _("Giám sát NQ57")
admin.site.index_title = _("Quản trị danh mục và dữ liệu")


def namespace(name: str, *patterns: list) -> tuple:
    """One URL namespace from an app's own pages and the pages a later app adds to it: a page that shows a later
    app's data (statuses on the task list, tasks on the agency page) lives in that later app, and keeps its
    address and name here (docs/decisions/0009-app-dependencies.md)."""
    return include(([pattern for group in patterns for pattern in group], name))


urlpatterns = [
    path("", task_views.home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("tai-khoan/", include("giamsat.accounts.urls")),
    path("nhat-ky-kiem-tra/", include("giamsat.accounts.audit_urls")),
    path("viec-cua-toi/", include("giamsat.jobs.urls")),
    path("thong-bao/", include("giamsat.notifications.urls")),
    path("nhiem-vu/", namespace("directives", monitoring_urls.directives_pages, directives_urls.urlpatterns)),
    path("co-quan/", namespace("agencies", agencies_urls.urlpatterns, directives_urls.agencies_pages)),
    path("bao-cao/", namespace("reporting", monitoring_urls.reporting_pages, reporting_urls.urlpatterns)),
    path("chi-tieu/", include("giamsat.indicators.urls")),
    path("giai-trinh/", include("giamsat.explanations.urls")),
    path("giam-sat/", include("giamsat.monitoring.urls")),
    path("cong-khai/", include("giamsat.portal.urls")),
    path("van-ban/", include("giamsat.documents.urls")),
    path("api/", include("giamsat.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

handler400 = "giamsat.common.views.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

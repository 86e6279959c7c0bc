from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from giamsat.directives import views as directive_views

admin.site.site_header = _("Giám sát NQ57 — Quản trị")
admin.site.site_title = _("Giám sát NQ57")
admin.site.index_title = _("Quản trị danh mục và dữ liệu")

urlpatterns = [
    path("", directive_views.home, name="home"),
    path("tai-khoan/", include("giamsat.accounts.urls")),
    path("nhiem-vu/", include("giamsat.directives.urls")),
    path("co-quan/", include("giamsat.agencies.urls")),
    path("bao-cao/", include("giamsat.reporting.urls")),
    path("giam-sat/", include("giamsat.monitoring.urls")),
    path("cong-khai/", include("giamsat.portal.urls")),
    path("van-ban/", include("giamsat.documents.urls")),
    path("api/", include("giamsat.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

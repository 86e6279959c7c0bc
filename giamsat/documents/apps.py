from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Generated documents: the monthly report to the Steering Committee, its Excel appendix, agency summaries."""

    name = "giamsat.documents"
    verbose_name = _("Văn bản tổng hợp")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Public pages ('Ba công khai'): public tasks, agencies, published results and open data."""

    name = "giamsat.portal"
    verbose_name = _("Cổng công khai")

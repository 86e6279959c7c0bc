from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API v1 for other systems (LGSP, the provincial data warehouse, the national system)."""

    name = "giamsat.api"
    verbose_name = _("Giao diện lập trình (API)")

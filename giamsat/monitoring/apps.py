from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Status engine, early warnings, dashboards and rankings (the reporting and dashboard issues)."""

    name = "giamsat.monitoring"
    verbose_name = _("Giám sát, cảnh báo")

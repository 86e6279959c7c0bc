from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchdataConfig(AppConfig):
    """The benchmark data generator (`giamsat demo-data --scale province|nation`, `make bench`): it writes every
    domain app's tables in bulk, so it sits after them all and no domain app imports it. No models."""

    name = "giamsat.benchdata"
    verbose_name = _("Dữ liệu thử hiệu năng")

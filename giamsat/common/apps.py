from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "giamsat.common"
    verbose_name = _("Dùng chung")

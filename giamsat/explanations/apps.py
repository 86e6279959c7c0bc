from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplanationsConfig(AppConfig):
    name = "giamsat.explanations"
    verbose_name = _("Yêu cầu giải trình")

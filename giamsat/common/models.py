from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """The version of one domain of data ("tasks", "reports", "agencies"), raised after each committed change.

    Cached figures and page parts carry the versions of the domains they read in their key (common/cache.py);
    kept in the database so that every process sees a change on its next request, with or without Redis.
    """

    domain = models.CharField(_("miền dữ liệu"), max_length=20, primary_key=True)
    version = models.BigIntegerField(_("phiên bản"), default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return f"{self.domain}: {self.version}"

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


class ThrottleCacheEntry(models.Model):
    """A row of the "throttle" cache when no Redis is configured: Django's DatabaseCache table, made by a migration.

    Rate-limit counters must be shared by every process (gunicorn's workers); a cache per process let each worker
    count on its own. The columns are those `createcachetable` makes; only DatabaseCache reads and writes them.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "common_throttle_cache"
        verbose_name = _("bộ đếm giới hạn tần suất")
        verbose_name_plural = _("bộ đếm giới hạn tần suất")

    def __str__(self) -> str:
        return self.cache_key

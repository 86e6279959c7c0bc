from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def migrated(sender, using, apps=None, **kwargs) -> None:
    """Migrations may rewrite any row without signals: every cached figure is out of date."""
    from .cache import data_changed

    try:
        if apps is not None:
            apps.get_model("common", "DataVersion")
    except LookupError:  # `migrate` of another app before this one's table exists
        return
    data_changed(using=using)


class CommonConfig(AppConfig):
    name = "giamsat.common"
    verbose_name = _("Dùng chung")

    def ready(self):
        post_migrate.connect(migrated, sender=self, dispatch_uid="data-version-migrated")

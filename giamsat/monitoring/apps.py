from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# Records whose changes move statuses, figures or what the public sees ("app_label.Model").
FIGURE_SOURCES = [
    "agencies.Agency",
    "agencies.AgencyGroup",
    "directives.Directive",
    "directives.Task",
    "directives.TaskAssignment",
    "directives.DeadlineChange",
    "directives.DocumentReference",
    "reporting.ReportingPeriod",
    "reporting.ProgressReport",
    "reporting.Evidence",
    "reporting.Review",
]
# Records whose changes move a task's stored status facts (facts.TaskStatusFacts).
STATUS_SOURCES = ["directives.Task", "directives.DeadlineChange", "reporting.ProgressReport", "reporting.Review"]


class MonitoringConfig(AppConfig):
    """Status engine, early warnings, dashboards and rankings (the reporting and dashboard issues)."""

    name = "giamsat.monitoring"
    verbose_name = _("Giám sát, cảnh báo")

    def ready(self):
        from django.apps import apps

        from giamsat.common.cache import data_changed

        for label in FIGURE_SOURCES:
            model = apps.get_model(label)
            post_save.connect(data_changed, sender=model, dispatch_uid=f"figures-save-{label}")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"figures-delete-{label}")
        m2m_changed.connect(data_changed, dispatch_uid="figures-m2m")

        from .facts import task_deleted, task_saved

        for label in STATUS_SOURCES:
            model = apps.get_model(label)
            post_save.connect(task_saved, sender=model, dispatch_uid=f"status-facts-save-{label}")
            post_delete.connect(task_deleted, sender=model, dispatch_uid=f"status-facts-delete-{label}")

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

# Records whose changes move statuses, figures or what the public sees ("app_label.Model"), and the domain of
# data whose version they raise after the commit (common/cache.py: cached pages carry the versions they read).
FIGURE_SOURCES = {
    "agencies.Agency": "agencies",
    "agencies.AgencyGroup": "agencies",
    "directives.Directive": "tasks",
    "directives.Task": "tasks",
    "directives.TaskAssignment": "tasks",
    "directives.DeadlineChange": "tasks",
    "directives.DocumentReference": "tasks",
    "directives.TaskClosure": "tasks",
    "directives.ExtensionRequest": "tasks",
    "reporting.ReportingPeriod": "reports",
    "reporting.ProgressReport": "reports",
    "reporting.Evidence": "reports",
    "reporting.Review": "reports",
    "reporting.ReportStep": "reports",
    "monitoring.ReminderSent": "tasks",  # shown in the task's history and on the warnings page
    # Indicators and their values are counted by colour on the overview, in the monthly report and on the portal.
    "indicators.Indicator": "reports",
    "indicators.Milestone": "reports",
    "indicators.IndicatorValue": "reports",
    # Requests for explanation are shown inside the task page's cached body and on the warnings page.
    "explanations.ExplanationRequest": "tasks",
}
# Records whose changes move a task's status history (history.py, StatusSpan).
STATUS_SOURCES = [
    "directives.Task",
    "directives.TaskAssignment",
    "directives.DeadlineChange",
    "directives.TaskClosure",
    "reporting.ProgressReport",
    "reporting.Review",
]


class MonitoringConfig(AppConfig):
    """Status engine, early warnings, dashboards and rankings (the reporting and dashboard issues)."""

    name = "giamsat.monitoring"
    verbose_name = _("Giám sát, cảnh báo")

    def ready(self):
        from django.apps import apps

        from giamsat.common.cache import watch

        for label, domain in FIGURE_SOURCES.items():
            watch(apps.get_model(label), domain)

        from .history import group_members_changed, task_deleted, task_removed, task_saved

        for label in STATUS_SOURCES:
            model = apps.get_model(label)
            post_save.connect(task_saved, sender=model, dispatch_uid=f"status-history-save-{label}")
            post_delete.connect(task_deleted, sender=model, dispatch_uid=f"status-history-delete-{label}")
        pre_delete.connect(task_removed, sender=apps.get_model("directives.Task"), dispatch_uid="status-tally-task")
        from . import late_reminders  # noqa: F401 - registers its job kind, for the worker too
        from .latest_reports import report_changed

        report = apps.get_model("reporting.ProgressReport")
        post_save.connect(report_changed, sender=report, dispatch_uid="latest-reports-save")
        post_delete.connect(report_changed, sender=report, dispatch_uid="latest-reports-delete")
        members = apps.get_model("agencies.AgencyGroup").members.through
        m2m_changed.connect(group_members_changed, sender=members, dispatch_uid="status-history-group-members")

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Job, Schedule

try:  # the queue's own records are the machinery under the jobs: operators read the jobs
    from django_tasks_db.models import DBTaskResult

    admin.site.unregister(DBTaskResult)
except admin.sites.NotRegistered:
    pass


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "state", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "owner__username"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["title", "when", "enabled", "next_run_at", "last_run_at", "last_outcome"]
    readonly_fields = ["kind", "title", "when", "next_run_at", "last_run_at", "last_job"]
    fields = ["kind", "title", "when", "enabled", "next_run_at", "last_run_at", "last_job"]

    @admin.display(description=_("kết quả lần gần nhất"))
    def last_outcome(self, schedule):
        job = schedule.last_job
        if job is None:
            return "—"
        detail = job.error or job.result_note
        return f"{job.get_state_display()}{' — ' + detail if detail else ''}"

    def has_add_permission(self, request):
        return False

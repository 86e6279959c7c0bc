from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evidence, ProgressReport, ReportingPeriod, Review


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "due_on", "is_open"]
    list_editable = ["due_on", "is_open"]  # the standing office opens, closes, reopens and moves the due day
    list_filter = ["is_open", "year"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["kind", "original_name", "url", "document_number", "document_date", "sha256", "is_public"]
    readonly_fields = ["sha256", "is_public"]  # published through the review page's service, which checks the rules
    extra = 0


class ReviewInline(admin.TabularInline):
    model = Review
    fields = ["decision", "comment", "reviewer", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "period", "agency", "state", "progress_percent", "status", "is_late"]
    list_filter = ["status", "state", "period"]
    raw_id_fields = ["task"]
    readonly_fields = ["result_is_public"]
    inlines = [EvidenceInline, ReviewInline]

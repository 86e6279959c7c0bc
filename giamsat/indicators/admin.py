"""The indicators in the admin, for corrections by the standing office: every change kept in the history
(SimpleHistoryAdmin). The review chain of values is the pages' (services.py): status and steps are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IndexScore, Indicator, IndicatorValue, Milestone, TargetProposal, ValueEvidence, ValueStep


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["due_on", "value"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "target_value", "target_on", "layer", "agency", "is_public"]
    list_filter = ["layer", "is_public", "frequency", "direction"]
    search_fields = ["code", "name"]
    raw_id_fields = ["tasks", "directive"]
    inlines = [MilestoneInline]


class ValueStepInline(admin.TabularInline):
    model = ValueStep
    fields = ["action", "actor", "comment", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ValueEvidenceInline(admin.TabularInline):
    model = ValueEvidence
    fields = ["kind", "original_name", "url", "description", "sha256"]
    readonly_fields = ["kind", "original_name", "sha256"]
    extra = 0


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "agency", "value", "measured_on", "status"]
    list_filter = ["status", "period"]
    search_fields = ["indicator__code", "indicator__name"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["status", "submitted_at"]
    inlines = [ValueEvidenceInline, ValueStepInline]


@admin.register(TargetProposal)
class TargetProposalAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "task", "value", "unit", "decision"]
    list_filter = ["decision"]
    raw_id_fields = ["task", "indicator"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(IndexScore)
class IndexScoreAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "year", "score", "rank", "out_of"]
    list_filter = ["kind"]

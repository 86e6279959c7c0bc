from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DeadlineChange,
    Directive,
    DocumentReference,
    ExtensionRequest,
    ImportBatch,
    Task,
    TaskAssignment,
    TaskClosure,
)


class TaskAssignmentInline(admin.TabularInline):
    model = TaskAssignment
    fields = ["role", "agency", "group", "printed_name", "scope_note", "position"]
    autocomplete_fields = ["agency"]
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "issued_on", "title"]
    list_filter = ["kind"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["issuer"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "directive", "title", "deadline", "deadline_kind", "confidentiality"]
    list_filter = ["directive", "deadline_kind", "confidentiality", "recurrence"]
    search_fields = ["title", "ref", "search_text"]
    raw_id_fields = ["parent", "previous"]
    filter_horizontal = ["source_documents"]
    readonly_fields = ["deadline", "deadline_text", "deadline_kind"]
    inlines = [TaskAssignmentInline]


@admin.register(DocumentReference)
class DocumentReferenceAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "directive"]
    search_fields = ["number", "title"]


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(SimpleHistoryAdmin):
    list_display = ["task", "old_deadline", "new_deadline", "decided_by", "changed_by", "created_at"]
    readonly_fields = ["changed_by"]


@admin.register(ImportBatch)
class ImportBatchAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "status", "directive", "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["original_name", "sha256", "size", "status", "directive", "created_by", "file", "draft"]


# Written only through their services (extensions.py, closures.py), which move deadlines and statuses: read only here.
@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["task", "agency", "proposed_deadline", "state", "requested_at", "decided_at"]
    list_filter = ["state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TaskClosure)
class TaskClosureAdmin(SimpleHistoryAdmin):
    list_display = ["task", "kind", "decided_by", "decided_on", "merged_into", "reopened_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

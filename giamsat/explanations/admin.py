"""Requests for explanation in the admin: to read and search them with their history. They move through their
pages (services.py) only; the standing office has the view permission alone (accounts/services.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ExplanationRequest


@admin.register(ExplanationRequest)
class ExplanationRequestAdmin(SimpleHistoryAdmin):
    list_display = ["question", "agency", "state", "answer_due_on", "asked_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["question", "answer"]
    raw_id_fields = ["task", "indicator", "agency", "asked_by", "answered_by"]

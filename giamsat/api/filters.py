"""Query parameters of the API lists: the task list's own filters plus incremental sync."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import TaskAssignment
from giamsat.monitoring.filtersets import TaskStatusFilterSet
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import Evidence, ProgressReport, Review

UPDATED_SINCE_HELP = _("Chỉ trả về bản ghi thay đổi từ thời điểm này (ISO 8601, ví dụ 2026-11-20T08:00:00+07:00).")


MAX_ID = 2**63 - 1  # the largest id the databases store


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number in the databases' range (anything else is a clear 400, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def as_utc(value: datetime.datetime) -> datetime.datetime:
    """The instant in UTC; beyond the calendar's ends, the end itself."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        if value.year > 1:
            return datetime.datetime.max.replace(tzinfo=datetime.UTC)
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 instant, taken in UTC: any offset Python reads is fine (PostgreSQL stops at ±15:59)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", UPDATED_SINCE_HELP)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, as_utc(value) if value else value)


class ApiTaskFilterSet(TaskStatusFilterSet):
    lead_agency_id = IdFilter(method="filter_lead_agency_id", label=_("Cơ quan chủ trì trực tiếp (mã số cơ quan)"))
    agency = IdFilter(
        method="filter_agency", label=_("Cơ quan chủ trì hoặc phối hợp, trực tiếp hay qua nhóm (mã số cơ quan)")
    )
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gte")

    class Meta(TaskStatusFilterSet.Meta):
        fields = [*TaskStatusFilterSet.Meta.fields, "agency", "updated_since"]

    def filter_lead_agency_id(self, queryset, name, value):
        leads = TaskAssignment.objects.filter(task_id=OuterRef("pk"), role=AssignmentRole.LEAD, agency_id=value)
        return queryset.filter(Exists(leads))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(task_policy.involves_agency(int(value), roles=task_policy.MINE_ROLES))


class ReportFilterSet(django_filters.FilterSet):
    task = IdFilter(field_name="task_id", label=_("Mã số nhiệm vụ"))
    period = django_filters.CharFilter(method="filter_period", label=_("Kỳ báo cáo (YYYY-MM)"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Trạng thái báo cáo"))
    updated_since = UpdatedSinceFilter(method="filter_updated_since")

    class Meta:
        model = ProgressReport
        fields = ["task", "period", "status", "updated_since"]

    def filter_period(self, queryset, name, value):
        year, _sep, month = value.partition("-")
        if not (year.isdigit() and month.isdigit()):
            return queryset.none()
        return queryset.filter(period__year=int(year), period__month=int(month))

    def filter_updated_since(self, queryset, name, value):
        """The report changed, or its evidence or reviews did."""
        value = as_utc(value)
        evidence = Evidence.objects.filter(report_id=OuterRef("pk"), updated_at__gte=value)
        reviews = Review.objects.filter(report_id=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(Q(updated_at__gte=value) | Exists(evidence) | Exists(reviews))


class ReviewFilterSet(django_filters.FilterSet):
    report = IdFilter(field_name="report_id", label=_("Mã số báo cáo"))
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Review
        fields = ["report", "updated_since"]


class AgencyFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label=_("Loại cơ quan"))
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Agency
        fields = ["kind", "is_active", "updated_since"]

"""The filters on a task's own fields. Monitoring, which owns statuses, adds the status filters
(monitoring/filtersets.py): the task list, its exports, the dashboard and the API use that one."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency
from giamsat.common.cache import AGENCIES, TASKS
from giamsat.common.dates import DATE_WIDGET
from giamsat.common.widgets import QuickSelect
from giamsat.extraction.text import query_words

from .choices import AssignmentRole, Confidentiality, DeadlineKind
from .models import Directive, Task, TaskAssignment


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    directive = django_filters.ModelChoiceFilter(
        queryset=Directive.objects.all(),
        label=_("Văn bản chỉ đạo"),
        empty_label=_("Tất cả văn bản"),
        widget=QuickSelect(cache_key="directives", cache_domains=[TASKS]),
    )
    section = django_filters.CharFilter(field_name="section_title", label=_("Mục"))
    agency_kind = django_filters.ChoiceFilter(
        choices=AgencyKind.choices,
        method="filter_agency_kind",
        label=_("Loại cơ quan chủ trì"),
        empty_label=_("Mọi loại cơ quan"),
        widget=QuickSelect,
    )
    lead_agency_id = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.filter(is_active=True).only("pk", "name").order_by("name"),
        method="filter_lead_agency",
        label=_("Cơ quan chủ trì"),
        empty_label=_("Tất cả cơ quan"),
        widget=QuickSelect(cache_key="active-agencies", cache_domains=[AGENCIES]),
    )
    deadline_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Hạn từ ngày"), widget=DATE_WIDGET
    )
    deadline_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Hạn đến ngày"), widget=DATE_WIDGET
    )
    deadline_kind = django_filters.ChoiceFilter(
        choices=DeadlineKind.choices,
        label=_("Loại thời hạn"),
        empty_label=_("Mọi loại"),
        widget=QuickSelect,
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices,
        label=_("Mức độ công khai"),
        empty_label=_("Mọi mức"),
        widget=QuickSelect,
    )

    class Meta:
        model = Task
        fields = [
            "q",
            "directive",
            "section",
            "agency_kind",
            "lead_agency_id",
            "deadline_after",
            "deadline_before",
            "deadline_kind",
            "confidentiality",
        ]

    def filter_q(self, queryset, name, value):
        """Diacritic-insensitive search: 'chuyen doi so' finds 'chuyển đổi số' on SQLite and PostgreSQL."""
        for word in query_words(value):
            queryset = queryset.filter(search_text__contains=f" {word} ")
        return queryset

    def filter_lead_agency(self, queryset, name, value):
        """Tasks the agency leads, itself or as a member of a lead group: the tasks where it has a part, as the
        dashboard counts them (the list then shows that agency's part's status: `lead_agency_of`)."""
        from . import policy

        return queryset.filter(policy.involves_agency(value.pk, roles=(AssignmentRole.LEAD,)))

    def filter_agency_kind(self, queryset, name, value):
        """Tasks led by an agency of this kind, itself or as a member of a lead group (as the dashboard counts)."""
        leads = TaskAssignment.objects.filter(
            Q(agency__kind=value) | Q(group__members__kind=value), task_id=OuterRef("pk"), role=AssignmentRole.LEAD
        )
        return queryset.filter(Exists(leads))


def lead_agency_of(params) -> int | None:
    """The agency whose part the list shows when it is filtered by one lead agency (its id), else None."""
    value = (params.get("lead_agency_id") or "").strip()
    return int(value) if value.isdigit() else None

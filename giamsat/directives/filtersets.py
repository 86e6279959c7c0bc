"""One FilterSet for the task list, shared by the page and (later) the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency
from giamsat.common.widgets import QuickSelect
from giamsat.extraction.text import query_words
from giamsat.monitoring.choices import TaskStatus

from .choices import AssignmentRole, Confidentiality, DeadlineKind
from .models import Directive, Task, TaskAssignment

# A text field in dd/mm/yyyy rather than the browser's date picker, whose format follows the browser's locale.
DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "pattern": r"\d{1,2}/\d{1,2}/\d{4}"},
    format="%d/%m/%Y",
)


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    directive = django_filters.ModelChoiceFilter(
        queryset=Directive.objects.all(),
        label=_("Văn bản chỉ đạo"),
        empty_label=_("Tất cả văn bản"),
        widget=QuickSelect(cache_key="directives"),
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
        widget=QuickSelect(cache_key="active-agencies"),
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
    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
        help_text=_("Theo ngày xem (mặc định hôm nay)."),
        widget=QuickSelect,
    )
    as_of = django_filters.DateFilter(method="filter_noop", label=_("Trạng thái tính đến ngày"), widget=DATE_WIDGET)
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
            "status",
            "as_of",
            "confidentiality",
        ]

    def filter_q(self, queryset, name, value):
        """Diacritic-insensitive search: 'chuyen doi so' finds 'chuyển đổi số' on SQLite and PostgreSQL."""
        for word in query_words(value):
            queryset = queryset.filter(search_text__contains=f" {word} ")
        return queryset

    def filter_noop(self, queryset, name, value):
        return queryset  # the view annotates statuses for this date before filtering

    def filter_lead_agency(self, queryset, name, value):
        """Tasks the agency itself is named to lead (not through a group): the figures of the dashboard."""
        leads = TaskAssignment.objects.filter(task_id=OuterRef("pk"), role=AssignmentRole.LEAD, agency_id=value.pk)
        return queryset.filter(Exists(leads))

    def filter_agency_kind(self, queryset, name, value):
        """Tasks led directly by an agency of this kind (as the dashboard counts them)."""
        leads = TaskAssignment.objects.filter(task_id=OuterRef("pk"), role=AssignmentRole.LEAD, agency__kind=value)
        return queryset.filter(Exists(leads))

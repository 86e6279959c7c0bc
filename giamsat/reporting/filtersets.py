"""Filters on reports: the standing office's review queue (`views.review_queue`) by words of the task, reporting
agency, directive and period."""

import django_filters
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.models import Agency
from giamsat.common.cache import AGENCIES, TASKS
from giamsat.common.widgets import QuickSelect
from giamsat.directives.models import Directive
from giamsat.directives.search import task_search_q

from .models import ProgressReport, ReportingPeriod


class ReportFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    agency = django_filters.ModelChoiceFilter(
        # The same choices as the task list's lead agency filter: its <select> is written once for both.
        queryset=Agency.objects.filter(is_active=True).only("pk", "name").order_by("name"),
        label=_("Cơ quan báo cáo"),
        empty_label=_("Tất cả cơ quan"),
        widget=QuickSelect(cache_key="active-agencies", cache_domains=[AGENCIES]),
    )
    directive = django_filters.ModelChoiceFilter(
        field_name="task__directive",
        queryset=Directive.objects.all(),
        label=_("Văn bản chỉ đạo"),
        empty_label=_("Tất cả văn bản"),
        widget=QuickSelect(cache_key="directives", cache_domains=[TASKS]),
    )
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.all(),
        label=_("Kỳ báo cáo"),
        empty_label=_("Mọi kỳ"),
        widget=QuickSelect,
    )

    class Meta:
        model = ProgressReport
        fields = ["q", "agency", "directive", "period"]

    def filter_q(self, queryset, name, value):
        """The task's words or its directive's number, diacritics ignored ("21-KH/BCD 2")."""
        return queryset.filter(task_search_q(value, prefix="task__"))

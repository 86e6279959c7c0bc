"""The task list's filters with the status ones: the task's own filters (directives) plus the status on a day."""

import django_filters
from django.utils.translation import gettext_lazy as _

from giamsat.common.dates import DATE_WIDGET, AsOfField
from giamsat.common.widgets import QuickSelect
from giamsat.directives.filtersets import TaskFilterSet

from .choices import TaskStatus


class AsOfFilter(django_filters.DateFilter):
    """The "as of" day of statuses, read by the one parser (common/dates.py) with its Vietnamese message."""

    field_class = AsOfField


class TaskStatusFilterSet(TaskFilterSet):
    """Shared by the task list, its exports, the dashboard and the API (which adds its own filters)."""

    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
        help_text=_("Theo ngày xem (mặc định hôm nay)."),
        widget=QuickSelect,
    )
    as_of = AsOfFilter(method="filter_noop", label=_("Trạng thái tính đến ngày"), widget=DATE_WIDGET)

    class Meta(TaskFilterSet.Meta):
        fields = [*TaskFilterSet.Meta.fields[:-1], "status", "as_of", TaskFilterSet.Meta.fields[-1]]

    def filter_noop(self, queryset, name, value):
        return queryset  # the view annotates statuses for this date before filtering

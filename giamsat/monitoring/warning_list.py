"""The warnings page's query (`views.warnings_page`): the tasks whose warnings are listed, by words and agency. The
kind of warning is chosen after the warnings are computed (the tabs count each kind of the tasks chosen here)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.models import Agency
from giamsat.common.cache import AGENCIES
from giamsat.common.widgets import QuickSelect
from giamsat.directives import policy as task_policy
from giamsat.directives.models import Task
from giamsat.directives.search import task_search_q

PAGE_SIZE = 50


class WarningTaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    agency = django_filters.ModelChoiceFilter(
        # The same choices as the task list's lead agency filter: its <select> is written once for both.
        queryset=Agency.objects.filter(is_active=True).only("pk", "name").order_by("name"),
        method="filter_agency",
        label=_("Cơ quan"),
        empty_label=_("Tất cả cơ quan"),
        widget=QuickSelect(cache_key="active-agencies", cache_domains=[AGENCIES]),
    )

    class Meta:
        model = Task
        fields = ["q", "agency"]

    def __init__(self, data=None, queryset=None, *, pick_agency: bool, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if not pick_agency:  # an agency user sees the agency's own tasks: nothing to pick
            del self.filters["agency"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(task_search_q(value))

    def filter_agency(self, queryset, name, value):
        """Tasks the agency leads or coordinates, itself or through a group."""
        return queryset.filter(task_policy.involves_agency(value.pk, roles=task_policy.MINE_ROLES))

"""The agency's reporting list (`reporting:my_reports`, monitoring/report_views.py): the tasks its agency leads or
coordinates with this period's report, searched, filtered and paged (an agency has a hundred tasks and more), and
the reports waiting for the head's approval. Not in a views module: the query is the page's, the view only wires
it (as task_list.py is the task list's)."""

import datetime
from dataclasses import dataclass

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from giamsat.common.widgets import QuickSelect
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Directive, Task
from giamsat.directives.search import task_search_q
from giamsat.reporting import policy as report_policy
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import ProgressReport, ReportingPeriod
from giamsat.reporting.selectors import reports_sent_in_period

from .choices import TaskStatus
from .history import annotate_status

PAGE_SIZE = 50
SENT, NOT_SENT = "yes", "no"


def annotate_sent_by_agency(queryset: QuerySet[Task], *, agency_id: int, as_of: datetime.date) -> QuerySet[Task]:
    """`sent_this_period`: the agency has sent its own report on the task for the period of `as_of` ("reported this
    period", `reports_sent_in_period`, for this one agency)."""
    sent = reports_sent_in_period(as_of=as_of).filter(task_id=OuterRef("pk"), agency_id=agency_id)
    return queryset.annotate(sent_this_period=Exists(sent))


class MyReportsFilterSet(django_filters.FilterSet):
    """The agency's tasks (annotated with `status` and `sent_this_period`) by words, the agency's role, status,
    directive and whether this period's report is sent. The directives offered are those of the agency's tasks."""

    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    role = django_filters.ChoiceFilter(
        choices=[(AssignmentRole.LEAD.value, _("Chủ trì")), (AssignmentRole.COORDINATING.value, _("Phối hợp"))],
        method="filter_role",
        label=_("Vai trò của đơn vị"),
        empty_label=_("Chủ trì và phối hợp"),
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
        widget=QuickSelect,
    )
    directive = django_filters.ModelChoiceFilter(
        queryset=Directive.objects.none(),
        label=_("Văn bản chỉ đạo"),
        empty_label=_("Tất cả văn bản"),
        widget=QuickSelect,
    )
    reported = django_filters.ChoiceFilter(
        choices=[(SENT, _("Đã gửi báo cáo kỳ này")), (NOT_SENT, _("Chưa gửi báo cáo kỳ này"))],
        method="filter_reported",
        label=_("Báo cáo kỳ này"),
        empty_label=_("Tất cả"),
        widget=QuickSelect,
    )

    class Meta:
        model = Task
        fields = ["q", "role", "status", "directive", "reported"]

    def __init__(self, data=None, queryset=None, *, agency_id: int, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.agency_id = agency_id
        self.filters["directive"].queryset = Directive.objects.filter(
            pk__in=self.queryset.order_by().values("directive_id")
        ).only("pk", "number", "kind")

    def filter_q(self, queryset, name, value):
        return queryset.filter(task_search_q(value))

    def filter_role(self, queryset, name, value):
        return queryset.filter(task_policy.involves_agency(self.agency_id, roles=(value,)))

    def filter_reported(self, queryset, name, value):
        return queryset.filter(sent_this_period=value == SENT)


@dataclass
class MyReportsList:
    filterset: MyReportsFilterSet
    page: Page
    rows: list[dict]  # the page's tasks, each with the agency's report of the period (or None)
    missing: int  # the agency's tasks without its report sent this period (all of them, whatever the filters)
    filters_active: bool


def my_reports_list(*, user, period: ReportingPeriod, as_of: datetime.date, params, page_number) -> MyReportsList:
    """The agency's tasks for the reporting page: filtered by `params`, one page of them with their reports."""
    mine = annotate_sent_by_agency(
        task_selectors.task_list(user=user, mine=True), agency_id=user.agency_id, as_of=as_of
    )
    tasks = annotate_status(mine, as_of=as_of)
    filterset = MyReportsFilterSet(params or None, queryset=tasks, agency_id=user.agency_id)
    reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.filter(period=period, agency_id=user.agency_id),
        to_attr="period_reports",
    )
    page = Paginator(filterset.qs.prefetch_related(reports), PAGE_SIZE).get_page(page_number)
    rows = [{"task": task, "report": task.period_reports[0] if task.period_reports else None} for task in page]
    return MyReportsList(
        filterset=filterset,
        page=page,
        rows=rows,
        missing=mine.order_by().filter(sent_this_period=False).count(),
        filters_active=any(params.get(name) for name in filterset.filters if name != "q"),
    )


def awaiting_approval(*, user, period: ReportingPeriod) -> list[ProgressReport]:
    """The agency's reports its officers sent and the head has not approved yet, of this period and any earlier one
    (a report sent on the last day of a month still waits for the head in the next), for the head (empty for
    others), oldest first, with what the queue shows: task, directive, period, who sent it."""
    if not report_policy.approves_reports(user):
        return []
    mine = task_selectors.task_list(user=user, mine=True).order_by().values("pk")
    submitted = ProgressReport.objects.filter(
        status=ReportStatus.SUBMITTED, task__in=mine, period__due_on__lte=period.due_on
    )
    return list(
        report_policy.restrict(submitted, user, report_policy.APPROVE)
        .select_related("task__directive", "submitted_by", "period")
        .order_by("submitted_at", "pk")
    )

"""API v1. Each view reads through the selectors and policies of the pages and writes through their
services, so the API can do nothing the same user could not do in the browser."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind
from giamsat.accounts.policy import oversees_all_agencies, starts_at_own_tasks
from giamsat.agencies.models import Agency
from giamsat.common.cache import cached_figures
from giamsat.common.dates import InvalidDay, parse_as_of
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors
from giamsat.directives.choices import Confidentiality
from giamsat.directives.models import Task
from giamsat.monitoring.dashboard import dashboard
from giamsat.monitoring.history import annotate_status
from giamsat.monitoring.warnings import task_warnings
from giamsat.portal.selectors import (
    indicator_open_data_row,
    open_data_row,
    open_data_tasks,
    public_indicators,
    visible_indicators,
)
from giamsat.reporting import policy as report_policy
from giamsat.reporting import services as reporting
from giamsat.reporting.models import ProgressReport, ReportingPeriod, Review

from . import serializers as s
from .choices import TokenScope
from .filters import AgencyFilterSet, ApiTaskFilterSet, ReportFilterSet, ReviewFilterSet

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description=gettext_lazy("Tính trạng thái đến ngày này (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay."),
)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = gettext_lazy("Số trang (bắt đầu từ 1).")
    page_size_query_description = gettext_lazy("Số bản ghi mỗi trang (tối đa 500).")

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Tổng số bản ghi phù hợp"),
            "next": _("Địa chỉ trang sau (null nếu là trang cuối)"),
            "previous": _("Địa chỉ trang trước (null nếu là trang đầu)"),
            "results": _("Các bản ghi của trang này, theo mã số tăng dần"),
        }
        for name, text in descriptions.items():
            described["properties"][name]["description"] = str(text)
        return described


def as_of_param(request) -> datetime.date:
    """?as_of= read by the one parser of pages, API and console (common/dates.py), today by default; a value that
    is not a day answers 400 with the parser's message under "as_of"."""
    try:
        return parse_as_of(request.query_params.get("as_of")) or timezone.localdate()
    except InvalidDay as error:
        raise ValidationError({"as_of": error.messages}) from None


class ApiView:
    """Defaults of every API view: filters, stable ordering, pagination."""

    filter_backends = [DjangoFilterBackend]
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]{1,18}"  # ids only: anything else is a clean 404
    write_scopes: frozenset = frozenset()
    public = False


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Danh mục cơ quan, đơn vị"), tags=["danh-muc"]),
    retrieve=extend_schema(summary=gettext_lazy("Một cơ quan, đơn vị"), tags=["danh-muc"]),
)
class AgencyViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """The agency registry is public information."""

    public = True
    serializer_class = s.AgencySerializer
    filterset_class = AgencyFilterSet
    queryset = Agency.objects.order_by("pk")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Văn bản chỉ đạo"), tags=["nhiem-vu"]),
    retrieve=extend_schema(summary=gettext_lazy("Một văn bản chỉ đạo"), tags=["nhiem-vu"]),
)
class DirectiveViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DirectiveSerializer

    def get_queryset(self):
        return task_selectors.directive_list(user=self.request.user).order_by("pk")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Nhiệm vụ được xem"), parameters=[AS_OF], tags=["nhiem-vu"]),
    retrieve=extend_schema(summary=gettext_lazy("Một nhiệm vụ"), parameters=[AS_OF], tags=["nhiem-vu"]),
)
class TaskViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TaskSerializer
    filterset_class = ApiTaskFilterSet

    def get_queryset(self):
        visible = task_policy.restrict(Task.objects.all(), self.request.user, task_policy.VIEW)
        visible = visible.select_related("directive")
        as_of = getattr(self, "as_of", None) or timezone.localdate()
        return annotate_status(visible, as_of=as_of).prefetch_related(task_selectors.ASSIGNMENTS).order_by("pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.as_of = as_of_param(request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": getattr(self, "as_of", timezone.localdate())}

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if response.data.get("confidentiality") == Confidentiality.SECRET:
            audit_record(
                AuditKind.SECRET_VIEWED,
                request=request._request,
                actor=request.user if request.user.pk else None,
                target_type="task",
                target_id=str(response.data.get("id", "")),
                target_label=str(response.data.get("title", "")),
            )
        return response

    def list(self, request, *args, **kwargs):
        """A page of the list once per data version for all who see the same tasks (same address, same
        language): the rows and their statuses cost far more to serialise than to send."""
        parts = ("api-tasks", task_policy.visibility_key(request.user), self.as_of, request.build_absolute_uri())
        data = cached_figures(
            (*parts, get_language()), lambda: super(TaskViewSet, self).list(request, *args, **kwargs).data
        )
        return Response(data)


def report_queryset(user):
    return (
        report_policy.restrict(ProgressReport.objects.all(), user, report_policy.VIEW)
        .select_related("period")
        .prefetch_related("evidence")
        .order_by("pk")
    )


def reporting_period(first_day: datetime.date) -> ReportingPeriod:
    """An existing period, or the current month's (opened on first use, as in the pages)."""
    period = ReportingPeriod.objects.filter(year=first_day.year, month=first_day.month).first()
    if period is not None:
        return period
    if (first_day.year, first_day.month) == (timezone.localdate().year, timezone.localdate().month):
        return reporting.period_for(first_day)
    raise ValidationError({"period": [_("Kỳ báo cáo này chưa được mở.")]})


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Báo cáo tiến độ được xem"), tags=["bao-cao"]),
    retrieve=extend_schema(summary=gettext_lazy("Một báo cáo tiến độ"), tags=["bao-cao"]),
)
class ReportViewSet(
    ApiView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Progress reports: agencies draft, submit and attach evidence; the rules are the pages' own."""

    serializer_class = s.ReportSerializer
    filterset_class = ReportFilterSet
    write_scopes = frozenset({TokenScope.AGENCY_WRITE})
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return report_queryset(self.request.user)

    def _reload(self, report) -> ProgressReport:
        return report_queryset(self.request.user).get(pk=report.pk)

    @extend_schema(
        summary=gettext_lazy("Tạo hoặc cập nhật dự thảo báo cáo của cơ quan cho một nhiệm vụ và một kỳ"),
        request=s.ReportCreateSerializer,
        responses={201: s.ReportSerializer},
        tags=["bao-cao"],
    )
    def create(self, request, *args, **kwargs):
        data = s.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        task = task_policy.access_task_by_id(user=request.user, task_id=fields.pop("task"))
        period = reporting_period(fields.pop("period"))
        report = reporting.report_save_draft(task=task, period=period, data=fields, acting_user=request.user)
        return Response(self.get_serializer(self._reload(report)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Sửa dự thảo báo cáo (khi còn là dự thảo hoặc bị trả lại)"),
        request=s.ReportDraftSerializer,
        responses={200: s.ReportSerializer},
        tags=["bao-cao"],
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = s.ReportDraftSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        report = reporting.report_save_draft(
            task=report.task, period=report.period, data=dict(data.validated_data), acting_user=request.user
        )
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Gửi báo cáo lên lãnh đạo đơn vị"),
        request=None,
        responses={200: s.ReportSerializer},
        tags=["bao-cao"],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = reporting.report_submit(report=self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(
        summary=gettext_lazy("Gửi báo cáo trong một yêu cầu: dự thảo, minh chứng và gửi lãnh đạo đơn vị"),
        description=gettext_lazy(
            "Tạo hoặc cập nhật dự thảo của cơ quan cho nhiệm vụ và kỳ, thêm minh chứng (một tệp, một đường dẫn "
            "hoặc số văn bản) rồi gửi lãnh đạo đơn vị. Tất cả hoặc không có gì: nếu một bước bị từ chối, không "
            "bước nào được ghi."
        ),
        request={"multipart/form-data": s.ReportSendSerializer, "application/json": s.ReportSendSerializer},
        responses={201: s.ReportSerializer},
        tags=["bao-cao"],
    )
    @action(detail=False, methods=["post"])
    def send(self, request):
        data = s.ReportSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        task = task_policy.access_task_by_id(user=request.user, task_id=fields.pop("task"))
        period = reporting_period(fields.pop("period"))
        upload = fields.pop("file", None)
        description = fields.pop("evidence_description", "")
        reference = {name: fields.pop(name) for name in ("url", "document_number", "document_date") if name in fields}
        report = reporting.report_send(
            task=task,
            period=period,
            data=fields,
            acting_user=request.user,
            files=((upload.name, upload.read(), description),) if upload is not None else (),
            # A date alone is refused by the service ("an address or a document number"), not dropped.
            references=({**reference, "description": description},) if any(reference.values()) else (),
        )
        return Response(self.get_serializer(self._reload(report)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Lãnh đạo đơn vị duyệt báo cáo"),
        request=None,
        responses={200: s.ReportSerializer},
        tags=["bao-cao"],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = reporting.report_approve(report=self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(
        summary=gettext_lazy("Lãnh đạo đơn vị trả lại báo cáo cho chuyên viên kèm ý kiến"),
        request=s.HeadReturnSerializer,
        responses={200: s.ReportSerializer},
        tags=["bao-cao"],
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_officer(self, request, pk=None):
        data = s.HeadReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = reporting.report_return_to_officer(
            report=self.get_object(), comment=data.validated_data["comment"], acting_user=request.user
        )
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(
        summary=gettext_lazy("Rút lại báo cáo đã gửi khi lãnh đạo đơn vị chưa xử lý"),
        request=None,
        responses={200: s.ReportSerializer},
        tags=["bao-cao"],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        report = reporting.report_withdraw(report=self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(
        summary=gettext_lazy("Thêm minh chứng (tệp, đường dẫn hoặc văn bản)"),
        request={"application/json": s.EvidenceInputSerializer, "multipart/form-data": s.EvidenceInputSerializer},
        responses={201: s.EvidenceSerializer},
        tags=["bao-cao"],
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        report = self.get_object()
        data = s.EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        upload = fields.get("file")
        if upload is not None:
            evidence = reporting.evidence_add_file(
                report=report,
                name=upload.name,
                data=upload.read(),
                acting_user=request.user,
                description=fields.get("description", ""),
            )
        else:
            evidence = reporting.evidence_add_reference(
                report=report,
                acting_user=request.user,
                url=fields.get("url", ""),
                document_number=fields.get("document_number", ""),
                document_date=fields.get("document_date"),
                description=fields.get("description", ""),
            )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Kết quả thẩm định"), tags=["bao-cao"]),
    retrieve=extend_schema(summary=gettext_lazy("Một kết quả thẩm định"), tags=["bao-cao"]),
)
class ReviewViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilterSet
    write_scopes = frozenset({TokenScope.STANDING_OFFICE})

    def get_queryset(self):
        reports = report_policy.restrict(ProgressReport.objects.all(), self.request.user, report_policy.VIEW)
        return Review.objects.filter(report__in=reports.values("pk")).order_by("pk")

    @extend_schema(
        summary=gettext_lazy("Cơ quan Thường trực chấp nhận hoặc trả lại báo cáo"),
        request=s.ReviewCreateSerializer,
        responses={201: s.ReviewSerializer},
        tags=["bao-cao"],
    )
    def create(self, request, *args, **kwargs):
        data = s.ReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_policy.access_report_by_id(
            user=request.user, report_id=data.validated_data["report"], action=report_policy.REVIEW
        )
        review = reporting.report_review(
            report=report,
            decision=data.validated_data["decision"],
            comment=data.validated_data.get("comment", ""),
            acting_user=request.user,
        )
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Dữ liệu mở: các nhiệm vụ công khai (không cần xác thực)"),
        parameters=[OpenApiParameter("q", str, description=gettext_lazy("Tìm kiếm, gõ có dấu hay không dấu đều được"))],
        tags=["du-lieu-mo"],
    )
)
class PublicTaskViewSet(ApiView, viewsets.GenericViewSet, mixins.ListModelMixin):
    """The public portal's data, read only, for anyone: the same selector as the portal's pages."""

    public = True
    serializer_class = s.PublicTaskSerializer
    filter_backends: list = []

    def get_queryset(self):
        q = self.request.query_params.get("q", "")[:200]
        return open_data_tasks(as_of=timezone.localdate(), q=q).order_by("pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [{"id": task.pk, **open_data_row(task)} for task in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Dữ liệu mở: các chỉ tiêu công khai và giá trị đã được chấp nhận (không cần xác thực)"),
        parameters=[OpenApiParameter("q", str, description=gettext_lazy("Tìm kiếm, gõ có dấu hay không dấu đều được"))],
        tags=["du-lieu-mo"],
    )
)
class PublicIndicatorViewSet(ApiView, viewsets.GenericViewSet, mixins.ListModelMixin):
    """The portal's public indicators, read only, for anyone: the same selector as the portal's page and files."""

    public = True
    serializer_class = s.PublicIndicatorSerializer
    filter_backends: list = []

    def get_queryset(self):
        return visible_indicators().order_by("pk")

    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "")[:200]
        found = sorted(public_indicators(as_of=timezone.localdate(), q=q), key=lambda i: i.id)
        page = self.paginate_queryset(found)
        rows = [{"id": indicator.id, **indicator_open_data_row(indicator)} for indicator in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class FiguresView(APIView):
    """Computed figures, not lists of records: no filters, no pagination."""

    write_scopes: frozenset = frozenset()
    public = False


class WarningsView(FiguresView):
    @extend_schema(
        summary=gettext_lazy("Cảnh báo sớm về các nhiệm vụ được xem"),
        parameters=[AS_OF],
        responses=s.WarningSerializer(many=True),
        tags=["giam-sat"],
    )
    def get(self, request):
        as_of = as_of_param(request)
        user = request.user
        tasks = task_selectors.task_list(user=user, mine=starts_at_own_tasks(user))
        warnings = task_warnings(tasks=tasks, as_of=as_of)
        return Response(s.WarningSerializer(warnings, many=True).data)


class DashboardView(FiguresView):
    @extend_schema(
        summary=gettext_lazy("Số liệu tổng quan (lãnh đạo, Cơ quan Thường trực)"),
        parameters=[AS_OF],
        responses=s.DashboardSerializer,
        tags=["giam-sat"],
    )
    def get(self, request):
        user = request.user
        if not oversees_all_agencies(user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("Số liệu tổng quan dành cho lãnh đạo và Cơ quan Thường trực."))
        as_of = as_of_param(request)
        figures = dashboard(tasks=task_selectors.task_list(user=user), as_of=as_of)
        payload = {
            "as_of": as_of,
            "total": figures["total"],
            "by_status": [
                {"status": st, "label": str(st.label), "count": n, "share": figures["shares"][st]}
                for st, n in figures["by_status"]
            ],
            "agencies": [
                {
                    "agency_id": row.agency_id,
                    "name": row.name,
                    "led": row.led,
                    "done_on_time": row.done_on_time,
                    "done_late": row.done_late,
                    "overdue": row.overdue,
                    "pending": row.pending,
                    "closed": row.closed,
                    "reporting_rate": row.reporting_rate,
                }
                for row in figures["agencies"]
            ],
        }
        return Response(s.DashboardSerializer(payload).data)

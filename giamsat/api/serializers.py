"""What the API reads and writes. Every field carries a Vietnamese description (its label by default)."""

import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from giamsat.agencies.models import Agency
from giamsat.directives.models import Directive, Task, TaskAssignment
from giamsat.indicators.choices import Colour, Direction, Frequency, Layer
from giamsat.monitoring.choices import TaskStatus
from giamsat.reporting.choices import ReviewDecision, WorkState
from giamsat.reporting.evidence_files import MAX_EVIDENCE_BYTES
from giamsat.reporting.models import Evidence, ProgressReport, Review

MAX_ID = 2**63 - 1  # the largest id the databases store


class DescribedMixin:
    """Fields without a help text are described by their (Vietnamese) label in the OpenAPI schema."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if not field.help_text and field.label:
                field.help_text = field.label
        return fields


class Serializer(DescribedMixin, serializers.Serializer):
    pass


class ModelSerializer(DescribedMixin, serializers.ModelSerializer):
    pass


class AgencySerializer(ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "parent", "administrative_code", "is_active", "updated_at"]
        extra_kwargs = {"updated_at": {"label": _("cập nhật lúc")}, "id": {"label": _("mã số")}}


class DirectiveSerializer(ModelSerializer):
    visible_task_count = serializers.IntegerField(read_only=True, label=_("số nhiệm vụ người gọi được xem"))

    class Meta:
        model = Directive
        fields = [
            "id",
            "number",
            "kind",
            "issued_on",
            "issuer_text",
            "title",
            "working_year",
            "visible_task_count",
            "updated_at",
        ]
        extra_kwargs = {"updated_at": {"label": _("cập nhật lúc")}, "id": {"label": _("mã số")}}


class AssignmentSerializer(ModelSerializer):
    name = serializers.SerializerMethodField(label=_("tên cơ quan (theo danh mục, hoặc như in)"))

    class Meta:
        model = TaskAssignment
        fields = ["role", "agency", "group", "name"]

    def get_name(self, assignment) -> str:
        return str(assignment.target)


class TaskSerializer(ModelSerializer):
    directive_number = serializers.CharField(source="directive.number", read_only=True, label=_("số hiệu văn bản"))
    ref = serializers.CharField(source="display_ref", read_only=True, label=_("số thứ tự như in"))
    deadline = serializers.DateField(
        source="status_deadline", read_only=True, allow_null=True, label=_("thời hạn đang có hiệu lực")
    )
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True, label=_("trạng thái tại ngày xem"))
    status_label = serializers.SerializerMethodField(label=_("tên trạng thái"))
    overdue_days = serializers.SerializerMethodField(label=_("số ngày quá hạn tại ngày xem"))
    completed_on = serializers.DateField(read_only=True, allow_null=True, label=_("ngày hoàn thành"))
    parts_done = serializers.IntegerField(
        read_only=True, label=_("số cơ quan chủ trì đã hoàn thành phần việc của mình tại ngày xem")
    )
    parts_total = serializers.IntegerField(
        read_only=True,
        label=_("số phần việc: mỗi cơ quan chủ trì, mỗi thành viên của nhóm chủ trì (1 khi chưa xác định cơ quan)"),
    )
    assignments = AssignmentSerializer(many=True, read_only=True, label=_("cơ quan được giao"))

    class Meta:
        model = Task
        fields = [
            "id",
            "directive",
            "directive_number",
            "ref",
            "section",
            "section_title",
            "title",
            "expected_result",
            "deadline",
            "deadline_text",
            "deadline_kind",
            "recurrence",
            "confidentiality",
            "parent",
            "status",
            "status_label",
            "overdue_days",
            "completed_on",
            "parts_done",
            "parts_total",
            "assignments",
            "updated_at",
        ]
        extra_kwargs = {"updated_at": {"label": _("cập nhật lúc")}, "id": {"label": _("mã số")}}

    def get_status_label(self, task) -> str:
        return str(TaskStatus(task.status).label)

    def get_overdue_days(self, task) -> int:
        as_of = self.context["as_of"]
        return (as_of - task.status_deadline).days if task.status == TaskStatus.OVERDUE else 0


class EvidenceSerializer(ModelSerializer):
    url = serializers.URLField(read_only=True, allow_null=True, label=_("đường dẫn (null nếu không phải đường dẫn)"))

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "url",
            "document_number",
            "document_date",
            "description",
            "is_public",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "created_at": {"label": _("tạo lúc")},
            "updated_at": {"label": _("cập nhật lúc")},
            "id": {"label": _("mã số")},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["url"] = data["url"] or None
        return data


class EvidenceInputSerializer(Serializer):
    file = serializers.FileField(
        required=False, label=_("tệp minh chứng (PDF, Word, Excel, ảnh; tối đa theo cấu hình)")
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000, label=_("đường dẫn"))
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=64, label=_("số văn bản"))
    document_date = serializers.DateField(required=False, allow_null=True, label=_("ngày văn bản"))
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("mô tả"))

    def validate_file(self, upload):
        return evidence_file_not_too_large(upload)

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("url") and not attrs.get("document_number"):
            raise serializers.ValidationError(_("Hãy gửi một tệp, một đường dẫn hoặc số văn bản."))
        return attrs


def evidence_file_not_too_large(upload):
    """Refused by its size before the view reads it into memory."""
    if upload is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise serializers.ValidationError(_("Tệp minh chứng quá lớn (tối đa 20 MB)."))
    return upload


class ReportSerializer(ModelSerializer):
    period = serializers.SerializerMethodField(label=_("kỳ báo cáo (YYYY-MM)"))
    evidence = EvidenceSerializer(many=True, read_only=True, label=_("minh chứng"))

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "task",
            "period",
            "agency",
            "state",
            "progress_percent",
            "work_done",
            "product",
            "delivered_on",
            "difficulties",
            "proposals",
            "status",
            "submitted_at",
            "is_late",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "created_at": {"label": _("tạo lúc")},
            "updated_at": {"label": _("cập nhật lúc")},
            "id": {"label": _("mã số")},
        }

    def get_period(self, report) -> str:
        return f"{report.period.year:04d}-{report.period.month:02d}"


class ReportDraftSerializer(Serializer):
    """The fields an agency writes; the service decides what may change."""

    state = serializers.ChoiceField(choices=WorkState.choices, required=False, label=_("tình trạng thực hiện"))
    progress_percent = serializers.IntegerField(min_value=0, max_value=100, required=False, label=_("tiến độ (%)"))
    work_done = serializers.CharField(required=False, allow_blank=True, max_length=20000, label=_("kết quả thực hiện"))
    product = serializers.CharField(required=False, allow_blank=True, max_length=5000, label=_("sản phẩm"))
    delivered_on = serializers.DateField(required=False, allow_null=True, label=_("ngày hoàn thành sản phẩm"))
    difficulties = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, label=_("khó khăn, vướng mắc")
    )
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=10000, label=_("kiến nghị, đề xuất"))


class ReportCreateSerializer(ReportDraftSerializer):
    task = serializers.IntegerField(min_value=1, max_value=MAX_ID, label=_("mã số nhiệm vụ"))
    period = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        label=_("kỳ báo cáo (YYYY-MM)"),
        error_messages={"invalid": _("Kỳ báo cáo phải có dạng YYYY-MM, ví dụ 2026-11.")},
    )

    def validate_period(self, value: str) -> datetime.date:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:
            raise serializers.ValidationError(_("Năm của kỳ báo cáo không hợp lệ."))
        return datetime.date(year, month, 1)


class ReportSendSerializer(ReportCreateSerializer):
    """A report sent in one request: the draft's fields, at most one piece of evidence, then submitted."""

    file = serializers.FileField(
        required=False, label=_("tệp minh chứng (PDF, Word, Excel, ảnh; tối đa theo cấu hình)")
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000, label=_("đường dẫn minh chứng"))
    document_number = serializers.CharField(
        required=False, allow_blank=True, max_length=64, label=_("số văn bản minh chứng")
    )
    document_date = serializers.DateField(required=False, allow_null=True, label=_("ngày văn bản minh chứng"))
    evidence_description = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, label=_("mô tả minh chứng")
    )

    def validate_file(self, upload):
        return evidence_file_not_too_large(upload)


class ReviewSerializer(ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "report", "decision", "comment", "created_at"]
        read_only_fields = fields
        extra_kwargs = {"created_at": {"label": _("tạo lúc")}, "id": {"label": _("mã số")}}


class HeadReturnSerializer(Serializer):
    comment = serializers.CharField(max_length=10000, label=_("ý kiến của lãnh đạo đơn vị"))


class ReviewCreateSerializer(Serializer):
    report = serializers.IntegerField(min_value=1, max_value=MAX_ID, label=_("mã số báo cáo"))
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, label=_("kết quả thẩm định"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10000, label=_("ý kiến"))


class WarningSerializer(Serializer):
    task = serializers.IntegerField(source="task.pk", label=_("mã số nhiệm vụ"))
    task_ref = serializers.CharField(source="task.display_ref", label=_("số thứ tự nhiệm vụ"))
    directive_number = serializers.CharField(source="task.directive.number", label=_("số hiệu văn bản"))
    title = serializers.CharField(source="task.title", label=_("nội dung nhiệm vụ"))
    kind = serializers.CharField(label=_("loại cảnh báo"))
    message = serializers.CharField(label=_("nội dung cảnh báo"))
    due = serializers.DateField(allow_null=True, label=_("thời hạn liên quan"))


class StatusCountSerializer(Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices, label=_("trạng thái"))
    label = serializers.CharField(label=_("tên trạng thái"))
    count = serializers.IntegerField(label=_("số nhiệm vụ"))
    share = serializers.IntegerField(label=_("tỷ lệ (%)"))


class AgencyFiguresSerializer(Serializer):
    agency_id = serializers.IntegerField(label=_("mã số cơ quan"))
    name = serializers.CharField(label=_("tên cơ quan"))
    led = serializers.IntegerField(label=_("số nhiệm vụ chủ trì"))
    done_on_time = serializers.IntegerField(label=_("hoàn thành đúng hạn"))
    done_late = serializers.IntegerField(label=_("hoàn thành quá hạn"))
    overdue = serializers.IntegerField(label=_("đang quá hạn"))
    pending = serializers.IntegerField(label=_("chờ xác nhận"))
    closed = serializers.IntegerField(label=_("không còn thực hiện (dừng, sáp nhập, không còn cần thiết)"))
    reporting_rate = serializers.IntegerField(label=_("tỷ lệ đã báo cáo kỳ này (%)"))


class DashboardSerializer(Serializer):
    as_of = serializers.DateField(label=_("tính đến ngày"))
    total = serializers.IntegerField(label=_("tổng số nhiệm vụ"))
    by_status = StatusCountSerializer(many=True, label=_("số nhiệm vụ theo trạng thái"))
    agencies = AgencyFiguresSerializer(many=True, label=_("số liệu theo cơ quan chủ trì"))


class PublicTaskSerializer(Serializer):
    """A row of the open data (docs/open-data.md), with the task's id: public fields only."""

    id = serializers.IntegerField(label=_("mã số nhiệm vụ"))
    directive_number = serializers.CharField(label=_("số hiệu văn bản chỉ đạo"))
    directive_title = serializers.CharField(label=_("trích yếu văn bản chỉ đạo"))
    ref = serializers.CharField(label=_("số thứ tự nhiệm vụ như in"))
    title = serializers.CharField(label=_("nội dung nhiệm vụ"))
    lead = serializers.CharField(label=_("cơ quan chủ trì (nhiều cơ quan cách nhau bởi “; ”)"))
    deadline = serializers.CharField(label=_("thời hạn đang có hiệu lực (YYYY-MM-DD, rỗng nếu không có)"))
    deadline_text = serializers.CharField(label=_("thời hạn như ghi trong văn bản"))
    status = serializers.ChoiceField(choices=TaskStatus.choices, label=_("trạng thái hôm nay"))
    status_label = serializers.CharField(label=_("tên trạng thái"))
    completed_on = serializers.CharField(label=_("ngày hoàn thành (YYYY-MM-DD, rỗng nếu chưa)"))
    public_results = serializers.CharField(label=_("kết quả, sản phẩm đã công khai, mỗi dòng một kết quả"))
    public_evidence_count = serializers.IntegerField(label=_("số minh chứng đã công khai"))
    parts_done = serializers.IntegerField(label=_("số cơ quan chủ trì đã hoàn thành phần việc của mình"))
    parts_total = serializers.IntegerField(label=_("số cơ quan chủ trì (phần việc) của nhiệm vụ"))


class PublicIndicatorValueSerializer(Serializer):
    """An accepted value of a public indicator."""

    period = serializers.CharField(label=_("kỳ báo cáo (YYYY-MM)"))
    value = serializers.CharField(label=_("giá trị (số thập phân, dấu chấm)"))
    measured_on = serializers.CharField(label=_("số liệu tính đến ngày (YYYY-MM-DD)"))
    source = serializers.CharField(label=_("nguồn số liệu"))


class PublicIndicatorSerializer(Serializer):
    """A public indicator of the open data (docs/open-data.md), with its id: public indicators and accepted values
    only."""

    id = serializers.IntegerField(label=_("mã số chỉ tiêu"))
    code = serializers.CharField(label=_("mã chỉ tiêu"))
    name = serializers.CharField(label=_("tên chỉ tiêu"))
    unit = serializers.CharField(label=_("đơn vị tính"))
    direction = serializers.ChoiceField(choices=Direction.choices, label=_("chiều tốt"))
    baseline_value = serializers.CharField(label=_("giá trị gốc (rỗng nếu không có)"))
    baseline_on = serializers.CharField(label=_("ngày của giá trị gốc (YYYY-MM-DD, rỗng nếu không có)"))
    target_value = serializers.CharField(label=_("giá trị mục tiêu"))
    target_on = serializers.CharField(label=_("hạn đạt mục tiêu (YYYY-MM-DD)"))
    layer = serializers.ChoiceField(choices=Layer.choices, label=_("tầng chỉ tiêu"))
    agency = serializers.CharField(label=_("cơ quan chịu trách nhiệm"))
    frequency = serializers.ChoiceField(choices=Frequency.choices, label=_("kỳ báo cáo"))
    data_source = serializers.CharField(label=_("nguồn số liệu"))
    directive_number = serializers.CharField(label=_("số hiệu văn bản đặt chỉ tiêu"))
    task_refs = serializers.CharField(label=_("các nhiệm vụ công khai liên quan (cách nhau bởi “; ”)"))
    values = PublicIndicatorValueSerializer(many=True, label=_("các giá trị đã được chấp nhận"))
    colour = serializers.ChoiceField(choices=Colour.choices, label=_("mức đánh giá hôm nay"))
    colour_label = serializers.CharField(label=_("tên mức đánh giá"))

"""Directive documents and the tasks they assign."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.common.models import TimeStampedModel
from giamsat.extraction.text import nfc, search_words

from .choices import (
    AssignmentRole,
    ClosureKind,
    Confidentiality,
    DeadlineKind,
    DirectiveKind,
    ExtensionState,
    Recurrence,
    TaskOrigin,
)


class Directive(TimeStampedModel):
    number = models.CharField(_("số hiệu"), max_length=64, blank=True, help_text=_("Ví dụ: 13-TB/CQTT"))
    kind = models.CharField(_("loại văn bản"), max_length=32, choices=DirectiveKind.choices)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_directives",
    )
    issuer_text = models.CharField(_("cơ quan ban hành (như in)"), max_length=500, blank=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=500, blank=True)
    title = models.TextField(_("trích yếu"))
    working_year = models.PositiveSmallIntegerField(_("năm thực hiện"), null=True, blank=True)
    original_file = models.FileField(_("tệp gốc"), upload_to="directives/%Y/", blank=True)
    text = models.TextField(_("toàn văn"), blank=True)
    source_reference = models.CharField(
        _("khóa nguồn"), max_length=128, blank=True, help_text=_("Khóa ổn định của lần nhập (tên tệp gốc).")
    )
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="directive_number_unique"),
            models.UniqueConstraint(
                fields=["source_reference"], condition=~Q(source_reference=""), name="directive_source_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number or _("%(kind)s (chưa có số)") % {"kind": self.get_kind_display()}

    def save(self, *args, **kwargs):
        self.number = nfc(self.number)
        self.title = nfc(self.title)
        super().save(*args, **kwargs)


class DocumentReference(TimeStampedModel):
    """A document cited by number (văn bản giao nhiệm vụ, a deciding document), registered or not."""

    number = models.CharField(_("số hiệu"), max_length=64, unique=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("văn bản trong hệ thống"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="references",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản tham chiếu")
        verbose_name_plural = _("văn bản tham chiếu")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class Task(TimeStampedModel):
    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản chỉ đạo"), on_delete=models.PROTECT, related_name="tasks"
    )
    ref = models.CharField(_("số thứ tự"), max_length=64, help_text=_("STT như in trong văn bản, ví dụ 15.1"))
    origin = models.CharField(_("nguồn"), max_length=16, choices=TaskOrigin.choices, default=TaskOrigin.TABLE)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    section = models.CharField(_("mục"), max_length=32, blank=True)
    section_title = models.TextField(_("tên mục"), blank=True)
    subsection_title = models.TextField(_("tên tiểu mục"), blank=True)
    title = models.TextField(_("nội dung nhiệm vụ"))
    expected_result = models.TextField(_("yêu cầu kết quả, sản phẩm"), blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_text = models.TextField(_("thời hạn (như in)"), blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    planned_time = models.CharField(_("thời gian theo kế hoạch (như in)"), max_length=255, blank=True)
    recurrence = models.CharField(_("định kỳ"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    source_documents = models.ManyToManyField(
        DocumentReference, verbose_name=_("văn bản giao nhiệm vụ"), blank=True, related_name="tasks"
    )
    confidentiality = models.CharField(
        _("mức độ công khai"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ được nhắc lại từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeated_by",
        help_text=_("Nhiệm vụ của văn bản trước mà văn bản này giao lại."),
    )
    explicit_assignment = models.BooleanField(_("có giao cơ quan cụ thể"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive_id", "position"]
        constraints = [models.UniqueConstraint(fields=["directive", "ref"], name="task_ref_unique_per_directive")]
        indexes = [models.Index(fields=["deadline"]), models.Index(fields=["confidentiality"])]

    def __str__(self) -> str:
        return f"{self.directive} · {self.display_ref}"

    @property
    def display_ref(self) -> str:
        """The STT as printed; prose tasks carry their place in the text ('III.1.a')."""
        return self.ref.removeprefix("body:")

    def save(self, *args, **kwargs):
        for field in ("title", "expected_result", "deadline_text", "planned_time", "section_title"):
            setattr(self, field, nfc(getattr(self, field)))
        self.search_text = search_words(self.ref, self.title, self.expected_result, self.deadline_text)
        super().save(*args, **kwargs)

    def assignments_by_role(self) -> dict[str, list["TaskAssignment"]]:
        grouped: dict[str, list[TaskAssignment]] = {role: [] for role in AssignmentRole.values}
        for assignment in self.assignments.all():
            grouped[assignment.role].append(assignment)
        return grouped


class TaskAssignment(models.Model):
    """An agency (or group) in a role on a task, with the name as the document printed it.

    A printed name the registry does not know yet is kept with neither agency nor group, flagged for
    the standing office to resolve: never dropped.
    """

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=16, choices=AssignmentRole.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_assignments",
    )
    group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("nhóm cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_assignments",
    )
    printed_name = models.CharField(_("tên như in"), max_length=500)
    scope_note = models.CharField(_("phạm vi"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task_id", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(group__isnull=True), name="assignment_not_both_agency_and_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.target}"

    @property
    def target(self) -> Agency | AgencyGroup | str:
        return self.agency or self.group or self.printed_name

    @property
    def needs_review(self) -> bool:
        return self.agency_id is None and self.group_id is None


class DeadlineChange(TimeStampedModel):
    """A recorded change of a task's deadline: never an edit of the date, always a decision."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="deadline_changes"
    )
    old_deadline = models.DateField(_("thời hạn cũ"), null=True, blank=True)
    old_deadline_text = models.TextField(_("thời hạn cũ (như in)"), blank=True)
    new_deadline = models.DateField(_("thời hạn mới"), null=True, blank=True)
    new_deadline_text = models.TextField(_("thời hạn mới (như in)"), blank=True)
    decided_by = models.ForeignKey(
        DocumentReference, verbose_name=_("theo văn bản"), on_delete=models.PROTECT, related_name="deadline_changes"
    )
    decided_by_directive_task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ của văn bản sau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thay đổi thời hạn")
        verbose_name_plural = _("thay đổi thời hạn")
        ordering = ["task_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.task}: {self.old_deadline} → {self.new_deadline}"


class ImportBatch(TimeStampedModel):
    """An uploaded document staged for review: its draft is corrected, then confirmed in one transaction."""

    class Status(models.TextChoices):
        STAGED = "staged", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã nhập")
        CANCELLED = "cancelled", _("Đã hủy")

    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.STAGED)
    draft = models.JSONField(_("bản nháp trích xuất"))
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("văn bản đã nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["draft"])

    class Meta:
        verbose_name = _("lần nhập văn bản")
        verbose_name_plural = _("lần nhập văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    """A lead agency's request for more time on a task (đề nghị gia hạn), decided by the standing office.

    Granted, it moves the deadline the one way deadlines move: a DeadlineChange naming the deciding document
    (`services.task_change_deadline`), kept here as `deadline_change`. Written only by `extensions.py`."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan đề nghị"), on_delete=models.PROTECT, related_name="extension_requests"
    )
    reason = models.TextField(_("lý do đề nghị gia hạn"))
    current_deadline = models.DateField(_("thời hạn khi đề nghị"), null=True, blank=True)
    proposed_deadline = models.DateField(_("thời hạn đề nghị"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    state = models.CharField(
        _("tình trạng"), max_length=16, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến, lý do của Cơ quan Thường trực"), blank=True)
    decision_document = models.ForeignKey(
        DocumentReference,
        verbose_name=_("văn bản quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    deadline_change = models.OneToOneField(
        DeadlineChange,
        verbose_name=_("thay đổi thời hạn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_request",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency"],
                condition=Q(state=ExtensionState.PENDING),
                name="one_pending_extension_per_task_agency",
            ),
            models.CheckConstraint(
                condition=~Q(state=ExtensionState.GRANTED)
                | Q(decision_document__isnull=False, deadline_change__isnull=False),
                name="extension_granted_by_document",
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"], name="extension_state_requested")]

    def __str__(self) -> str:
        return f"{self.task} · {self.agency} → {self.proposed_deadline:%d/%m/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.state == ExtensionState.PENDING


class TaskClosure(models.Model):
    """A later decision that a task is no longer carried out: stopped, merged into another task, or no longer
    needed. From `decided_on` on, the task's status is "closed" (monitoring/status.py) unless it was done before.

    At most one closure is in force per task; undoing it (`closures.task_reopen`) keeps the row, with who undid it,
    when and why, so the task's page and history still show it. Written only by `closures.py`."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="closures")
    kind = models.CharField(_("hình thức"), max_length=16, choices=ClosureKind.choices)
    decided_by = models.ForeignKey(
        DocumentReference, verbose_name=_("theo văn bản"), on_delete=models.PROTECT, related_name="task_closures"
    )
    decided_on = models.DateField(_("ngày quyết định"), help_text=_("Nhiệm vụ không còn thực hiện từ ngày này."))
    merged_into = models.ForeignKey(
        Task,
        verbose_name=_("sáp nhập vào nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_closures",
    )
    reason = models.TextField(_("lý do"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("hoàn tác lúc"), null=True, blank=True)
    reopen_reason = models.TextField(_("lý do hoàn tác"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dừng, sáp nhập nhiệm vụ")
        verbose_name_plural = _("dừng, sáp nhập nhiệm vụ")
        ordering = ["task_id", "-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(reopened_at__isnull=True), name="one_closure_in_force_per_task"
            ),
            models.CheckConstraint(
                condition=Q(kind=ClosureKind.MERGED, merged_into__isnull=False)
                | (~Q(kind=ClosureKind.MERGED) & Q(merged_into__isnull=True)),
                name="closure_merge_has_target",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("task")), name="closure_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_kind_display()} · {self.decided_on:%d/%m/%Y}"

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None

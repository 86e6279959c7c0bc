"""Directive import in the web UI (standing office): upload → extraction in the background (jobs.py, the job's page
shows its progress) → preview and correct → confirm."""

from urllib.parse import parse_qsl

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, TooManyFieldsSent, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from giamsat.agencies.choices import AgencyKind
from giamsat.common.uploads import check_archive
from giamsat.extraction.targets import find_targets
from giamsat.jobs.services import job_start

from . import policy
from .choices import Confidentiality, DeadlineKind, Recurrence
from .forms import AgencyPicker, ImportReview
from .importing import MAX_UPLOAD_BYTES, ROLES, import_batch_confirm, unknown_agency_warning
from .jobs import DIRECTIVE_IMPORT
from .lineage import highlight, lineage_candidates
from .models import ImportBatch, Task


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản chỉ đạo"),
        help_text=gettext_lazy(
            "Word (.docx, .doc, .rtf), Excel (.xlsx), PDF (kể cả bản chụp), HTML hoặc văn bản (.txt); tối đa 20 MB."
        ),
    )

    def clean_file(self):
        """What can be told at once, before the file is stored and queued: its size, and for a .docx/.xlsx that its
        zip is within the limits (a zip bomb is refused by its numbers, never inflated). The bytes are kept in
        `content`."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        self.content = upload.read()
        check_archive(self.content)
        return upload


def targets_in(directive) -> int:
    """How many quantified expected results the directive's tasks carry (extraction/targets.py): the proposals the
    indicators' page will list for it."""
    return sum(
        len(find_targets(expected)) + len(find_targets(title))
        for expected, title in directive.tasks.values_list("expected_result", "title")
    )


def _require_office(user):
    if not policy.can_import(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực được nhập văn bản."))


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_office(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        job = job_start(
            DIRECTIVE_IMPORT,
            owner=request.user,
            title=_("Nhập văn bản chỉ đạo: %(name)s") % {"name": name},
            params={"open_result": True},  # the job's page moves on to the review screen by itself
            input_data=form.content,
            input_name=name,
        )
        return redirect("jobs:detail", job_id=job.pk)
    batches = ImportBatch.objects.select_related("directive", "created_by")[:10]
    return render(request, "directives/import_upload.html", {"form": form, "batches": batches})


def _proposals(review: ImportReview, draft: dict) -> dict[int, dict]:
    """Lineage proposals for the rows as they are on the screen now, with what accepting one would change."""
    rows = [
        {"ref": row.ref, "title": row.current_title(), "lead_ids": row.current_lead_ids(), "index": index}
        for index, row in enumerate(review.rows)
        if not row.current_excluded()
    ]
    found = lineage_candidates(rows, exclude_directive_id=draft.get("existing_directive_id"))
    earlier = Task.objects.select_related("directive").in_bulk([p["task_id"] for p in found.values()])
    today = timezone.localdate()
    proposals = {}
    for row in rows:
        proposal = found.get(row["ref"])
        task = earlier.get(proposal["task_id"]) if proposal else None
        if task is None:
            continue
        form = review.rows[row["index"]]
        new_deadline = form.current_deadline()
        moves = task.deadline != new_deadline or task.deadline_text != (form.task.get("deadline_text") or "")
        proposals[row["index"]] = {
            **proposal,
            "task": task,
            "checked": str(form["link"].value() or "") == str(task.pk),
            "new_title": highlight(row["title"], set(proposal["words"])),
            "old_title": highlight(task.title, set(proposal["words"])),
            "moves_deadline": moves,
            "old_deadline": task.deadline,
            "new_deadline": new_deadline,
            "old_overdue": bool(task.deadline and task.deadline < today),
        }
    return proposals


REVIEW_FIELDS_PER_ROW = 40  # a row sends about ten fields; a reviewer may add agencies to it


def _read_long_form(request, *, rows: int) -> None:
    """Read the review form's body with a field limit fitted to the extraction.

    Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields, and the review
    of a long extraction sends about ten per row: 100+ rows must still be one form and one POST. Only this
    view, open to the standing office alone, reads more; the CSRF check then runs on what was read.
    A multipart body (never sent by this page's form) is left to Django's own parser.
    """
    if request.content_type != "application/x-www-form-urlencoded" or hasattr(request, "_post"):
        return
    limit = 200 + REVIEW_FIELDS_PER_ROW * rows
    try:
        pairs = parse_qsl(
            request.body.decode(request.encoding or "utf-8", errors="replace"),
            keep_blank_values=True,
            max_num_fields=limit,
        )
    except ValueError:
        raise TooManyFieldsSent(_("Biểu mẫu có quá nhiều trường.")) from None
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    data._mutable = False
    request._post, request._files = data, MultiValueDict()


def _extraction_warnings(task: dict) -> list[str]:
    """What the extraction noted on a row, less the unknown names: the row's pickers show those as they are now."""
    shown = {unknown_agency_warning(mention["text"]) for role in ROLES for mention in task[role]}
    return [warning for warning in task.get("warnings") or [] if warning not in shown]


@csrf_exempt  # checked by csrf_protect below, once the long form is read
@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, batch_id: int):
    _require_office(request.user)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if request.method == "POST":
        _read_long_form(request, rows=len(batch.draft["tasks"]))
    return _import_review(request, batch)


@csrf_protect
def _import_review(request, batch: ImportBatch):
    draft = batch.draft
    staged = batch.status == ImportBatch.Status.STAGED
    picker = AgencyPicker()
    posted = request.method == "POST" and staged
    if posted and "cancel" in request.POST:
        batch.status = ImportBatch.Status.CANCELLED
        batch.save(update_fields=["status", "updated_at"])
        messages.info(request, _("Đã hủy lần nhập."))
        return redirect("directives:import_upload")
    review = ImportReview(draft=draft, picker=picker, data=request.POST if posted else None)
    errors: list[tuple[str, str, str]] = []
    checked = False
    if posted:
        if review.is_valid():
            if "confirm" in request.POST:
                try:
                    result = import_batch_confirm(
                        batch=batch,
                        acting_user=request.user,
                        confidentiality=review.confidentiality(),
                        tasks=review.tasks(),
                        links=review.links(),
                        document_overrides=review.document.overrides(),
                    )
                except ValidationError as error:
                    errors = [("", _("Chưa nhập"), message) for message in error.messages]
                else:
                    messages.success(
                        request,
                        _("Đã nhập %(directive)s: %(created)d nhiệm vụ mới, %(updated)d cập nhật.")
                        % {"directive": result.directive, "created": result.created, "updated": result.updated},
                    )
                    targets = targets_in(result.directive)
                    if targets:
                        messages.info(
                            request,
                            ngettext(
                                "Văn bản có %(n)d kết quả định lượng được đề xuất thành chỉ tiêu: bấm “Chỉ tiêu đề "
                                "xuất từ văn bản này” để nhận hoặc không nhận.",
                                "Văn bản có %(n)d kết quả định lượng được đề xuất thành chỉ tiêu: bấm “Chỉ tiêu đề "
                                "xuất từ văn bản này” để nhận hoặc không nhận.",
                                targets,
                            )
                            % {"n": targets},
                        )
                    return redirect("directives:directive_detail", directive_id=result.directive.pk)
            else:
                checked = True
        else:
            errors = review.errors()
    elif request.method == "POST":
        errors = [("", _("Chưa nhập"), _("Lần nhập này đã được xử lý."))]

    issued_on = review.document.current_issued_on()
    proposals = _proposals(review, draft)
    rows = []
    for index, form in enumerate(review.rows):
        deadline = form.current_deadline()
        roles = form.roles()
        rows.append(
            {
                "index": index,
                "form": form,
                "task": form.task,
                "ref": form.ref.removeprefix("body:"),
                "excluded": form.current_excluded(),
                "roles": roles,
                "unknown": sum(
                    m["unknown"] and not (m["field"].value() or m["drop"].value() or m["create"].value())
                    for block in roles
                    for m in block["mentions"]
                ),
                "proposal": proposals.get(index),
                "early": bool(deadline and issued_on and deadline < issued_on),
                "no_lead": not form.current_has_lead(),
                "warnings": _extraction_warnings(form.task),
            }
        )
    context = {
        "batch": batch,
        "staged": staged,
        "document": draft["document"],
        "document_form": review.document,
        "rows": rows,
        "new_rows": review.new_rows,
        "errors": errors,
        "checked": checked,
        "warnings": draft.get("warnings", []),
        "agency_options": picker.options(),
        "agency_kinds": AgencyKind.choices,
        "deadline_kinds": DeadlineKind.choices,
        "recurrences": Recurrence.choices,
        "confidentiality_choices": Confidentiality.choices,
        "issued_on": issued_on,
        "counts": {
            "rows": len(rows),
            "excluded": sum(r["excluded"] for r in rows),
            "early": sum(r["early"] and not r["excluded"] for r in rows),
            "proposals": len(proposals),
            "no_lead": sum(r["no_lead"] and not r["excluded"] for r in rows),
            "unknown": sum(r["unknown"] for r in rows if not r["excluded"]),
        },
        "role_labels": {"directing": _("Chỉ đạo"), "lead": _("Chủ trì"), "coordinating": _("Phối hợp")},
        "add_labels": {"lead": _("Thêm cơ quan chủ trì"), "coordinating": _("Thêm cơ quan phối hợp")},
        "existing_directive_id": draft.get("existing_directive_id"),
    }
    return render(request, "directives/import_preview.html", context)

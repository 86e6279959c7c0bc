"""Directive import in the web UI (standing office): upload → preview and correct → confirm."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.extraction import ExtractionError

from .choices import Confidentiality, DeadlineKind
from .importing import MAX_UPLOAD_BYTES, ROLES, import_batch_confirm, import_batch_stage
from .models import ImportBatch


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản chỉ đạo"),
        help_text=gettext_lazy(
            "Word (.docx), Excel (.xlsx), PDF có lớp văn bản, HTML hoặc văn bản (.txt); tối đa 20 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return upload


def _require_office(user):
    if not (user.is_authenticated and user.sees_everything):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực được nhập văn bản."))


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_office(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_batch_stage(data=upload.read(), name=upload.name, acting_user=request.user)
        except ExtractionError as error:
            form.add_error("file", str(error))
        else:
            return redirect("directives:import_preview", batch_id=batch.pk)
    batches = ImportBatch.objects.select_related("directive", "created_by")[:10]
    return render(request, "directives/import_upload.html", {"form": form, "batches": batches})


def _choices():
    agencies = list(Agency.objects.filter(is_active=True).order_by("name").values_list("pk", "name"))
    groups = list(AgencyGroup.objects.filter(is_active=True).order_by("name").values_list("pk", "name"))
    return [(f"a:{pk}", name) for pk, name in agencies], [(f"g:{pk}", name) for pk, name in groups]


def _parse_date(value: str) -> datetime.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, batch_id: int):
    _require_office(request.user)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    draft = batch.draft
    errors: list[str] = []
    if request.method == "POST" and batch.status == ImportBatch.Status.STAGED:
        if "cancel" in request.POST:
            batch.status = ImportBatch.Status.CANCELLED
            batch.save(update_fields=["status", "updated_at"])
            messages.info(request, _("Đã hủy lần nhập."))
            return redirect("directives:import_upload")
        agency_choices, deadline_overrides = {}, {}
        for index, task in enumerate(draft["tasks"]):
            for role in ROLES:
                for position, _mention in enumerate(task[role]):
                    value = request.POST.get(f"agency-{index}-{role}-{position}", "")
                    if value[:2] in ("a:", "g:") and value[2:].isdigit():
                        agency_choices[(index, role, position)] = value
            raw_deadline = request.POST.get(f"deadline-{index}", "").strip()
            original = datetime.date.fromisoformat(task["deadline"]) if task["deadline"] else None
            if raw_deadline:
                parsed = _parse_date(raw_deadline)
                if parsed is None:
                    errors.append(
                        _("Nhiệm vụ %(ref)s: thời hạn “%(value)s” không đúng dạng dd/mm/yyyy.")
                        % {"ref": task["ref"], "value": raw_deadline}
                    )
                elif parsed != original:
                    deadline_overrides[index] = (parsed, DeadlineKind.DATE)
        confidentiality = request.POST.get("confidentiality", Confidentiality.INTERNAL)
        if confidentiality not in Confidentiality.values:
            confidentiality = Confidentiality.INTERNAL
        issued_on = _parse_date(request.POST.get("issued_on", ""))
        document_overrides = {
            "number": request.POST.get("number", "").strip(),
            "title": request.POST.get("title", "").strip(),
            "issued_on": issued_on.isoformat() if issued_on else None,
        }
        if not errors:
            try:
                result = import_batch_confirm(
                    batch=batch,
                    acting_user=request.user,
                    confidentiality=confidentiality,
                    agency_choices=agency_choices,
                    deadline_overrides=deadline_overrides,
                    linked_refs=set(request.POST.getlist("link")),
                    document_overrides=document_overrides,
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    _("Đã nhập %(directive)s: %(created)d nhiệm vụ mới, %(updated)d cập nhật.")
                    % {"directive": result.directive, "created": result.created, "updated": result.updated},
                )
                return redirect("directives:directive_detail", directive_id=result.directive.pk)
    agency_options, group_options = _choices()
    rows = []
    for index, task in enumerate(draft["tasks"]):
        rows.append(
            {
                "index": index,
                "task": task,
                "proposal": draft.get("lineage", {}).get(task["ref"]),
                "roles": [(role, [(position, m) for position, m in enumerate(task[role])]) for role in ROLES],
                "deadline": datetime.date.fromisoformat(task["deadline"]) if task["deadline"] else None,
            }
        )
    context = {
        "batch": batch,
        "document": draft["document"],
        "rows": rows,
        "errors": errors,
        "warnings": draft.get("warnings", []),
        "agency_options": agency_options,
        "group_options": group_options,
        "confidentiality_choices": Confidentiality.choices,
        "needs_review": sum(bool(r["task"]["warnings"]) for r in rows),
        "role_labels": {"directing": _("Chỉ đạo"), "lead": _("Chủ trì"), "coordinating": _("Phối hợp")},
        "existing_directive_id": draft.get("existing_directive_id"),
        "kind_labels": dict(DeadlineKind.choices),
    }
    return render(request, "directives/import_preview.html", context)

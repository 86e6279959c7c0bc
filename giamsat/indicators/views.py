"""Pages of the indicator catalogue and of the values reported through the review chain: the list (search, filters,
colour drill-down, pages), one indicator (chart against its trajectory, values with their steps and evidence, the
history, the actions the user may take), the standing office's forms, the officer's value form and Excel import."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamsat.common.history import field_label, value_display
from giamsat.common.htmx import htmx_partial
from giamsat.common.uploads import check_upload_size
from giamsat.directives import policy as task_policy
from giamsat.extraction.text import fold
from giamsat.reporting.choices import REPORT_COLORS, ReportStatus, ReviewDecision
from giamsat.reporting.evidence_files import evidence_response
from giamsat.reporting.models import ReportingPeriod
from giamsat.reporting.services import period_for

from . import policy, selectors, services, values_import
from .choices import COLOUR_BADGES, Colour
from .colour import trajectory
from .forms import DecisionForm, ImportForm, IndicatorFilterForm, IndicatorForm, MilestoneForm, ValueForm, show_number
from .models import Indicator, IndicatorValue, Milestone, ValueEvidence, ValueStep

PAGE_SIZE = 50
HISTORY_LIMIT = 100


def access_indicator_by_id(*, user, indicator_id: int) -> Indicator:
    """The indicator, if the user may read it: 404 for missing and forbidden alike."""
    try:
        return policy.restrict(Indicator.objects.all(), user).select_related("agency", "directive").get(pk=indicator_id)
    except Indicator.DoesNotExist:
        raise Http404(_("Không tìm thấy chỉ tiêu.")) from None


def _latest_accepted(indicator_ids) -> dict[int, IndicatorValue]:
    latest = {}
    rows = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, status__in=selectors.COUNTED)
    for value in rows.order_by("indicator_id", "measured_on", "pk"):
        latest[value.indicator_id] = value
    return latest


def _search(qs, q: str):
    """Name or code, ignoring diacritics ("phu song 5g" finds "Phủ sóng 5G")."""
    words = fold(q).split()
    if not words:
        return qs
    matching = [
        pk
        for pk, code, name in qs.values_list("pk", "code", "name")
        if all(word in fold(f"{code} {name}") for word in words)
    ]
    return qs.filter(pk__in=matching)


@login_required
def indicator_list(request):
    user = request.user
    as_of = timezone.localdate()
    visible = policy.restrict(Indicator.objects.all(), user)
    form = IndicatorFilterForm(request.GET or None, indicators=visible)
    indicators = visible.select_related("agency", "directive")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        as_of = data["as_of"] or as_of
        indicators = _search(indicators, data["q"])
        if data["tang"]:
            indicators = indicators.filter(layer=data["tang"])
        if data["co_quan"]:
            indicators = indicators.filter(agency=data["co_quan"])
        if data["van_ban"]:
            indicators = indicators.filter(directive=data["van_ban"])
        if data["cong_khai"]:
            indicators = indicators.filter(is_public=data["cong_khai"] == "1")
        if data["mau"]:
            indicators = selectors.of_colour(indicators, data["mau"], as_of)
    elif form.is_bound:
        indicators = indicators.none()
    page = Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    judged = selectors.colours(shown, as_of)
    latest = _latest_accepted([i.pk for i in shown])
    rows = [
        {
            "indicator": i,
            "colour": judged[i.pk].colour,
            "colour_label": Colour(judged[i.pk].colour).label,
            "badge": COLOUR_BADGES[judged[i.pk].colour],
            "latest": latest.get(i.pk),
            "latest_value": show_number(latest[i.pk].value) if i.pk in latest else "",
            "target_value": show_number(i.target_value),
        }
        for i in shown
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "as_of": as_of,
        "may_edit": policy.keeps_catalogue(user),
        "may_import": values_import.imports_values(user),
    }
    template = "indicators/_indicator_table.html" if htmx_partial(request) else "indicators/indicator_list.html"
    return render(request, template, context)


def _chart_data(indicator: Indicator, milestones: list[Milestone], accepted: list[IndicatorValue]) -> dict:
    """The trajectory (baseline → milestones → target) and the accepted values, as day numbers for a linear axis."""
    facts = selectors.facts_of(indicator, milestones)

    def point(day: datetime.date, value) -> dict:
        return {"x": day.toordinal(), "y": float(value), "day": day.strftime("%d/%m/%Y"), "text": show_number(value)}

    return {
        "trajectory": [point(p.on, p.value) for p in trajectory(facts)],
        "values": [point(v.measured_on, v.value) for v in sorted(accepted, key=lambda v: v.measured_on)],
        "labels": {
            "trajectory": _("Lộ trình đến mục tiêu"),
            "values": _("Giá trị đã được chấp nhận"),
            "unit": indicator.unit,
        },
        "epoch": datetime.date(1970, 1, 1).toordinal(),
    }


def _changes(record) -> list[tuple[str, str, str]]:
    model = record.instance_type
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [
        (
            field_label(model, change.field),
            value_display(model, change.field, change.old),
            value_display(model, change.field, change.new),
        )
        for change in delta.changes
        if change.field not in ("updated_at", "created_at", "file", "sha256")
    ]


def _history(indicator: Indicator, values: list[IndicatorValue]) -> list[dict]:
    """The indicator's, its milestones' and the visible values' history, newest first."""
    kinds = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
    records = [
        *[(_("Chỉ tiêu"), r) for r in indicator.history.select_related("history_user")[:HISTORY_LIMIT]],
        *[
            (_("Mốc lộ trình"), r)
            for r in Milestone.history.filter(indicator_id=indicator.pk).select_related("history_user")[:HISTORY_LIMIT]
        ],
        *[
            (_("Giá trị kỳ %(period)s") % {"period": r.period}, r)
            for r in IndicatorValue.history.filter(id__in=[v.pk for v in values]).select_related(
                "history_user", "period"
            )[:HISTORY_LIMIT]
        ],
    ]
    records.sort(key=lambda pair: pair[1].history_date, reverse=True)
    return [
        {
            "what": what,
            "kind": kinds.get(record.history_type, ""),
            "at": record.history_date,
            "user": record.history_user,
            "changes": _changes(record),
        }
        for what, record in records[:HISTORY_LIMIT]
    ]


@login_required
def indicator_detail(request, pk: int):
    user = request.user
    indicator = access_indicator_by_id(user=user, indicator_id=pk)
    as_of = timezone.localdate()
    milestones = list(indicator.milestones.all())
    judged = selectors.colours([indicator], as_of)[indicator.pk]
    accepted = list(indicator.values.filter(status__in=selectors.COUNTED).select_related("period"))
    values = list(
        policy.restrict_values(indicator.values.all(), user, policy.VIEW)
        .select_related("period", "agency")
        .prefetch_related(
            Prefetch("steps", queryset=ValueStep.objects.select_related("actor")),
            Prefetch("evidence", queryset=ValueEvidence.objects.all()),
        )
    )
    period = period_for(as_of)
    current = next((v for v in values if v.period_id == period.pk), None)
    reporter = policy.reports_values_of(user, indicator)
    head = policy.approves_values_of(user, indicator)
    office = policy.reviews_values(user)
    for value in values:
        for step in value.steps.all():
            step.label = services.step_label(step.action)
        value.shown_value = show_number(value.value)
        value.badge = REPORT_COLORS.get(value.status, "secondary")
        value.own = value.agency_id == getattr(user, "agency_id", None)
        value.may_submit = reporter and value.own and value.status in services.EDITABLE
        value.may_withdraw = reporter and value.own and value.status == ReportStatus.SUBMITTED
        value.may_approve = head and value.own and value.status == ReportStatus.SUBMITTED
        value.may_review = office and value.status == ReportStatus.APPROVED
    context = {
        "indicator": indicator,
        "milestones": [(m, show_number(m.value)) for m in milestones],
        "tasks": task_policy.restrict(indicator.tasks.all(), user).select_related("directive"),
        "colour": judged,
        "colour_label": Colour(judged.colour).label,
        "badge": COLOUR_BADGES[judged.colour],
        "latest_value": show_number(judged.latest.value) if judged.latest else "",
        "expected": show_number(judged.expected, places=2) if judged.expected is not None else "",
        "baseline_value": show_number(indicator.baseline_value),
        "target_value": show_number(indicator.target_value),
        "chart": _chart_data(indicator, milestones, accepted),
        "accepted": accepted,
        "values": values,
        "history": _history(indicator, values),
        "period": period,
        "current": current,
        "may_report": reporter and period.is_open and (current is None or current.status in services.EDITABLE),
        "may_edit": policy.keeps_catalogue(user),
        "milestone_form": MilestoneForm() if policy.keeps_catalogue(user) else None,
        "decision_form": DecisionForm(),
        "as_of": as_of,
    }
    return render(request, "indicators/indicator_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int | None = None):
    """Create (no pk) or edit an indicator: the standing office only."""
    user = request.user
    if not policy.keeps_catalogue(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực quản lý danh mục chỉ tiêu."))
    indicator = access_indicator_by_id(user=user, indicator_id=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                indicator=indicator, data=form.service_data(), tasks=form.cleaned_data["tasks"], acting_user=user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("indicators:detail", pk=saved.pk)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def milestone_add(request, pk: int):
    indicator = access_indicator_by_id(user=request.user, indicator_id=pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("indicators:detail", args=[pk]) + "#moc-lo-trinh")
    try:
        services.milestone_add(indicator=indicator, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thêm mốc lộ trình."))
    return redirect(reverse("indicators:detail", args=[pk]) + "#moc-lo-trinh")


@login_required
@require_POST
def milestone_remove(request, pk: int, milestone_id: int):
    indicator = access_indicator_by_id(user=request.user, indicator_id=pk)
    milestone = indicator.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404(_("Không tìm thấy mốc lộ trình."))
    services.milestone_remove(milestone=milestone, acting_user=request.user)
    messages.success(request, _("Đã xóa mốc lộ trình."))
    return redirect(reverse("indicators:detail", args=[pk]) + "#moc-lo-trinh")


def _period_of(request) -> ReportingPeriod:
    """The period named by `?ky=yyyy-m`, else the current month's."""
    raw = request.GET.get("ky") or request.POST.get("ky") or ""
    year, _dash, month = raw.partition("-")
    if year.isdigit() and month.isdigit():
        period = ReportingPeriod.objects.filter(year=int(year), month=int(month)).first()
        if period is not None:
            return period
    return period_for(timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request, pk: int):
    """The officer's value of the indicator for a period, with evidence; saved as a draft or sent to the head."""
    user = request.user
    indicator = access_indicator_by_id(user=user, indicator_id=pk)
    if not policy.reports_values_of(user, indicator):
        raise PermissionDenied(_("Chỉ chuyên viên của cơ quan chịu trách nhiệm báo cáo giá trị chỉ tiêu này."))
    period = _period_of(request)
    value = IndicatorValue.objects.filter(indicator=indicator, period=period).first()
    if value is not None and value.agency_id != user.agency_id:
        raise PermissionDenied(_("Giá trị kỳ này do cơ quan khác báo cáo."))
    form = ValueForm(request.POST or None, request.FILES or None, instance=value)
    if value is None and not form.is_bound:
        form.initial.setdefault("measured_on", timezone.localdate())
        form.initial.setdefault("source", indicator.data_source)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.VALUE_FIELDS}
        upload = form.cleaned_data["file"]
        files = ((upload.name, upload.read(), form.cleaned_data["file_description"]),) if upload else ()
        links = ((form.cleaned_data["url"], ""),) if form.cleaned_data["url"] else ()
        submit = request.POST.get("action") == "submit"
        try:
            services.value_update(
                indicator=indicator,
                period=period,
                data=data,
                files=files,
                links=links,
                submit=submit,
                acting_user=user,
            )
        except ValidationError as error:
            message = " ".join(error.messages)
            if upload:
                message += _(" Nội dung đã nhập vẫn còn trên trang; hãy chọn lại tệp.")
            form.add_error(None, message)
        else:
            messages.success(
                request, _("Đã gửi giá trị để lãnh đạo đơn vị duyệt.") if submit else _("Đã lưu dự thảo giá trị.")
            )
            return redirect("indicators:detail", pk=indicator.pk)
    context = {
        "indicator": indicator,
        "period": period,
        "form": form,
        "value": value,
        "evidence": list(value.evidence.all()) if value else [],
        "steps": _labelled(value.steps.select_related("actor")) if value else [],
        "editable": period.is_open and (value is None or value.status in services.EDITABLE),
    }
    return render(request, "indicators/value_form.html", context)


def _labelled(steps) -> list[ValueStep]:
    steps = list(steps)
    for step in steps:
        step.label = services.step_label(step.action)
    return steps


@login_required
@require_POST
def value_action(request, value_id: int):
    """One step of the chain on one value (the buttons of the indicator page); back to the indicator."""
    user = request.user
    value = (
        policy.restrict_values(IndicatorValue.objects.all(), user, policy.VIEW)
        .select_related("indicator", "period", "agency")
        .filter(pk=value_id)
        .first()
    )
    if value is None:
        raise Http404(_("Không tìm thấy giá trị chỉ tiêu."))
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    done = {
        "submit": _("Đã gửi giá trị để lãnh đạo đơn vị duyệt."),
        "withdraw": _("Đã rút lại giá trị để sửa."),
        "approve": _("Đã duyệt, gửi Cơ quan Thường trực."),
        "head_return": _("Đã trả lại chuyên viên kèm ý kiến."),
        "accept": _("Đã chấp nhận giá trị chỉ tiêu."),
        "return": _("Đã trả lại giá trị kèm ý kiến."),
        "remove_evidence": _("Đã bỏ minh chứng."),
    }
    try:
        if action == "submit":
            services.value_submit(value=value, acting_user=user)
        elif action == "withdraw":
            services.value_withdraw(value=value, acting_user=user)
        elif action == "approve":
            services.value_approve(value=value, acting_user=user)
        elif action == "head_return":
            services.value_return_to_officer(value=value, comment=comment, acting_user=user)
        elif action in ("accept", "return"):
            decision = ReviewDecision.ACCEPTED if action == "accept" else ReviewDecision.RETURNED
            services.value_review(value=value, decision=decision, comment=comment, acting_user=user)
        elif action == "remove_evidence":
            evidence = value.evidence.filter(pk=request.POST.get("evidence_id") or 0).first()
            if evidence is None:
                raise Http404(_("Không tìm thấy minh chứng."))
            services.value_evidence_remove(evidence=evidence, acting_user=user)
        else:
            raise ValidationError(_("Thao tác không hợp lệ."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done[action])
    if action == "remove_evidence":
        period = value.period
        return redirect(
            reverse("indicators:value_edit", args=[value.indicator_id]) + f"?ky={period.year}-{period.month}"
        )
    return redirect(reverse("indicators:detail", args=[value.indicator_id]) + f"#gia-tri-{value.pk}")


@login_required
def evidence_download(request, evidence_id: int):
    """Evidence of a value, to whoever may read the value (its agency, the standing office, leaders)."""
    visible = policy.restrict_values(IndicatorValue.objects.all(), request.user, policy.VIEW)
    evidence = ValueEvidence.objects.filter(pk=evidence_id, value__in=visible, file__gt="").first()
    if evidence is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    return evidence_response(evidence)


@login_required
@require_http_methods(["GET", "POST"])
def values_import_page(request):
    """The officer's Excel import of many values at once: all rows or none, errors per row."""
    user = request.user
    if not values_import.imports_values(user):
        raise PermissionDenied(_("Chỉ chuyên viên đơn vị nhập giá trị chỉ tiêu từ Excel."))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload, values_import.MAX_BYTES)
            saved = values_import.values_import(data=upload.read(), acting_user=user)
        except values_import.ImportErrors as problem:
            errors = problem.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Đã lưu %(count)s giá trị chỉ tiêu thành dự thảo; hãy kiểm tra rồi gửi lãnh đạo đơn vị duyệt.")
                % {"count": len(saved)},
            )
            return redirect("indicators:list")
    context = {"form": form, "errors": errors, "columns": values_import.COLUMNS}
    return render(request, "indicators/values_import.html", context)


@login_required
def values_import_template(request):
    user = request.user
    if not values_import.imports_values(user):
        raise PermissionDenied(_("Chỉ chuyên viên đơn vị nhập giá trị chỉ tiêu từ Excel."))
    response = HttpResponse(
        values_import.template_workbook(user=user, period=period_for(timezone.localdate())),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="gia-tri-chi-tieu.xlsx"'
    return response


urlpatterns = [
    path("", indicator_list, name="list"),
    path("moi/", indicator_edit, name="create"),
    path("<int:pk>/", indicator_detail, name="detail"),
    path("<int:pk>/sua/", indicator_edit, name="edit"),
    path("<int:pk>/moc/", milestone_add, name="milestone_add"),
    path("<int:pk>/moc/<int:milestone_id>/xoa/", milestone_remove, name="milestone_remove"),
    path("<int:pk>/gia-tri/", value_edit, name="value_edit"),
    path("gia-tri/<int:value_id>/", value_action, name="value_action"),
    path("minh-chung/<int:evidence_id>/", evidence_download, name="evidence_download"),
    path("nhap-excel/", values_import_page, name="values_import"),
    path("nhap-excel/mau/", values_import_template, name="values_import_template"),
]

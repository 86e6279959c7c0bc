"""The provincial indices page: DTI, PII, PAR Index and SIPAS per year (score, rank of N, source), each index's
history charted, and for the standing office a form to enter or correct a year and an Excel import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import policy
from .choices import IndexKind
from .indices import COLUMNS, index_history, index_score_save, index_scores_import, read_workbook
from .models import IndexScore

PAGE_SIZE = 40
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ScoreForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Chỉ số"), choices=IndexKind.choices)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    score = forms.DecimalField(label=gettext_lazy("Điểm"), max_digits=8, decimal_places=4, localize=True)
    rank = forms.IntegerField(label=gettext_lazy("Xếp hạng"), min_value=1, required=False)
    out_of = forms.IntegerField(label=gettext_lazy("Trên tổng số tỉnh, thành"), min_value=1, required=False)
    source = forms.CharField(label=gettext_lazy("Nguồn công bố"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Tệp lớn hơn 5 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        return upload


class FilterForm(forms.Form):
    chi_so = forms.ChoiceField(label=gettext_lazy("Chỉ số"), required=False)
    q = forms.CharField(label=gettext_lazy("Tìm theo năm hoặc nguồn"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chi_so"].choices = [("", _("Mọi chỉ số")), *IndexKind.choices]


def _chart_data(history: list[dict]) -> list[dict]:
    return [
        {
            "kind": item["kind"],
            "label": str(item["label"]),
            "years": [s.year for s in item["scores"]],
            "scores": [float(s.score) for s in item["scores"]],
            "ranks": [s.rank for s in item["scores"]],
            "score_label": _("Điểm"),
            "rank_label": _("Xếp hạng"),
        }
        for item in history
        if item["scores"]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def index_list(request):
    may_edit = policy.keeps_catalogue(request.user)
    editing = None
    if may_edit and request.GET.get("sua"):
        editing = get_object_or_404(IndexScore, pk=request.GET.get("sua"))
    initial = (
        {f: getattr(editing, f) for f in ("kind", "year", "score", "rank", "out_of", "source")} if editing else None
    )
    form, import_form, import_errors = ScoreForm(initial=initial), ImportForm(), []
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Chỉ Cơ quan Thường trực nhập điểm chỉ số cấp tỉnh."))
        if request.POST.get("action") == "import":
            import_form = ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    rows = read_workbook(import_form.cleaned_data["file"])
                    result = index_scores_import(rows=rows, acting_user=request.user)
                except ValidationError as error:
                    import_errors = error.messages
                else:
                    messages.success(
                        request,
                        _("Đã nhập điểm chỉ số: %(created)d mới, %(updated)d cập nhật.")
                        % {"created": result.created, "updated": result.updated},
                    )
                    return redirect("indicators:indices")
            status = 400
        else:
            form = ScoreForm(request.POST)
            if form.is_valid():
                try:
                    saved = index_score_save(data=form.cleaned_data, acting_user=request.user, score=editing)
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("Đã lưu %(score)s.") % {"score": saved})
                    return redirect("indicators:indices")
            status = 400
    history = index_history()
    filters = FilterForm(request.GET or None)
    table = IndexScore.objects.order_by("-year", "kind")
    if filters.is_valid():
        if filters.cleaned_data["chi_so"]:
            table = table.filter(kind=filters.cleaned_data["chi_so"])
        q = filters.cleaned_data["q"].strip()
        if q:
            table = table.filter(year=int(q)) if q.isdigit() else table.filter(source__icontains=q)
    page = Paginator(table, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "history": history,
        "chart_data": _chart_data(history),
        "page": page,
        "filters": filters,
        "may_edit": may_edit,
        "form": form,
        "editing": editing,
        "import_form": import_form,
        "import_errors": import_errors,
        "columns": COLUMNS,
    }
    return render(request, "indicators/index_list.html", context, status=status)


urlpatterns = [path("chi-so-tinh/", index_list, name="indices")]

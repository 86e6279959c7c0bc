"""Forms of the extension requests and closures pages (extension_views.py). Dates are typed dd/mm/yyyy; the rules
(after the deadline in force, one pending request, a target for a merge...) are the services' (extensions.py,
closures.py): the forms only read what was typed."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from giamsat.common.dates import DATE_WIDGET
from giamsat.extraction.text import nfc

from . import policy
from .choices import ClosureKind, ExtensionState
from .models import Directive, Task

TEXTAREA = forms.Textarea(attrs={"rows": 3})
TASK_ADDRESS = re.compile(r"/nhiem-vu/(\d+)/?")


class ExtensionRequestForm(forms.Form):
    proposed_deadline = forms.DateField(
        label=_("Thời hạn đề nghị (dd/mm/yyyy)"), widget=DATE_WIDGET, help_text=_("Phải sau thời hạn hiện tại.")
    )
    reason = forms.CharField(label=_("Lý do đề nghị gia hạn"), widget=TEXTAREA, max_length=4000)


class ExtensionGrantForm(forms.Form):
    document_number = forms.CharField(
        label=_("Số văn bản đồng ý gia hạn"), max_length=64, help_text=_("Ví dụ: 125-CV/BCĐ")
    )
    document_date = forms.DateField(label=_("Ngày văn bản (dd/mm/yyyy)"), widget=DATE_WIDGET)
    new_deadline = forms.DateField(
        label=_("Thời hạn mới (dd/mm/yyyy)"), widget=DATE_WIDGET, help_text=_("Mặc định là thời hạn đơn vị đề nghị.")
    )
    reason = forms.CharField(label=_("Ý kiến (không bắt buộc)"), widget=TEXTAREA, required=False, max_length=4000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "grant")
        super().__init__(*args, **kwargs)


class ExtensionRefuseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không đồng ý gia hạn"), widget=TEXTAREA, max_length=4000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "refuse")
        super().__init__(*args, **kwargs)


class ExtensionWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút đề nghị (không bắt buộc)"), widget=TEXTAREA, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "withdraw")
        super().__init__(*args, **kwargs)


class ExtensionFilterForm(forms.Form):
    """The list's search and state filter (GET); no state given: the pending requests, "all": every state."""

    ALL = "all"
    q = forms.CharField(label=_("Tìm theo nhiệm vụ, số văn bản"), required=False)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[*ExtensionState.choices, (ALL, _("Mọi tình trạng"))],
        required=False,
    )

    def chosen_state(self) -> str | None:
        """The state to list (None: every state)."""
        state = (self.cleaned_data.get("state") if self.is_valid() else "") or ExtensionState.PENDING
        return None if state == self.ALL else state


class TaskCloseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ClosureKind.choices, widget=forms.RadioSelect)
    document_number = forms.CharField(
        label=_("Số văn bản quyết định"), max_length=64, help_text=_("Văn bản chỉ đạo sau quyết định việc này.")
    )
    decided_on = forms.DateField(
        label=_("Ngày văn bản (dd/mm/yyyy)"),
        widget=DATE_WIDGET,
        help_text=_("Nhiệm vụ không còn thực hiện từ ngày này (trừ khi đã hoàn thành trước đó)."),
    )
    merged_into = forms.CharField(
        label=_("Nhiệm vụ tiếp nhận (khi sáp nhập)"),
        required=False,
        max_length=200,
        help_text=_("Số hiệu văn bản và số thứ tự nhiệm vụ, ví dụ “13-TB/CQTT 4”, hoặc địa chỉ trang nhiệm vụ."),
    )
    reason = forms.CharField(label=_("Lý do, nội dung quyết định"), widget=TEXTAREA, required=False, max_length=4000)

    def __init__(self, *args, user, task: Task, **kwargs):
        self.user, self.task = user, task
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        text = nfc(data.get("merged_into") or "").strip()
        data["merged_into_task"] = None
        if data.get("kind") == ClosureKind.MERGED:
            if not text:
                self.add_error("merged_into", _("Sáp nhập phải nêu nhiệm vụ tiếp nhận."))
            else:
                target = self.find_task(text)
                if target is None:
                    self.add_error("merged_into", _("Không tìm thấy nhiệm vụ “%(text)s”.") % {"text": text})
                data["merged_into_task"] = target
        return data

    def find_task(self, text: str) -> Task | None:
        """A task the user may see, by its page's address or number ("123"), or by directive number and STT."""
        visible = policy.restrict(Task.objects.all(), self.user, policy.VIEW)
        address = TASK_ADDRESS.search(text)
        if address or text.lstrip("#").isdigit():
            return visible.filter(pk=int(address.group(1) if address else text.lstrip("#"))).first()
        number, _space, ref = text.rpartition(" ")
        directive = Directive.objects.filter(number__iexact=number.strip()).first() if number.strip() else None
        if directive is None:
            return None
        ref = ref.strip().rstrip(".")
        return visible.filter(directive=directive, ref__in=[ref, f"body:{ref}"]).first()


class TaskReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hoàn tác"), widget=TEXTAREA, max_length=4000)

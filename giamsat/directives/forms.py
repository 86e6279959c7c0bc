import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.agencies.selectors import AgencyResolver
from giamsat.extraction.text import nfc

from .choices import Confidentiality, DeadlineKind, Recurrence
from .importing import ROLES, review_tasks
from .models import Task
from .services import TASK_EDITABLE_FIELDS


class TaskEditForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = list(TASK_EDITABLE_FIELDS)
        widgets = {
            "title": forms.Textarea(attrs={"rows": 4}),
            "expected_result": forms.Textarea(attrs={"rows": 3}),
            "section_title": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


# --- the import review screen: the document, every extracted row, rows added by hand, in one POST -------

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
ADD_ROLES = ("lead", "coordinating")  # roles a reviewer may add agencies to, beyond the printed ones


def parse_date(value) -> datetime.date | None:
    """dd/mm/yyyy as people type it (also ISO); None when it is not a date."""
    if isinstance(value, datetime.date):
        return value
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime((value or "").strip(), pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def format_date(value: datetime.date | str | None) -> str:
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value) if value else None
    return value.strftime("%d/%m/%Y") if value else ""


def _clean_date(value: str, message: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValidationError(message % {"value": value})
    return parsed


class AgencyPicker:
    """Turns a name typed or picked from the list of agencies into an agency or a group of the registry.

    The list (a <datalist>) offers the registry's names; a name typed by hand is resolved like a printed
    one (aliases, abbreviations), so "Sở KH&CN" finds Sở Khoa học và Công nghệ.
    """

    def __init__(self) -> None:
        self.agencies = {a.name: a for a in Agency.objects.filter(is_active=True).order_by("name")}
        self.groups = {g.name: g for g in AgencyGroup.objects.filter(is_active=True).order_by("name")}
        self.resolver = AgencyResolver()
        self._printed: dict[str, Agency | AgencyGroup | None] = {}

    def options(self) -> list[tuple[str, str]]:
        """(name, hint) for the datalist: groups first, then agencies with their kind."""
        return [(name, _("Nhóm cơ quan")) for name in self.groups] + [
            (name, agency.get_kind_display()) for name, agency in self.agencies.items()
        ]

    def find(self, value: str) -> Agency | AgencyGroup | None:
        value = nfc(value)
        if not value:
            return None
        return self.agencies.get(value) or self.groups.get(value) or self.resolver.resolve(value).target

    def of_printed(self, printed: str) -> Agency | AgencyGroup | None:
        if printed not in self._printed:
            self._printed[printed] = self.resolver.resolve(printed).target
        return self._printed[printed]


def _entry(printed: str, target: Agency | AgencyGroup) -> dict:
    key = "agency_id" if isinstance(target, Agency) else "group_id"
    return {"text": printed, key: target.pk}


class NameListField(forms.Field):
    """Several values under one name (the 'add an agency' inputs a reviewer can multiply)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [nfc(v) for v in value or [] if nfc(v)]


class ImportDocumentForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Số hiệu"), required=False, max_length=64)
    issued_on = forms.CharField(label=gettext_lazy("Ngày ban hành"), required=False)
    title = forms.CharField(label=gettext_lazy("Trích yếu"), required=False)
    confidentiality = forms.ChoiceField(
        label=gettext_lazy("Mức độ công khai của các nhiệm vụ mới"),
        choices=Confidentiality.choices,
        initial=Confidentiality.INTERNAL,
    )

    def __init__(self, *args, document: dict, **kwargs):
        initial = {
            "number": document.get("number") or "",
            "issued_on": format_date(document.get("issued_on")),
            "title": document.get("title") or "",
            "confidentiality": Confidentiality.INTERNAL,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_issued_on(self):
        return _clean_date(self.cleaned_data["issued_on"], _("Ngày ban hành “%(value)s” không đúng dạng dd/mm/yyyy."))

    def current_issued_on(self) -> datetime.date | None:
        return parse_date(self["issued_on"].value())

    def overrides(self) -> dict:
        issued_on = self.cleaned_data["issued_on"]
        return {
            "number": nfc(self.cleaned_data["number"]),
            "title": nfc(self.cleaned_data["title"]),
            "issued_on": issued_on.isoformat() if issued_on else None,
        }


class ImportRowForm(forms.Form):
    """One extracted task as the reviewer corrects it: every field, every agency, or left out."""

    exclude = forms.BooleanField(label=gettext_lazy("Không nhập"), required=False)
    title = forms.CharField(label=gettext_lazy("Nội dung nhiệm vụ"), required=False)
    expected_result = forms.CharField(label=gettext_lazy("Yêu cầu kết quả, sản phẩm"), required=False)
    deadline = forms.CharField(label=gettext_lazy("Thời hạn"), required=False)
    deadline_kind = forms.ChoiceField(label=gettext_lazy("Loại thời hạn"), choices=DeadlineKind.choices)
    recurrence = forms.ChoiceField(label=gettext_lazy("Định kỳ"), choices=Recurrence.choices)
    link = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, task: dict, picker: AgencyPicker, **kwargs):
        initial = {
            "title": task["title"],
            "expected_result": task.get("expected_result") or "",
            "deadline": format_date(task.get("deadline")),
            "deadline_kind": task.get("deadline_kind") or DeadlineKind.NONE,
            "recurrence": task.get("recurring") or Recurrence.NONE,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.task = task
        self.picker = picker
        for role in ROLES:
            for position, mention in enumerate(task[role]):
                name = f"{role}-{position}"
                target = picker.of_printed(mention["text"])
                self.fields[name] = forms.CharField(required=False, initial=target.name if target else "")
                self.fields[f"{name}-drop"] = forms.BooleanField(required=False)
                if target is None:
                    self.fields[f"{name}-create"] = forms.BooleanField(required=False)
                    self.fields[f"{name}-kind"] = forms.ChoiceField(
                        choices=AgencyKind.choices, initial=AgencyKind.OTHER, required=False
                    )
        for role in ADD_ROLES:
            self.fields[f"{role}-add"] = NameListField(required=False)

    @property
    def ref(self) -> str:
        return self.task["ref"]

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.cleaned_data.get("exclude"):
            self._errors.clear()  # a row left out is not imported: nothing in it can be wrong

    def clean_deadline(self):
        return _clean_date(self.cleaned_data["deadline"], _("Thời hạn “%(value)s” không đúng dạng dd/mm/yyyy."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exclude"):
            return cleaned
        cleaned["title"] = nfc(cleaned.get("title"))
        cleaned["expected_result"] = nfc(cleaned.get("expected_result"))
        if not cleaned["title"]:
            self.add_error("title", _("Nội dung nhiệm vụ không được để trống."))
        if cleaned.get("deadline_kind") == DeadlineKind.DATE and "deadline" in cleaned and not cleaned["deadline"]:
            self.add_error("deadline", _("Thời hạn loại “Ngày cụ thể” cần có ngày (dd/mm/yyyy)."))
        cleaned["agencies"] = {role: self._clean_role(role) for role in ROLES}
        return cleaned

    def _clean_role(self, role: str) -> list[dict]:
        entries: list[dict] = []
        for position, mention in enumerate(self.task[role]):
            name = f"{role}-{position}"
            value = nfc(self.cleaned_data.get(name))
            if self.cleaned_data.get(f"{name}-drop"):
                continue
            if self.cleaned_data.get(f"{name}-create"):
                if value:
                    self.add_error(name, _("Hoặc chọn cơ quan có sẵn, hoặc tạo cơ quan mới — không cả hai."))
                    continue
                kind = self.cleaned_data.get(f"{name}-kind") or AgencyKind.OTHER
                entries.append({"text": mention["text"], "create": kind})
            elif value:
                target = self.picker.find(value)
                if target is None:
                    self.add_error(name, _("Không có “%(name)s” trong danh mục cơ quan.") % {"name": value})
                else:
                    entries.append(_entry(mention["text"], target))
            else:
                entries.append({"text": mention["text"], "unresolved": True})
        for value in self.cleaned_data.get(f"{role}-add") or []:
            target = self.picker.find(value)
            if target is None:
                self.add_error(f"{role}-add", _("Không có “%(name)s” trong danh mục cơ quan.") % {"name": value})
            else:
                entries.append(_entry(target.name, target))
        seen: set[tuple] = set()
        unique = []
        for entry in entries:  # the same agency twice in one role is named once
            key = (entry.get("agency_id"), entry.get("group_id"))
            if key != (None, None):
                if key in seen:
                    continue
                seen.add(key)
            unique.append(entry)
        return unique

    # What the screen shows now, valid or not: for the warnings and proposals computed at each display.

    def current_title(self) -> str:
        return nfc(self["title"].value())

    def current_deadline(self) -> datetime.date | None:
        return parse_date(self["deadline"].value())

    def current_excluded(self) -> bool:
        return bool(self["exclude"].value())

    def current_lead_ids(self) -> set[int]:
        targets = []
        for position in range(len(self.task["lead"])):
            name = f"lead-{position}"
            if not self[f"{name}-drop"].value():
                targets.append(self.picker.find(self[name].value() or ""))
        targets += [self.picker.find(value) for value in self["lead-add"].value() or []]
        return {target.pk for target in targets if isinstance(target, Agency)}

    def current_has_lead(self) -> bool:
        """A lead is named: a printed one not left out (even if still to be resolved), or one added."""
        kept = [p for p in range(len(self.task["lead"])) if not self[f"lead-{p}-drop"].value()]
        return bool(kept or [v for v in self["lead-add"].value() or [] if nfc(v)])

    def roles(self) -> list[dict]:
        """Per role, the printed names with their picker, and the added ones, for the template."""
        blocks = []
        for role in ROLES:
            mentions = []
            for position, mention in enumerate(self.task[role]):
                name = f"{role}-{position}"
                creatable = f"{name}-create" in self.fields
                mentions.append(
                    {
                        "printed": mention["text"],
                        "field": self[name],
                        "drop": self[f"{name}-drop"],
                        "create": self[f"{name}-create"] if creatable else None,
                        "kind": self[f"{name}-kind"] if creatable else None,
                        "unknown": self.picker.of_printed(mention["text"]) is None,
                    }
                )
            add = self[f"{role}-add"] if role in ADD_ROLES else None
            added = [value for value in (add.value() or []) if nfc(value)] if add else []
            if mentions or add is not None:
                blocks.append({"role": role, "mentions": mentions, "add": add, "added": added})
        return blocks


class ImportNewRowForm(forms.Form):
    """A task the extraction missed, typed by the reviewer: number, content, lead, deadline."""

    ref = forms.CharField(label=gettext_lazy("Số thứ tự"), required=False, max_length=64)
    title = forms.CharField(label=gettext_lazy("Nội dung nhiệm vụ"), required=False)
    lead = forms.CharField(label=gettext_lazy("Cơ quan chủ trì"), required=False)
    deadline = forms.CharField(label=gettext_lazy("Thời hạn"), required=False)

    def __init__(self, *args, picker: AgencyPicker, **kwargs):
        super().__init__(*args, **kwargs)
        self.picker = picker

    def clean_deadline(self):
        return _clean_date(self.cleaned_data["deadline"], _("Thời hạn “%(value)s” không đúng dạng dd/mm/yyyy."))

    def clean(self):
        cleaned = super().clean()
        cleaned["ref"], cleaned["title"], lead = (nfc(cleaned.get(k)) for k in ("ref", "title", "lead"))
        if not (cleaned["ref"] or cleaned["title"] or lead or cleaned.get("deadline")):
            cleaned["empty"] = True
            return cleaned
        if not cleaned["ref"]:
            self.add_error("ref", _("Nhập số thứ tự của nhiệm vụ thêm."))
        if not cleaned["title"]:
            self.add_error("title", _("Nội dung nhiệm vụ không được để trống."))
        cleaned["lead_entries"] = []
        if lead:
            target = self.picker.find(lead)
            if target is None:
                self.add_error("lead", _("Không có “%(name)s” trong danh mục cơ quan.") % {"name": lead})
            else:
                cleaned["lead_entries"] = [_entry(target.name, target)]
        return cleaned


NewRowFormSet = forms.formset_factory(ImportNewRowForm, extra=1, max_num=500)


class ImportReview:
    """The whole review screen as one form: the document, every extracted row and the rows added by hand."""

    def __init__(self, *, draft: dict, picker: AgencyPicker, data=None):
        self.draft = draft
        self.document = ImportDocumentForm(data, document=draft["document"])
        self.rows = [
            ImportRowForm(data, prefix=f"row-{index}", task=task, picker=picker)
            for index, task in enumerate(draft["tasks"])
        ]
        has_new_rows = data is not None and "new-TOTAL_FORMS" in data
        self.new_rows = NewRowFormSet(data if has_new_rows else None, prefix="new", form_kwargs={"picker": picker})
        self._duplicate_refs: dict[int, str] = {}

    def is_valid(self) -> bool:
        valid = self.document.is_valid()
        valid &= all([row.is_valid() for row in self.rows])
        valid &= self.new_rows.is_valid()
        if valid:
            refs = {row.ref for row in self.rows if not row.cleaned_data["exclude"]}
            for form in self.new_rows:
                ref = form.cleaned_data.get("ref")
                if form.cleaned_data.get("empty") or not ref:
                    continue
                if ref in refs:
                    form.add_error("ref", _("Số thứ tự “%(ref)s” đã có trong văn bản.") % {"ref": ref})
                    valid = False
                refs.add(ref)
        return bool(valid)

    def errors(self) -> list[tuple[str, str, str]]:
        """(anchor, where, message) for every error on the screen, in screen order."""
        out = [("document", _("Văn bản"), e) for errors in self.document.errors.values() for e in errors]
        for index, row in enumerate(self.rows):
            label = _("Nhiệm vụ %(ref)s") % {"ref": row.ref.removeprefix("body:")}
            out += [(f"row-{index}", label, e) for errors in row.errors.values() for e in errors]
        for index, form in enumerate(self.new_rows):
            label = _("Nhiệm vụ thêm %(n)d") % {"n": index + 1}
            out += [(f"new-{index}", label, e) for errors in form.errors.values() for e in errors]
        out += [("new-rows", _("Nhiệm vụ thêm"), e) for e in self.new_rows.non_form_errors()]
        return out

    def confidentiality(self) -> str:
        return self.document.cleaned_data["confidentiality"]

    def tasks(self) -> list[dict]:
        added = [
            {
                "ref": form.cleaned_data["ref"],
                "title": form.cleaned_data["title"],
                "lead": form.cleaned_data["lead_entries"],
                "deadline": form.cleaned_data["deadline"],
            }
            for form in self.new_rows
            if form.cleaned_data and not form.cleaned_data.get("empty")
        ]
        return review_tasks(
            draft_tasks=self.draft["tasks"], corrections=[row.cleaned_data for row in self.rows], added=added
        )

    def links(self) -> dict[str, int]:
        return {
            row.ref: row.cleaned_data["link"]
            for row in self.rows
            if not row.cleaned_data["exclude"] and row.cleaned_data.get("link")
        }

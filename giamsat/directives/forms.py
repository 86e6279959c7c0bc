from django import forms

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

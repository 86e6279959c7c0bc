from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channels

CHANNELS = (
    ("in_app", _("Trong ứng dụng")),
    ("digest", _("Thư tổng hợp hằng ngày")),
    ("immediate", _("Thư ngay")),
)


class PreferencesForm(forms.Form):
    """One checkbox per kind and channel (`<kind>__<channel>`), ticked as the person receives it now."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for channel, channel_label in CHANNELS:
                self.fields[f"{row.kind}__{channel}"] = forms.BooleanField(
                    label=f"{row.label} — {channel_label}",
                    required=False,
                    initial=getattr(row.chosen, channel),
                )

    def table(self):
        """(row, [(bound field, channel's name) per channel]) for the template's table."""
        return [(row, [(self[f"{row.kind}__{channel}"], label) for channel, label in CHANNELS]) for row in self.rows]

    def choices(self) -> dict[str, Channels]:
        data = self.cleaned_data
        return {
            row.kind: Channels(*(bool(data.get(f"{row.kind}__{channel}")) for channel, _label in CHANNELS))
            for row in self.rows
        }

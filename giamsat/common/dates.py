"""One way to read a day a person typed, above all the "as of" day of statuses: pages, the API and the console.

`parse_as_of` accepts dd/mm/yyyy (as the UI writes dates; d/m/yyyy too) and ISO yyyy-mm-dd (as the API and
scripts write them). Anything else, an impossible day such as 31/02/2026 included, raises `InvalidDay`, a
ValidationError whose Vietnamese message names what was typed and the format. Where it is used:

- pages: `request_as_of(request)` gives the day (today when the address names none) and the error, which the
  page shows beside its date field with status 400, computed as of today meanwhile, saying so;
- forms and filters: `AsOfField` (the task list's `as_of` filter);
- API: `giamsat.api.views.as_of_param` answers 400 in the API's error format;
- console: `giamsat.common.cli.as_of_option` writes "Lỗi: …" and exits with status 2.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

DAY_PATTERN = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$")
ISO_PATTERN = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
# A text field in dd/mm/yyyy rather than the browser's date picker, whose format follows the browser's locale.
DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "pattern": r"\d{1,2}/\d{1,2}/\d{4}"},
    format="%d/%m/%Y",
)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the system's time zone: events before it count for `day`."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, ZoneInfo(settings.TIME_ZONE))


class InvalidDay(ValidationError):
    """A day that is not one (31/02/2026, "hôm qua"); the message says what was typed and the format."""

    def __init__(self, raw: str):
        self.raw = raw
        super().__init__(_("Ngày không hợp lệ: %(value)s (định dạng dd/mm/yyyy)") % {"value": raw}, code="invalid_day")

    @property
    def message_text(self) -> str:
        return self.messages[0]


def parse_as_of(raw: str | None) -> datetime.date | None:
    """'31/12/2026', '1/7/2026' or '2026-12-31' → the date; empty → None; anything else raises InvalidDay."""
    raw = (raw or "").strip()
    if not raw:
        return None
    match = DAY_PATTERN.match(raw) or ISO_PATTERN.match(raw)
    if match is None:
        raise InvalidDay(raw)
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:  # 31/02, month 13, year 0
        raise InvalidDay(raw) from None


@dataclass(frozen=True)
class AsOf:
    """The "as of" day of a request: `day` to compute with, what was `typed`, and the `error` when it is not a
    day (then `day` is the default and the page says so beside its date field)."""

    day: datetime.date
    typed: str = ""
    error: str = ""

    @property
    def param(self) -> str:
        """The day as addresses and date fields carry it."""
        return self.day.strftime("%d/%m/%Y")

    @property
    def field_value(self) -> str:
        """What the date field shows: what was typed when it is wrong, so it can be corrected."""
        return self.typed if self.error else self.param

    @property
    def status(self) -> int:
        """The page's HTTP status: 400 when the day is not one."""
        return 400 if self.error else 200


def request_as_of(request, *, default: datetime.date | None = None, name: str = "as_of") -> AsOf:
    """The "as of" day of a page's address (?as_of=dd/mm/yyyy or yyyy-mm-dd); `default` (today) when absent or
    invalid, with the error to show."""
    raw = request.GET.get(name, "").strip()
    default = default or timezone.localdate()
    try:
        day = parse_as_of(raw)
    except InvalidDay as error:
        return AsOf(default, raw, error.message_text)
    return AsOf(day or default, raw)


class AsOfField(forms.DateField):
    """A form field reading days with `parse_as_of`: one parser, one message."""

    widget = DATE_WIDGET

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_as_of(value)

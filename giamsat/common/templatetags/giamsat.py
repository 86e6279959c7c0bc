"""Template helpers available in every template (registered as builtins)."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from giamsat.common import html

register = template.Library()


@register.filter(name="clean_html")
def clean_html_filter(value):
    """Render a document fragment through the nh3 allow-list (never `|safe`)."""
    return html.clean_html(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(list(params.lists()), doseq=True) if params else "?"


@register.simple_tag
def badge(label, color="secondary"):
    """A label with its colour; colour is never the only signal."""
    return format_html('<span class="badge badge-{}">{}</span>', color, label)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def person(user):
    """A user as pages name them: full name, else the user name; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def docnum(value):
    """A document number that never wraps inside: a browser breaks '13-TB/CQTT' after its hyphen ('13-' above
    'TB/CQTT'). In `<span class="docnum">` (white-space: nowrap in app.css); text with spaces (a directive
    without a number shows its kind) is left to wrap."""
    text = str(value) if value is not None else ""
    if not text or " " in text.strip():
        return text
    return format_html('<span class="docnum">{}</span>', text)

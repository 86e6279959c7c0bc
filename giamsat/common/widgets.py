"""Form widgets.

`QuickSelect` writes the same <select> as Django's `Select`, in plain Python. Django renders every
<option> through a template and builds a dictionary of attributes for it: with the 300 agencies of a
province (3,500 nationally) in the task list's filter form, that was the largest cost of the page
(docs/performance.md). The widget's test holds both to the same HTML. With `cache_key`, the choices
(of a model choice field: a query and a model per row) are read once per version of the data they list
(`cache_domains`, common/cache.py) and language, and so is the <select> written for each chosen value
(reports arriving all day leave the national overview's 3,500 agencies and 1,050 directives written).
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import DOMAINS, cached_figures


class QuickSelect(forms.Select):
    def __init__(self, attrs=None, choices=(), *, cache_key: str | None = None, cache_domains=DOMAINS):
        super().__init__(attrs, choices)
        self.cache_key, self.cache_domains = cache_key, tuple(cache_domains)

    def _listed_choices(self) -> list:
        if self.cache_key is None:
            return list(self.choices)
        return cached_figures(
            ("select-choices", self.cache_key, get_language()),
            lambda: [(None if v is None else str(v), str(label)) for v, label in self.choices],
            domains=self.cache_domains,
        )

    def render(self, name, value, attrs=None, renderer=None):
        wanted = sorted(set(self.format_value(value)))
        if self.cache_key is None:
            return self._render(name, wanted, attrs)
        return cached_figures(
            (
                "select-html",
                self.cache_key,
                get_language(),
                name,
                wanted,
                sorted(self.build_attrs(self.attrs, attrs).items()),
            ),
            lambda: self._render(name, wanted, attrs),
            domains=self.cache_domains,
        )

    def _render(self, name, wanted, attrs):
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        marked = False

        def option(option_value, label) -> str:
            nonlocal marked
            text = "" if option_value is None else str(option_value)
            selected = not marked and text in wanted
            marked = marked or selected
            return f'<option value="{escape(text)}"{" selected" if selected else ""}>{escape(str(label))}</option>'

        for option_value, label in self._listed_choices():
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(option(v, sub_label) for v, sub_label in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above

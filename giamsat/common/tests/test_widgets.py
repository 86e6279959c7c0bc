"""QuickSelect writes what Django's Select writes (escaping, selection, groups), cached choices included."""

import pytest
from django import forms
from django.test.html import parse_html

from giamsat.agencies.models import Agency
from giamsat.common.cache import AGENCIES, REPORTS, data_changed
from giamsat.common.widgets import QuickSelect

CHOICES = [("", "---"), ('a"<b>', "A & <B>"), ("2", "Hai"), (3, "Ba"), ("Nhóm", [("x", "X"), ("y", "Ý")])]


def squeeze(html: str):
    """The parsed document: equal when the HTML is (whitespace between tags and attribute order aside)."""
    return parse_html(str(html))


@pytest.mark.parametrize("value", [None, "", "2", 3, "x", 'a"<b>', "missing"])
def test_same_html_as_django_select(value):
    attrs = {"id": "id_f", "required": True, "class": "wide"}
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("f", value)
    assert squeeze(QuickSelect(choices=CHOICES, attrs=attrs).render("f", value)) == squeeze(expected)


@pytest.mark.django_db
def test_model_choices_cached_until_their_data_change(
    registry, django_assert_num_queries, django_capture_on_commit_callbacks
):
    field = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        widget=QuickSelect(cache_key="test-agencies", cache_domains=[AGENCIES]),
    )
    first = Agency.objects.order_by("name").first()
    expected = forms.Select(choices=field.choices).render("agency", first.pk)
    assert squeeze(field.widget.render("agency", first.pk)) == squeeze(expected)
    with django_assert_num_queries(1):  # the data versions, nothing else
        again = field.widget.render("agency", first.pk)
    assert squeeze(again) == squeeze(expected)
    Agency.objects.filter(pk=first.pk).update(name="Đổi tên")  # no signal: the writer says what changed
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(REPORTS)
    assert "Đổi tên" not in field.widget.render("agency", first.pk)  # another domain: still the cached choices
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(AGENCIES)
    assert "Đổi tên" in field.widget.render("agency", first.pk)


@pytest.mark.django_db
def test_the_written_select_is_cached_per_chosen_value_and_attributes(registry, django_assert_num_queries):
    field = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        widget=QuickSelect(cache_key="test-agencies-html", cache_domains=[AGENCIES]),
    )
    first, second = Agency.objects.order_by("name")[:2]
    for value, attrs in ((first.pk, None), (second.pk, None), (first.pk, {"id": "other"}), ("", None)):
        expected = forms.Select(choices=field.choices, attrs=attrs).render("agency", value)
        field.widget.render("agency", value, attrs)
        with django_assert_num_queries(1):  # the data versions: the <select> itself comes from the cache
            assert squeeze(field.widget.render("agency", value, attrs)) == squeeze(expected)

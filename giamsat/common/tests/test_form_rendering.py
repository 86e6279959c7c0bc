"""Forms rendered whole (the project's FORM_RENDERER, giamsat/templates/django/forms/): each field's errors sit
right after the field, in the field's own group, and the field points at them and is marked invalid."""

import pytest
from django import forms
from django.test.html import Element, parse_html


class DeliveryForm(forms.Form):
    document_number = forms.CharField(label="Số văn bản", max_length=64)
    copies = forms.IntegerField(label="Số bản", help_text="Số bản gửi kèm báo cáo.")
    note = forms.CharField(label="Ghi chú", required=False)


def elements(node) -> list[Element]:
    return [child for child in node.children if isinstance(child, Element)]


def group_of(html: str, field_id: str) -> list[Element]:
    """The children of the element that holds the field `field_id`, in document order."""

    def find(node):
        for child in elements(node):
            if dict(child.attributes).get("id") == field_id:
                return node
            if (found := find(child)) is not None:
                return found
        return None

    holder = find(parse_html(html))
    assert holder is not None, f"no #{field_id} in {html}"
    return elements(holder)


def attrs(element: Element) -> dict:
    return dict(element.attributes)


@pytest.mark.parametrize("render", [str, forms.Form.as_div, forms.Form.as_p], ids=["form", "as_div", "as_p"])
def test_a_field_error_is_rendered_beside_its_field_and_linked_to_it(render):
    form = DeliveryForm({"document_number": "", "copies": "mười", "note": ""})
    assert not form.is_valid()

    html = render(form)

    for field_id, also_described_by in (("id_document_number", []), ("id_copies", ["id_copies_helptext"])):
        group = group_of(html, field_id)
        tags = [child.name for child in group]
        position = next(i for i, child in enumerate(group) if attrs(child).get("id") == field_id)
        assert tags[position - 1 : position + 2] == ["label", tags[position], "ul"], "label, field, then its errors"
        assert attrs(group[position - 1])["for"] == field_id
        errors = group[position + 1]  # right after the field, inside its group
        assert (errors.name, attrs(errors)["class"], attrs(errors)["id"]) == ("ul", "errorlist", f"{field_id}_error")
        field = attrs(group[position])
        assert field["aria-invalid"] == "true"
        assert field["aria-describedby"].split() == [*also_described_by, f"{field_id}_error"]
    assert "Trường này là bắt buộc." in str(group_of(html, "id_document_number")[2])
    # A valid field is neither marked nor given an error list.
    note = group_of(html, "id_note")
    assert "aria-invalid" not in attrs(note[1]) and [child.name for child in note] == ["label", "input"]


def test_help_text_follows_the_errors_and_is_linked():
    form = DeliveryForm({"document_number": "15/BC-UBND", "copies": "x"})
    form.is_valid()
    group = group_of(form.as_div(), "id_copies")
    assert [child.name for child in group] == ["label", "input", "ul", "div"]
    assert attrs(group[3]) == {"class": "helptext", "id": "id_copies_helptext"}

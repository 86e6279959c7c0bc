"""The `axe` check itself, on a page written here (no server): it fails with one readable line per violation,
counts duplicate ids, skips exactly the excluded (rule, selector) pairs, and fails once an exclusion is stale."""

import pytest

BROKEN = """<!doctype html><html lang="vi"><head><title>Thử</title></head><body><main>
<h1>Trang thử</h1>
<p><label for="a">Số văn bản</label><input id="a"></p>
<p><input type="checkbox" id="menu"></p>
<p><label for="b">Ngày văn bản</label><input id="b"></p>
<p><label for="b">Mô tả</label><input id="b"></p>
</main></body></html>"""


def failure(check) -> str:
    with pytest.raises(pytest.fail.Exception) as raised:
        check()
    return str(raised.value)


@pytest.mark.browser
def test_violations_are_listed_with_rule_impact_selector_and_help(page, axe):
    page.set_content(BROKEN)

    message = failure(lambda: axe(page))

    assert "axe found 2 accessibility violation(s)" in message
    assert "- label (critical) at #menu: Form elements must have labels" in message
    assert "- duplicate-id (serious) at #b: ID attribute value must be unique" in message
    assert '<input type="checkbox" id="menu">' in message  # the element, so the template can be found


@pytest.mark.browser
def test_an_exclusion_skips_only_its_rule_and_element_and_must_still_occur(page, axe):
    page.set_content(BROKEN)
    axe(page, exclude={"label": ["#menu"], "duplicate-id": ["#b"]})  # nothing else is wrong

    message = failure(lambda: axe(page, exclude={"label": ["#menu"]}))
    assert "axe found 1 accessibility violation(s)" in message and "duplicate-id" in message

    page.evaluate("document.getElementById('menu').remove()")  # the template was fixed
    message = failure(lambda: axe(page, exclude={"label": ["#menu"], "duplicate-id": ["#b"]}))
    assert "remove them from `exclude`: label at #menu" in message

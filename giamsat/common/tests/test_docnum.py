"""Document numbers never wrap inside: a browser breaks '13-TB/CQTT' after its hyphen, which read as
'13-' over 'TB/CQTT' (reported as '13-/TB/CQTT'); the number itself was right in the data."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from giamsat.directives.tests.factories import DirectiveFactory


def render(value) -> str:
    return Template("{{ value|docnum }}").render(Context({"value": value}))


def test_a_number_is_kept_on_one_line():
    assert render("13-TB/CQTT") == '<span class="docnum">13-TB/CQTT</span>'
    assert render("02-KH/BCĐ") == '<span class="docnum">02-KH/BCĐ</span>'


def test_text_with_spaces_may_wrap_and_nothing_stays_nothing():
    assert render("Thông báo kết luận (chưa có số)") == "Thông báo kết luận (chưa có số)"
    assert render("") == "" and render(None) == ""


def test_it_is_escaped():
    assert render("<b>1-TB/X</b>") == '<span class="docnum">&lt;b&gt;1-TB/X&lt;/b&gt;</span>'


@pytest.mark.django_db
def test_the_directive_pages_show_the_number_on_one_line(client, users):
    directive = DirectiveFactory(number="13-TB/CQTT")
    client.force_login(users["standing_office"])
    for url in (reverse("directives:directive_list"), reverse("directives:directive_detail", args=[directive.pk])):
        assert '<span class="docnum">13-TB/CQTT</span>' in client.get(url).content.decode(), url

"""Issue 16: a leader read a secret task's text through its directive's full text (/nhiem-vu/van-ban/<id>/).

The full text carries every task of the document, so it is shown only to those who may see every task of that
directive (`directives.policy.can_read_full_text`); the API and the public portal never carry it.
"""

import pytest
from django.urls import reverse

from giamsat.directives import policy
from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import DirectiveFactory, task_led_by

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Phương án bảo vệ hệ thống thông tin cấp độ 4"
FULL_TEXT = f"THÔNG BÁO KẾT LUẬN\n1. Triển khai nền tảng LGSP.\n2. {SECRET_WORDS} (MẬT)."


@pytest.fixture
def directive(agency_skhcn, agency_finance):
    directive = DirectiveFactory(number="77-TB/CQTT", text=FULL_TEXT)
    task_led_by(agency_finance, directive=directive, confidentiality=Confidentiality.PUBLIC, title="Triển khai LGSP")
    task_led_by(agency_skhcn, directive=directive, confidentiality=Confidentiality.SECRET, title=SECRET_WORDS)
    return directive


@pytest.fixture
def open_directive(agency_finance):
    directive = DirectiveFactory(number="78-TB/CQTT", text="Toàn văn không có nhiệm vụ mật.")
    task_led_by(agency_finance, directive=directive, confidentiality=Confidentiality.INTERNAL)
    return directive


def page(client, user, directive) -> str:
    client.force_login(user)
    response = client.get(reverse("directives:directive_detail", args=[directive.pk]))
    assert response.status_code == 200
    return response.content.decode()


class SecretTaskFullTextTests:
    def test_leader_does_not_read_a_secret_task_through_the_full_text(self, client, users, directive):
        body = page(client, users["leader"], directive)
        assert SECRET_WORDS not in body
        assert "Toàn văn" not in body

    @pytest.mark.parametrize("who", ["standing_office", "administrator"])
    def test_those_who_see_every_task_read_the_full_text(self, client, users, directive, who):
        assert SECRET_WORDS in page(client, users[who], directive)

    def test_leader_reads_the_full_text_when_no_task_is_hidden(self, client, users, open_directive):
        assert "Toàn văn không có nhiệm vụ mật." in page(client, users["leader"], open_directive)

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer"])
    def test_agency_users_never_read_the_full_text(self, client, users, directive, open_directive, who):
        assert SECRET_WORDS not in page(client, users[who], directive)
        assert "Toàn văn không có nhiệm vụ mật." not in page(client, users[who], open_directive)

    def test_policy_rule(self, users, directive, open_directive):
        readers = {who for who, user in users.items() if policy.can_read_full_text(user, directive)}
        assert readers == {"standing_office", "administrator", "inspector"}
        readers = {who for who, user in users.items() if policy.can_read_full_text(user, open_directive)}
        assert readers == {"standing_office", "administrator", "leader", "inspector"}

    def test_api_and_portal_never_carry_the_full_text(self, client, users, directive):
        client.force_login(users["leader"])
        api = client.get(f"/api/v1/directives/{directive.pk}/")
        assert api.status_code == 200
        assert SECRET_WORDS not in api.content.decode()
        listing = client.get("/api/v1/directives/")
        assert SECRET_WORDS not in listing.content.decode()
        client.logout()
        for url in ["/cong-khai/", f"/cong-khai/?q={directive.number}", "/cong-khai/du-lieu.json"]:
            assert SECRET_WORDS not in client.get(url).content.decode()


def test_a_leader_does_not_read_the_report_of_a_secret_task(client, users, directive, agency_skhcn):
    """Reports followed their task's confidentiality nowhere: a leader opened /bao-cao/<id>/ of a secret task's
    report and listed it in the API. Now neither; the inspection commission and the standing office read it."""
    from giamsat.reporting.tests.factories import ProgressReportFactory

    secret = directive.tasks.get(confidentiality=Confidentiality.SECRET)
    report = ProgressReportFactory(task=secret, agency=agency_skhcn, work_done=SECRET_WORDS)
    url = reverse("reporting:report_review", args=[report.pk])
    client.force_login(users["leader"])
    assert client.get(url).status_code == 404
    assert SECRET_WORDS not in client.get("/api/v1/reports/", {"page_size": 500}).content.decode()
    for role in ("inspector", "standing_office"):
        client.force_login(users[role])
        assert SECRET_WORDS in client.get(url).content.decode()

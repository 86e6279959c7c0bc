"""Published results on the public portal ("Ba công khai"): what the standing office publishes appears,
nothing else does — proven on every public page and download, for a task with internal narratives,
internal evidence and a secret and an internal sibling."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.portal.selectors import OPEN_DATA_FIELDS
from giamsat.reporting import services
from giamsat.reporting.choices import EvidenceKind, ReportStatus, ReviewDecision
from giamsat.reporting.models import Evidence, ProgressReport
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PUBLIC_PDF = b"%PDF-1.4\n% Quyet dinh cong bo nen tang\n%%EOF\n"
INTERNAL_PDF = b"%PDF-1.4\n% BIEN BAN HOP NOI BO\n%%EOF\n"

PUBLIC_TITLE = "Vận hành nền tảng dữ liệu mở cấp tỉnh"
PUBLIC_PRODUCT = "Nền tảng dữ liệu mở đã vận hành chính thức"
PUBLIC_EVIDENCE_TEXT = "Quyết định công bố nền tảng dữ liệu mở"
PUBLIC_URL = "https://congkhai.example.vn/ket-qua-nen-tang"
PUBLIC_DOCUMENT = "99/QĐ-UBND"

INTERNAL = [
    # the public task's own internal fields
    "Ghi chú nội bộ về nhân sự phụ trách",
    # the accepted report's narratives and the review
    "Tường thuật nội bộ về công việc",
    "Khó khăn nội bộ về kinh phí",
    "Kiến nghị nội bộ xin thêm biên chế",
    "Ý kiến thẩm định nội bộ cần bổ sung",
    # evidence not marked public (file and link), and the uploaded name of the public file
    "Biên bản họp nội bộ chưa công bố",
    "bien-ban-noi-bo.pdf",
    "https://noibo.example.vn/tai-lieu-noi-bo",
    "Đường dẫn nội bộ",
    "Nguyen-Van-Ten-Nguoi.pdf",
    # a product the standing office did not publish, and one of a returned report
    "Sản phẩm chưa được công khai",
    "Sản phẩm của báo cáo bị trả lại",
    "Minh chứng của báo cáo bị trả lại",
    # siblings
    "Phương án mật về an ninh mạng tỉnh",
    "Sản phẩm của nhiệm vụ mật",
    "Minh chứng của nhiệm vụ mật",
    "Việc nội bộ chưa công bố ra ngoài",
    "Sản phẩm của nhiệm vụ nội bộ",
    "Minh chứng của nhiệm vụ nội bộ",
    # people (full names and last names of everyone who touched the reports)
    "Soạn Báo Cáo",
    "Phê Duyệt Viên",
    "Thẩm Định Viên",
    "Phối Hợp Viên",
    "Giám Đốc Tài Chính",
]
PUBLIC = [PUBLIC_TITLE, PUBLIC_PRODUCT, PUBLIC_EVIDENCE_TEXT, PUBLIC_URL, PUBLIC_DOCUMENT]


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


def accepted_report_with_published_flags(task, agency, product, evidence_text):
    """A report published before its task became internal or secret (flags set as the service would have)."""
    report = ProgressReportFactory(
        task=task,
        agency=agency,
        state="completed",
        progress_percent=100,
        product=product,
        delivered_on=datetime.date(2026, 5, 10),
        status=ReportStatus.ACCEPTED,
        result_is_public=True,
    )
    ReviewFactory(report=report, decision=ReviewDecision.ACCEPTED)
    evidence = Evidence(report=report, kind=EvidenceKind.FILE, description=evidence_text, is_public=True)
    evidence.original_name, evidence.content_type, evidence.size = "x.pdf", "application/pdf", len(INTERNAL_PDF)
    evidence.file.save("sibling.pdf", ContentFile(INTERNAL_PDF), save=False)
    evidence.save()
    return report, evidence


@pytest.fixture
def scenario(users, agency_skhcn, agency_finance):
    officer = named(users["officer"], "Hoàng Văn", "Soạn Báo Cáo")
    head = named(users["head"], "Đỗ Thị", "Phê Duyệt Viên")
    office = named(users["standing_office"], "Vũ Minh", "Thẩm Định Viên")
    finance_officer = named(users["other_officer"], "Lý Thị", "Phối Hợp Viên")
    finance_head = UserFactory(
        username="finance-head",
        role=Role.AGENCY_HEAD,
        agency=agency_finance,
        first_name="Ngô",
        last_name="Giám Đốc Tài Chính",
    )
    period = ReportingPeriodFactory(year=2026, month=5)
    earlier = ReportingPeriodFactory(year=2026, month=4)

    task = task_led_by(
        agency_skhcn,
        confidentiality=Confidentiality.PUBLIC,
        title=PUBLIC_TITLE,
        notes="Ghi chú nội bộ về nhân sự phụ trách",
        deadline=datetime.date(2026, 6, 30),
    )
    TaskAssignmentFactory(task=task, agency=agency_finance, role=AssignmentRole.COORDINATING)

    # An earlier accepted report whose product the standing office did not publish.
    earlier_report = services.report_save_draft(
        task=task,
        period=earlier,
        data={"state": "in_progress", "progress_percent": 40, "product": "Sản phẩm chưa được công khai"},
        acting_user=officer,
    )
    services.report_submit(report=earlier_report, acting_user=officer)
    services.report_approve(report=earlier_report, acting_user=head)
    services.report_review(report=earlier_report, decision="accepted", comment="", acting_user=office)

    # The completion report: internal narratives, internal and public evidence, a published product.
    report = services.report_save_draft(
        task=task,
        period=period,
        data={
            "state": "completed",
            "work_done": "Tường thuật nội bộ về công việc",
            "product": PUBLIC_PRODUCT,
            "delivered_on": datetime.date(2026, 6, 10),
            "difficulties": "Khó khăn nội bộ về kinh phí",
            "proposals": "Kiến nghị nội bộ xin thêm biên chế",
        },
        acting_user=officer,
    )
    public_file = services.evidence_add_file(
        report=report,
        name="Nguyen-Van-Ten-Nguoi.pdf",
        data=PUBLIC_PDF,
        acting_user=officer,
        description=PUBLIC_EVIDENCE_TEXT,
    )
    internal_file = services.evidence_add_file(
        report=report,
        name="bien-ban-noi-bo.pdf",
        data=INTERNAL_PDF,
        acting_user=officer,
        description="Biên bản họp nội bộ chưa công bố",
    )
    internal_link = services.evidence_add_reference(
        report=report,
        acting_user=officer,
        url="https://noibo.example.vn/tai-lieu-noi-bo",
        description="Đường dẫn nội bộ",
    )
    public_link = services.evidence_add_reference(report=report, acting_user=officer, url=PUBLIC_URL)
    public_document = services.evidence_add_reference(
        report=report, acting_user=officer, document_number=PUBLIC_DOCUMENT, document_date=datetime.date(2026, 6, 10)
    )
    services.report_submit(report=report, acting_user=officer)
    services.report_approve(report=report, acting_user=head)
    services.report_review(
        report=report, decision="returned", comment="Ý kiến thẩm định nội bộ cần bổ sung", acting_user=office
    )
    services.report_submit(report=ProgressReport.objects.get(pk=report.pk), acting_user=officer)
    services.report_approve(report=ProgressReport.objects.get(pk=report.pk), acting_user=head)
    report = ProgressReport.objects.get(pk=report.pk)
    services.report_review(report=report, decision="accepted", comment="", acting_user=office)
    services.report_publish(
        report=report,
        result_public=True,
        evidence_public_ids={public_file.pk, public_link.pk, public_document.pk},
        acting_user=office,
    )

    # The coordinating agency's report: published while awaiting review, then returned → shown nowhere.
    returned = services.report_save_draft(
        task=task,
        period=period,
        data={"state": "in_progress", "product": "Sản phẩm của báo cáo bị trả lại"},
        acting_user=finance_officer,
    )
    returned_evidence = services.evidence_add_reference(
        report=returned,
        acting_user=finance_officer,
        document_number="12/BC",
        description="Minh chứng của báo cáo bị trả lại",
    )
    services.report_submit(report=returned, acting_user=finance_officer)
    services.report_approve(report=returned, acting_user=finance_head)
    services.report_publish(
        report=ProgressReport.objects.get(pk=returned.pk),
        result_public=True,
        evidence_public_ids={returned_evidence.pk},
        acting_user=office,
    )
    services.report_review(
        report=ProgressReport.objects.get(pk=returned.pk), decision="returned", comment="Bổ sung", acting_user=office
    )

    secret = task_led_by(
        agency_skhcn,
        confidentiality=Confidentiality.SECRET,
        directive=task.directive,
        title="Phương án mật về an ninh mạng tỉnh",
    )
    _secret_report, secret_evidence = accepted_report_with_published_flags(
        secret, agency_skhcn, "Sản phẩm của nhiệm vụ mật", "Minh chứng của nhiệm vụ mật"
    )
    internal = task_led_by(
        agency_skhcn,
        confidentiality=Confidentiality.INTERNAL,
        directive=task.directive,
        title="Việc nội bộ chưa công bố ra ngoài",
    )
    TaskAssignmentFactory(task=internal, agency=agency_finance, role=AssignmentRole.COORDINATING)
    _internal_report, internal_evidence = accepted_report_with_published_flags(
        internal, agency_skhcn, "Sản phẩm của nhiệm vụ nội bộ", "Minh chứng của nhiệm vụ nội bộ"
    )
    return {
        "task": task,
        "report": report,
        "secret": secret,
        "internal": internal,
        "public_file": public_file,
        "not_public_evidence": [internal_file, internal_link, returned_evidence, secret_evidence, internal_evidence],
        "public_reference_evidence": [public_link, public_document],
        "skhcn": agency_skhcn,
        "finance": agency_finance,
        "office": office,
    }


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8-sig")


def public_pages(client, s) -> dict:
    index = reverse("portal:index")
    urls = [
        index,
        index + "?q=du+lieu+mo",
        index + "?q=an+ninh+mang",
        index + "?q=viec+noi+bo",
        index + f"?agency={s['skhcn'].pk}",
        index + f"?agency={s['finance'].pk}",
        reverse("portal:agency_detail", args=[s["skhcn"].pk]),
        reverse("portal:agency_detail", args=[s["finance"].pk]),
        reverse("portal:task_detail", args=[s["task"].pk]),
        reverse("portal:evidence_download", args=[s["public_file"].pk]),
        reverse("portal:open_data", args=["csv"]),
        reverse("portal:open_data", args=["json"]),
    ]
    return {url: client.get(url) for url in urls}


def forbidden_pages(s) -> list[str]:
    return [
        reverse("portal:task_detail", args=[s["secret"].pk]),
        reverse("portal:task_detail", args=[s["internal"].pk]),
        reverse("portal:task_detail", args=[999999]),
        reverse("portal:agency_detail", args=[999999]),
        *(reverse("portal:evidence_download", args=[e.pk]) for e in s["not_public_evidence"]),
        *(reverse("portal:evidence_download", args=[e.pk]) for e in s["public_reference_evidence"]),  # not files
        reverse("portal:evidence_download", args=[999999]),
    ]


class PublicPagesLeakTests:
    def test_no_internal_string_on_any_public_page_or_download(self, client, scenario):
        for url, response in public_pages(client, scenario).items():
            assert response.status_code == 200, url
            text = body(response)
            for internal in INTERNAL:
                assert internal not in text, (url, internal)
        for url in forbidden_pages(scenario):
            response = client.get(url)
            assert response.status_code == 404, url
            text = body(response)
            for internal in INTERNAL:
                assert internal not in text, (url, internal)

    def test_the_published_results_appear(self, client, scenario):
        page = client.get(reverse("portal:task_detail", args=[scenario["task"].pk])).content.decode()
        for text in PUBLIC:
            assert text in page, text
        assert "10/06/2026" in page  # delivery date and document date, dd/mm/yyyy
        assert "30/06/2026" in page  # deadline
        assert scenario["skhcn"].name in page and scenario["finance"].name in page
        assert reverse("portal:evidence_download", args=[scenario["public_file"].pk]) in page
        assert "Hoàn thành đúng hạn" in page

    def test_public_file_downloads_under_a_neutral_name(self, client, scenario):
        response = client.get(reverse("portal:evidence_download", args=[scenario["public_file"].pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PUBLIC_PDF
        assert f"minh-chung-{scenario['public_file'].pk}.pdf" in response["Content-Disposition"]
        assert "Nguyen" not in response["Content-Disposition"]

    def test_withdrawn_or_task_made_internal_hides_everything(self, client, scenario):
        task, file_url = scenario["task"], reverse("portal:evidence_download", args=[scenario["public_file"].pk])
        services.report_publish(
            report=scenario["report"], result_public=False, evidence_public_ids=set(), acting_user=scenario["office"]
        )
        page = client.get(reverse("portal:task_detail", args=[task.pk])).content.decode()
        assert PUBLIC_PRODUCT not in page and PUBLIC_EVIDENCE_TEXT not in page
        assert client.get(file_url).status_code == 404

        services.report_publish(
            report=scenario["report"],
            result_public=True,
            evidence_public_ids={scenario["public_file"].pk},
            acting_user=scenario["office"],
        )
        assert client.get(file_url).status_code == 200
        type(task).objects.filter(pk=task.pk).update(confidentiality=Confidentiality.INTERNAL)
        assert client.get(file_url).status_code == 404
        assert client.get(reverse("portal:task_detail", args=[task.pk])).status_code == 404
        data = json.loads(client.get(reverse("portal:open_data", args=["json"])).content)
        assert PUBLIC_PRODUCT not in json.dumps(data, ensure_ascii=False)


class OpenDataResultsTests:
    def test_json_and_csv_carry_the_published_results(self, client, scenario):
        data = json.loads(client.get(reverse("portal:open_data", args=["json"])).content)
        assert data["fields"] == OPEN_DATA_FIELDS
        assert OPEN_DATA_FIELDS[:10] == [
            "directive_number",
            "directive_title",
            "ref",
            "title",
            "lead",
            "deadline",
            "deadline_text",
            "status",
            "status_label",
            "completed_on",
        ]  # the original schema, unchanged and first
        (row,) = [t for t in data["tasks"] if t["title"] == PUBLIC_TITLE]
        assert row["public_results"] == f"2026-06-10: {PUBLIC_PRODUCT}"
        assert row["public_evidence_count"] == 3
        assert row["completed_on"] == "2026-06-10"

        response = client.get(reverse("portal:open_data", args=["csv"]))
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert list(rows[0].keys()) == OPEN_DATA_FIELDS
        (row,) = [r for r in rows if r["title"] == PUBLIC_TITLE]
        assert (row["public_results"], row["public_evidence_count"]) == (f"2026-06-10: {PUBLIC_PRODUCT}", "3")


class AgencyPageTests:
    def test_counts_by_status_and_tasks_led_and_coordinated(self, client, scenario):
        response = client.get(reverse("portal:agency_detail", args=[scenario["finance"].pk]))
        assert response.status_code == 200
        assert [t.pk for t in response.context["page"]] == [scenario["task"].pk]  # coordinated, public only
        assert response.context["led_total"] == 0
        response = client.get(reverse("portal:agency_detail", args=[scenario["skhcn"].pk]))
        counts = {status: n for status, _label, _color, n in response.context["counts"]}
        assert counts["done_on_time"] == 1 and sum(counts.values()) == 1
        page = response.content.decode()
        assert reverse("portal:task_detail", args=[scenario["task"].pk]) in page
        assert "Hoàn thành đúng hạn" in page

    def test_index_links_tasks_and_agencies(self, client, scenario):
        page = client.get(reverse("portal:index")).content.decode()
        assert reverse("portal:task_detail", args=[scenario["task"].pk]) in page
        assert reverse("portal:agency_detail", args=[scenario["skhcn"].pk]) in page


class PublishServiceTests:
    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_publishes(self, scenario, users, who):
        with pytest.raises(PermissionDenied):
            services.report_publish(
                report=scenario["report"], result_public=False, evidence_public_ids=set(), acting_user=users[who]
            )
        assert ProgressReport.objects.get(pk=scenario["report"].pk).result_is_public

    @pytest.mark.parametrize("confidentiality", [Confidentiality.INTERNAL, Confidentiality.SECRET])
    def test_publishing_on_a_task_that_is_not_public_is_refused(self, users, agency_skhcn, confidentiality):
        task = task_led_by(agency_skhcn, confidentiality=confidentiality)
        report = ProgressReportFactory(task=task, agency=agency_skhcn, product="Sản phẩm", status=ReportStatus.ACCEPTED)
        with pytest.raises(ValidationError, match="Nhiệm vụ không công khai"):
            services.report_publish(
                report=report, result_public=True, evidence_public_ids=set(), acting_user=users["standing_office"]
            )
        assert not ProgressReport.objects.get(pk=report.pk).result_is_public

    @pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED])
    def test_reports_the_agency_can_still_change_cannot_be_published(self, users, agency_skhcn, status):
        task = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC)
        report = ProgressReportFactory(task=task, agency=agency_skhcn, product="Sản phẩm", status=status)
        with pytest.raises(ValidationError):
            services.report_publish(
                report=report, result_public=True, evidence_public_ids=set(), acting_user=users["standing_office"]
            )

    def test_evidence_of_another_report_is_refused(self, scenario):
        other = scenario["not_public_evidence"][-1]  # the internal sibling's
        with pytest.raises(ValidationError):
            services.report_publish(
                report=scenario["report"],
                result_public=True,
                evidence_public_ids={other.pk},
                acting_user=scenario["office"],
            )

    def test_history_records_who_published(self, scenario):
        report, file = scenario["report"], scenario["public_file"]
        last = report.history.order_by("-history_date", "-history_id").first()
        assert (last.result_is_public, last.history_user) == (True, scenario["office"])
        last = file.history.order_by("-history_date", "-history_id").first()
        assert (last.is_public, last.history_user) == (True, scenario["office"])


class PublishViewTests:
    def test_the_standing_office_publishes_from_the_review_page(self, client, scenario):
        report, file = scenario["report"], scenario["public_file"]
        client.force_login(scenario["office"])
        url = reverse("reporting:report_review", args=[report.pk])
        page = client.get(url)
        assert page.context["publish_form"] is not None
        assert 'data-testid="publish-form"' in page.content.decode()
        response = client.post(url, {"action": "publish", "evidence": [file.pk]})
        assert response.status_code == 302 and response.url == url
        report.refresh_from_db()
        assert not report.result_is_public
        assert set(Evidence.objects.filter(report=report, is_public=True).values_list("pk", flat=True)) == {file.pk}
        response = client.post(url, {"action": "publish", "result_public": "on", "evidence": [file.pk]}, follow=True)
        assert "Đã cập nhật nội dung công khai" in response.content.decode()
        report.refresh_from_db()
        assert report.result_is_public

    def test_no_publish_form_on_an_internal_task(self, client, scenario):
        report = scenario["internal"].reports.get()
        client.force_login(scenario["office"])
        page = client.get(reverse("reporting:report_review", args=[report.pk]))
        assert page.context["publish_form"] is None
        assert "Nhiệm vụ không công khai" in page.content.decode()
        response = client.post(
            reverse("reporting:report_review", args=[report.pk]),
            {"action": "publish", "result_public": "on"},
            follow=True,
        )
        assert "Nhiệm vụ không công khai" in response.content.decode()

    @pytest.mark.parametrize(
        ("who", "code"), [("officer", 403), ("head", 403), ("other_officer", 404), ("leader", 403)]
    )
    def test_others_cannot_publish(self, client, users, scenario, who, code):
        report = scenario["report"]
        client.force_login(users[who])
        url = reverse("reporting:report_review", args=[report.pk])
        if code == 403:
            assert 'data-testid="publish' not in client.get(url).content.decode()
        response = client.post(url, {"action": "publish", "evidence": []})
        assert response.status_code == code
        report.refresh_from_db()
        assert report.result_is_public
        assert Evidence.objects.filter(report=report, is_public=True).count() == 3

    def test_anonymous_is_sent_to_sign_in(self, client, scenario):
        url = reverse("reporting:report_review", args=[scenario["report"].pk])
        assert client.post(url, {"action": "publish"}).status_code == 302
        assert ProgressReport.objects.get(pk=scenario["report"].pk).result_is_public


def published_task(agency, n):
    task = task_led_by(agency, confidentiality=Confidentiality.PUBLIC, title=f"Nhiệm vụ công khai số {n}")
    report = ProgressReportFactory(
        task=task,
        agency=agency,
        state="completed",
        product=f"Sản phẩm {n}",
        delivered_on=datetime.date(2026, 5, 1),
        status=ReportStatus.ACCEPTED,
        result_is_public=True,
    )
    ReviewFactory(report=report, decision=ReviewDecision.ACCEPTED)
    Evidence.objects.create(report=report, kind=EvidenceKind.LINK, url=f"https://example.vn/{n}", is_public=True)
    Evidence.objects.create(report=report, kind=EvidenceKind.DOCUMENT, document_number=f"{n}/QĐ", is_public=True)
    return task


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class PublicQueryCountTests:
    def test_query_counts_do_not_grow_with_the_number_of_tasks(
        self, client, agency_skhcn, django_assert_max_num_queries
    ):
        first = published_task(agency_skhcn, 0)
        for n in range(1, 3):
            published_task(agency_skhcn, n)
        urls = [
            reverse("portal:index"),
            reverse("portal:index") + "?q=cong+khai",
            reverse("portal:agency_detail", args=[agency_skhcn.pk]),
            reverse("portal:task_detail", args=[first.pk]),
            reverse("portal:open_data", args=["csv"]),
            reverse("portal:open_data", args=["json"]),
        ]
        few = {url: count_queries(client, url) for url in urls}
        for n in range(3, 30):
            published_task(agency_skhcn, n)
        for n in range(5):  # more published reports on the one task page
            report = ProgressReportFactory(
                task=first,
                agency=agency_skhcn,
                period=ReportingPeriodFactory(year=2025, month=n + 1),
                product=f"Sản phẩm thêm {n}",
                status=ReportStatus.ACCEPTED,
                result_is_public=True,
            )
            Evidence.objects.create(
                report=report, kind=EvidenceKind.LINK, url=f"https://example.vn/x{n}", is_public=True
            )
        for url in urls:
            with django_assert_max_num_queries(few[url]):
                assert client.get(url).status_code == 200
        assert len(json.loads(client.get(urls[-1]).content)["tasks"]) == 30

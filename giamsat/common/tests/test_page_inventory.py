"""Every page, for every role: the permission matrix, no server error, and no English left on the Vietnamese pages.

With the sample directives and the demo reports, each role (signed out, standing office, leader, agency officer,
agency head, administrator, inspection commission) asks for every URL pattern that answers GET — found by walking
the URLconf, so a new page is checked without being listed here — with the ids of existing objects, plus the
admin's index and one changelist per app. Files, the API's JSON and POST-only addresses are left out (listed below,
by name).

Each answer is the one the permission matrix (ACCESS) gives for the page and role, never 500; an HTML answer's
visible text (403 and 404 pages too; script and style left out, entities decoded, with the attributes people read:
placeholder, title, aria-label, alt) holds none of the English UI words below, matched as whole words and
case-sensitively ('No' is caught, 'Nội' is not).
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.importing import import_batch_stage
from giamsat.directives.models import ExtensionRequest, Task
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.explanations.tests.factories import ExplanationRequestFactory
from giamsat.indicators.tests.factories import IndicatorFactory
from giamsat.jobs.services import job_start
from giamsat.notifications.services import notify
from giamsat.reporting.demo import demo_reports_load
from giamsat.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

# Not pages: files and data (their own tests check them), addresses that only take POST.
SKIPPED = {
    "set_language",  # POST
    "accounts:logout",  # POST
    "javascript-catalog",  # JavaScript
    "portal:open_data",  # CSV, JSON
    "portal:evidence_download",
    "reporting:evidence_download",
    "reporting:evidence_view",  # the file itself, shown inline
    "reporting:bulk_excel",  # GET answers the Excel template
    # Starts a background job (302 to its page) where LibreOffice is installed, else explains why not (503): the
    # answer depends on the machine; documents/tests check both. The Word summary beside it is in the matrix.
    "documents:agency_summary_pdf",
    "api:schema",
    "jobs:download",  # the job's result file
    "indicators:evidence_download",
    "indicators:values_import_template",  # an Excel file
    "indicators:milestone_add",  # POST
    "indicators:milestone_remove",  # POST
    "indicators:value_action",  # POST
    "explanations:evidence_download",
    "portal:indicator_open_data",  # CSV, JSON
}
# The API answers JSON; its documentation page is HTML and is checked.
API_PAGES = {"api:docs"}

# English words of a user interface. Capitalised words match as written (a heading, a button, a menu); the
# lower-case ones are English grammar words that no Vietnamese sentence holds.
# fmt: off
ENGLISH = [
    "Tasks", "Task", "Save", "Search", "Filter", "Next", "Previous", "Add", "Delete", "Change", "Home",
    "Log in", "Log out", "Login", "Logout", "Sign in", "Password", "Username", "Access attempts",
    "Access attempt", "Access failures", "Access logs", "Authentication", "Authorization", "Select", "Submit",
    "Cancel", "Yes", "No", "Page", "View", "Edit", "History", "Show", "Hide", "All", "None", "Loading",
    "Date", "Status", "Name", "Action", "Actions", "Go", "Clear", "Today", "Welcome", "Recent actions",
    "My actions", "Groups", "Users", "Permissions", "Documentation", "Deleted", "Close", "Open", "Back",
    "Download", "Upload", "Export", "Import", "Confirm", "Required", "Optional", "Error", "Warning",
    "Dashboard", "Report", "Reports", "Agency", "Agencies", "Directive", "Directives", "Deadline", "Overdue",
    "Settings", "Profile", "Help", "Total", "Results", "results", "of", "the", "and", "with", "from",
    # the admin's own words (Django's Vietnamese catalog predates them) and django-axes'
    "Run", "Pagination", "Breadcrumbs", "Sidebar", "Toggle", "navigation", "link", "models", "Model", "counts",
    "True", "False", "Axes", "Attempt", "Locked", "Expires", "Failed", "Logins", "Path",
]
# fmt: on
# Proper nouns and names of formats that Vietnamese pages use as they are.
ALLOWED = {"PDF", "Excel", "API", "OpenAPI", "Word", "HTMX", "email", "CSV", "JSON", "OK", "Swagger"}
PATTERN = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(ENGLISH, key=len, reverse=True)) + r")(?!\w)")
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# The admin draws a yes/no column as an icon whose alt text is Python's True/False/None, written by Django
# (contrib.admin.templatetags.admin_list._boolean_icon) without gettext: not ours to translate, left out.
ADMIN_ICONS = {"True", "False", "None"}


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes outside script/style, and the attributes above."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and not (tag == "img" and name == "alt" and value in ADMIN_ICONS):
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button") and dict(attrs).get("value"):
            self.parts.append(dict(attrs)["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> list[str]:
    """The English UI words of a page's visible text, each with a little of its context."""
    text = visible_text(html)
    found = []
    for match in PATTERN.finditer(text):
        if match.group(1) not in ALLOWED:
            found.append(f"{match.group(1)!r} in “…{text[max(0, match.start() - 40) : match.end() + 40]}…”")
    return found


def test_the_detector():
    assert english_words("<h1>Tasks 17</h1>") and english_words('<input placeholder="Search">')
    assert english_words("<p>1 of 3</p>") and english_words("<a>Log out</a>")
    assert not english_words("<h1>Nhiệm vụ 17</h1><p>Nội dung · Không · Tải PDF, Excel</p>")
    assert not english_words("<script>var Tasks = 1;</script><style>.No {}</style><p>Nhiệm vụ</p>")
    assert not english_words("<p>Thông báo &amp; kết luận</p>") and english_words("<p>Save&nbsp;</p>")


# --- the world and the addresses --------------------------------------------------------------------------------


@pytest.fixture
def world(samples, users, agency_skhcn):
    """The samples, the demo reports of Sở KH&CN, a staged import; one object of each kind the addresses name."""
    demo_reports_load(today=datetime.date(2026, 11, 22))
    task = (
        Task.objects.filter(
            confidentiality=Confidentiality.PUBLIC,
            assignments__role=AssignmentRole.LEAD,
            assignments__agency=agency_skhcn,
            reports__isnull=False,
        )
        .distinct()
        .order_by("directive_id", "position")
        .first()
    )
    sample = SAMPLE_DIR / "002_025e011caf0adbee.txt"
    batch = import_batch_stage(data=sample.read_bytes(), name=sample.name, acting_user=users["standing_office"])
    # A pending extension request of the lead agency (written as its service would: the model alone, so that this
    # test does not depend on the service's rules of the day).
    extension = ExtensionRequest.objects.create(
        task=task,
        agency=agency_skhcn,
        reason="Chờ kết quả thẩm định của Bộ",
        current_deadline=task.deadline,
        proposed_deadline=(task.deadline or datetime.date(2026, 12, 31)) + datetime.timedelta(days=90),
        requested_by=users["officer"],
    )
    ids = {
        "task_id": task.pk,
        "request_id": extension.pk,
        "directive_id": task.directive_id,
        "agency_id": agency_skhcn.pk,
        "report_id": ProgressReport.objects.filter(task=task).order_by("pk").first().pk,
        "batch_id": batch.pk,
        "job_id": job_start("test_count", owner=users["standing_office"], title="Việc thử").pk,
        "notification_id": notify([users["officer"]], "task_assigned", "Nhiệm vụ mới", f"/nhiem-vu/{task.pk}/")[0].pk,
        # An internal indicator of the lead agency (the officer and head see it, reports values on it), and a
        # request for explanation on the task addressed to it.
        "pk": IndicatorFactory(agency=agency_skhcn, is_public=False).pk,
        "explanation_id": ExplanationRequestFactory(task=task, agency=agency_skhcn, asked_by=users["leader"]).pk,
    }
    assert all(ids.values()), ids
    assert Agency.objects.filter(pk=ids["agency_id"]).exists()
    return ids


def patterns(resolver=None, namespace=""):
    """(name, pattern) of every named URL pattern outside the admin."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            if inner != "admin":
                yield from patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern


def addresses(ids: dict) -> dict[str, str]:
    """{name: address} of every page to ask for: each named pattern, the admin's index, login and changelists."""
    urls = {}
    for name, pattern in patterns():
        if name in SKIPPED or (name.startswith("api:") and name not in API_PAGES):
            continue
        params = list(pattern.regex.groupindex)
        unknown = [p for p in params if p not in ids]
        assert not unknown, f"{name}: which object for {unknown}? add one to the `world` fixture"
        urls[name] = reverse(name, kwargs={p: ids[p] for p in params})
    urls["admin:index"] = reverse("admin:index")
    urls["admin:login"] = reverse("admin:login")
    first_model = {}
    for model in admin.site._registry:
        first_model.setdefault(model._meta.app_label, model)
    for label, model in sorted(first_model.items()):
        urls[f"admin:{label}_{model._meta.model_name}_changelist"] = reverse(
            f"admin:{label}_{model._meta.model_name}_changelist"
        )
    return dict(sorted(urls.items()))


ROLES = ["anonymous", "standing_office", "leader", "officer", "head", "administrator", "inspector"]
# The permission matrix: what each role gets for each page of the world above (the officer and head are of the
# task's lead agency, Sở KH&CN; the task is public). 200 the page, 302 elsewhere (to sign in, to the user's own
# start), 403 refused, 404 not found for this user. Every page is listed: a new route fails the test until its row is
# written here, and a changed answer fails it until the row is changed, on purpose.
# fmt: off
ACCESS = {  # anonymous, standing office, leader, officer, head, administrator, inspector
    "accounts:login": "200 302 302 302 302 302 302",
    "accounts:password_change": "302 200 200 200 200 200 200",
    "accounts:password_change_done": "302 200 200 200 200 200 200",
    "accounts:personal_data": "302 200 200 200 200 200 200",
    "accounts:personal_data_download": "302 200 200 200 200 200 200",
    "accounts:privacy_notice": "200 200 200 200 200 200 200",
    "accounts:two_factor": "302 200 200 200 200 200 200",
    "accounts:two_factor_disable": "302 200 200 302 302 200 200",
    "accounts:two_factor_enrol": "302 200 200 200 200 200 200",
    "accounts:two_factor_recovery_codes": "302 200 200 302 302 200 200",
    "accounts:two_factor_verify": "302 302 302 302 302 302 302",
    "admin:accounts_user_changelist": "302 403 302 302 302 200 302",
    "admin:agencies_agency_changelist": "302 200 302 302 302 200 302",
    "admin:api_apitoken_changelist": "302 403 302 302 302 200 302",
    "admin:auth_group_changelist": "302 403 302 302 302 200 302",
    "admin:axes_accessattempt_changelist": "302 403 302 302 302 200 302",
    "admin:directives_directive_changelist": "302 200 302 302 302 200 302",
    "admin:index": "302 200 302 302 302 200 302",
    "admin:jobs_job_changelist": "302 403 302 302 302 200 302",
    "admin:login": "200 302 200 200 200 302 200",
    "admin:reporting_reportingperiod_changelist": "302 200 302 302 302 200 302",
    "admin:explanations_explanationrequest_changelist": "302 200 302 302 302 200 302",
    "admin:indicators_indicator_changelist": "302 200 302 302 302 200 302",
    "agencies:agency_detail": "302 200 200 200 200 200 200",
    "agencies:agency_list": "302 200 200 200 200 200 200",
    "api:docs": "302 200 200 200 200 200 200",
    "audit:export": "302 403 403 403 403 200 200",
    "audit:list": "302 403 403 403 403 200 200",
    "directives:directive_detail": "302 200 200 200 200 200 200",
    "directives:directive_list": "302 200 200 200 200 200 200",
    "directives:extension_detail": "302 200 200 200 200 200 200",
    "directives:extension_list": "302 200 200 200 200 200 200",
    "directives:extension_request": "302 403 403 200 200 403 403",
    "directives:import_preview": "302 200 403 403 403 200 403",
    "directives:import_upload": "302 200 403 403 403 200 403",
    "directives:task_close": "302 200 403 403 403 200 403",
    "directives:task_detail": "302 200 200 200 200 200 200",
    "directives:task_edit": "302 200 404 404 404 200 404",
    "directives:task_list": "302 200 200 200 200 200 200",
    "directives:task_reopen": "302 404 403 403 403 404 403",
    "documents:agency_summary": "302 302 302 302 302 302 302",  # a job for the summary, then its page
    "documents:agency_summary_pick": "302 302 302 302 302 302 302",
    "documents:index": "302 200 200 200 200 200 200",
    "documents:monthly_report": "302 302 302 403 403 302 302",  # a job for the report, then its page
    "documents:task_list_export": "302 302 302 302 302 302 302",
    "explanations:ask": "302 404 404 404 404 404 404",  # without a task or an indicator to ask about
    "explanations:detail": "302 200 200 200 200 200 200",  # the officer and head: their agency is asked
    "explanations:list": "302 200 200 200 200 200 200",
    "favicon": "200 200 200 200 200 200 200",
    "home": "302 302 302 302 302 302 302",
    "indicators:create": "302 200 403 403 403 200 403",
    "indicators:detail": "302 200 200 200 200 200 200",  # internal, of the officer's and head's agency
    "indicators:edit": "302 200 403 403 403 200 403",
    "indicators:indices": "302 200 200 200 200 200 200",
    "indicators:list": "302 200 200 200 200 200 200",
    "indicators:proposals": "302 200 403 403 403 200 403",
    "indicators:value_edit": "302 403 403 200 403 403 403",  # the responsible agency's officer reports values
    "indicators:values_import": "302 403 403 200 403 403 403",
    "jobs:detail": "302 200 404 404 404 404 404",
    "jobs:list": "302 200 200 200 200 200 200",
    "monitoring:dashboard": "302 200 200 403 403 200 200",
    "monitoring:remind_late": "302 302 302 302 302 302 302",
    "monitoring:scorecard": "302 200 200 403 403 200 200",
    "monitoring:warnings": "302 200 200 200 200 200 200",
    "notifications:list": "302 200 200 200 200 200 200",
    "notifications:mark_all_read": "302 302 302 302 302 302 302",  # POST; the address opened leads to the list
    "notifications:open": "302 404 404 302 404 404 404",  # the officer's own: read, then its page
    "notifications:preferences": "302 200 200 200 200 200 200",
    "portal:agency_detail": "200 200 200 200 200 200 200",
    "portal:index": "200 200 200 200 200 200 200",
    "portal:indicators": "200 200 200 200 200 200 200",
    "portal:task_detail": "200 200 200 200 200 200 200",
    "reporting:enter_on_behalf": "302 200 403 403 403 200 403",
    "reporting:my_reports": "302 302 302 200 200 302 302",
    "reporting:report_edit": "302 404 404 200 200 404 404",
    "reporting:report_review": "302 200 200 200 200 200 200",
    "reporting:review_queue": "302 200 403 403 403 200 403",
}
# fmt: on


def test_every_page_answers_as_the_matrix_says_and_speaks_vietnamese(client, world, users):
    """One test for the seven roles: the world is built once (the samples and demo reports take seconds)."""
    problems = []
    urls = addresses(world)
    statuses = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        for name, url in urls.items():
            response = client.get(url)
            statuses[(name, role)] = response.status_code
            if response.status_code not in (200, 302, 403, 404):
                problems.append(f"{role} {url}: status {response.status_code}")
                continue
            if response.status_code != 302 and response["Content-Type"].startswith("text/html"):
                problems += [f"{role} {url}: {found}" for found in english_words(response.content.decode())]
    for name in urls:
        answered = " ".join(str(statuses[(name, role)]) for role in ROLES)
        if ACCESS.get(name) != answered:
            problems.append(f"{name}: the matrix says {ACCESS.get(name)!r}, the pages answered {answered!r}")
    problems += [f"{name}: in the matrix, but no such page" for name in sorted(set(ACCESS) - set(urls))]
    assert not problems, "\n".join(problems)

"""Targets found at import, in Chromium: the standing office opens the directive it has just imported (seed 000,
through the extractor like any upload), follows "Chỉ tiêu đề xuất từ văn bản này", accepts two proposed indicators
(renaming one), and finds both in the indicator list. Every page visited is scanned with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from giamsat.directives.importing import directive_import_file
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.indicators.choices import ProposalDecision
from giamsat.indicators.models import Indicator, TargetProposal

from .test_journeys import sign_in

SEED = "000_574d689b82046503"
FIVE_G = "Tỷ lệ phủ sóng 5G đạt 95%"
PROJECTS = "Có 45 công trình khoa học và công nghệ cấp tỉnh được nghiệm thu"
NEW_NAME = "Tỷ lệ dân số được phủ sóng 5G"


@pytest.fixture
def directive(transactional_db, registry, users):
    path = SAMPLE_DIR / f"{SEED}.txt"
    imported = directive_import_file(
        data=path.read_bytes(), name=path.name, acting_user=users["standing_office"], source_reference=f"sample:{SEED}"
    )
    return imported.result.directive


def proposal(page, phrase: str):
    """The card of the proposal whose marked phrase is exactly `phrase`."""
    return page.get_by_test_id("proposal").filter(
        has=page.locator("mark", has_text=re.compile(f"^{re.escape(phrase)}$"))
    )


@pytest.mark.browser
def test_the_standing_office_accepts_two_proposed_indicators(live_server, users, directive, page, screenshot, axe):
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(live_server.url + reverse("directives:directive_detail", args=[directive.pk]))
    page.get_by_test_id("proposals-link").click()
    expect(page.get_by_role("heading", name="Chỉ tiêu đề xuất từ văn bản")).to_be_visible()
    five_g = proposal(page, FIVE_G)
    expect(five_g.locator("mark")).to_have_text(FIVE_G)
    axe(page)
    screenshot(page, "indicator-proposals")

    five_g.get_by_label("Tên chỉ tiêu").fill(NEW_NAME)
    five_g.get_by_role("button", name="Nhận", exact=True).click()
    five_g = proposal(page, FIVE_G)
    expect(five_g.get_by_test_id("proposal-result")).to_contain_text(NEW_NAME)

    projects = proposal(page, PROJECTS)
    expect(projects.get_by_label("Đơn vị tính")).to_have_value("công trình")
    projects.get_by_role("button", name="Nhận", exact=True).click()
    projects = proposal(page, PROJECTS)
    expect(projects.get_by_test_id("proposal-result")).to_contain_text("Số công trình khoa học")
    expect(page.get_by_test_id("proposal-counts")).to_contain_text("2 đã nhận")
    axe(page)
    screenshot(page, "indicator-proposals-accepted")

    accepted = TargetProposal.objects.filter(decision=ProposalDecision.ACCEPTED).select_related("indicator")
    assert sorted(p.indicator.name for p in accepted) == sorted(
        [NEW_NAME, "Số công trình khoa học và công nghệ cấp tỉnh được nghiệm thu"]
    )
    assert {t.ref for i in Indicator.objects.all() for t in i.tasks.all()} == {"10", "42"}

    page.goto(live_server.url + reverse("indicators:list"))
    expect(page.get_by_text(NEW_NAME)).to_be_visible()
    expect(page.get_by_text("Số công trình khoa học và công nghệ cấp tỉnh được nghiệm thu")).to_be_visible()
    axe(page)

"""A leader's first sign-in with two-factor authentication: enrolment (the key read from the page, the code computed
as the phone's app would), the recovery codes shown once, then signing out and in again with a code."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from giamsat.accounts.tests.factories import PASSWORD, totp_code

from .test_journeys import LOGIN_PATH, TASKS_PATH, VERIFY_PATH

ENROL_PATH = "/tai-khoan/bao-mat/xac-thuc-hai-lop/"
CODES_PATH = "/tai-khoan/bao-mat/ma-du-phong/"


def password_step(page, live_server, username: str) -> None:
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


@pytest.mark.browser
def test_leader_enrols_sees_recovery_codes_and_signs_in_with_a_code(
    transactional_db, live_server, users, page, screenshot, axe
):
    leader = users["leader"]
    assert not TOTPDevice.objects.filter(user=leader).exists()

    # The password alone leads to enrolment, and nowhere else.
    password_step(page, live_server, leader.username)
    expect(page).to_have_url(re.compile(re.escape(ENROL_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật xác thực hai lớp")
    expect(page.get_by_text("Vai trò của bạn bắt buộc dùng xác thực hai lớp")).to_be_visible()
    expect(page.locator("#main-nav")).to_have_count(0)  # no menu to pages it cannot reach yet
    expect(page.locator(".qr-box svg")).to_be_visible()  # drawn by the server, nothing fetched from elsewhere
    screenshot(page, "two-factor-enrol")
    axe(page)
    page.goto(live_server.url + TASKS_PATH)
    expect(page).to_have_url(re.compile(re.escape(ENROL_PATH)))

    # The key as a person would type it into the app; the app's code confirms it.
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    code = f"{TOTP(b32decode(secret.replace(' ', ''))).token():06d}"
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận và bật").click()

    # Ten recovery codes, once, with a way to print and copy them (the buttons come with two-factor.js).
    expect(page).to_have_url(re.compile(re.escape(CODES_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mã dự phòng")
    expect(page.get_by_text("Đã bật xác thực hai lớp.")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("button", name="In các mã")).to_be_visible()
    expect(page.get_by_role("button", name="Chép các mã")).to_be_visible()
    screenshot(page, "two-factor-recovery-codes")
    axe(page)
    first_code = page.locator("#recovery-codes li").first.inner_text()
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page).to_have_url(live_server.url + TASKS_PATH)
    page.goto(live_server.url + CODES_PATH)
    expect(page.get_by_text(first_code)).to_have_count(0)  # shown once
    axe(page)

    # The account page says it is on; the role cannot turn it off.
    page.get_by_role("link", name=leader.get_full_name()).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảo mật tài khoản")
    expect(page.get_by_text("Đang bật")).to_be_visible()
    expect(page.get_by_role("link", name="Tắt xác thực hai lớp")).to_have_count(0)
    axe(page)

    # Sign out, sign in: password, then the code.
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(live_server.url + LOGIN_PATH)
    password_step(page, live_server, leader.username)
    expect(page).to_have_url(re.compile(re.escape(VERIFY_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai lớp")
    screenshot(page, "two-factor-verify")
    axe(page)
    page.get_by_label("Mã xác thực").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page.get_by_text("Mã không đúng hoặc đã được dùng.")).to_be_visible()
    axe(page)  # the error beside its field
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code before checking the next
    page.get_by_label("Mã xác thực").fill(totp_code(TOTPDevice.objects.get(user=leader)))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page).to_have_url(live_server.url + TASKS_PATH)
    expect(page.locator("#main-nav")).to_be_visible()

"""Tokens: issued by administrators, shown once, stored hashed, revocable, last use recorded."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from giamsat.api.choices import TokenScope
from giamsat.api.models import ApiToken
from giamsat.api.tokens import token_create, token_revoke

from .conftest import bearer

pytestmark = pytest.mark.django_db
TASKS = "/api/v1/tasks/"


def test_the_key_is_stored_only_as_its_hash(tokens):
    issued = tokens["agency_write"]
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    stored = " ".join(str(value) for value in ApiToken.objects.filter(pk=token.pk).values().first().values())
    assert issued.key.rsplit("_", 1)[1] not in stored
    assert issued.key.startswith(f"gs57_{token.prefix}_")
    assert token.user.role == "agency_officer" and token.user.agency == token.agency
    assert not token.user.has_usable_password()


def test_only_administrators_issue_and_revoke(users, agency_skhcn, tokens):
    for who in ("standing_office", "officer", "leader"):
        with pytest.raises(PermissionDenied):
            token_create(name="x", scope=TokenScope.AGENCY_READ, agency=agency_skhcn, acting_user=users[who])
        with pytest.raises(PermissionDenied):
            token_revoke(token=tokens["agency_read"].token, acting_user=users[who])


def test_a_revoked_token_is_refused_and_the_last_use_is_recorded(client, users, tokens):
    issued = tokens["agency_read"]
    assert issued.token.last_used_at is None
    assert client.get(TASKS, **bearer(issued)).status_code == 200
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None
    token_revoke(token=issued.token, acting_user=users["administrator"])
    response = client.get(TASKS, **bearer(issued))
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "message": "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
    }
    assert issued.token.history.filter(revoked_at__isnull=False, history_user=users["administrator"]).exists()


@pytest.mark.parametrize("header", ["Bearer gs57_deadbeef_nope", "Bearer nonsense", "Bearer a b"])
def test_wrong_keys_are_refused_in_vietnamese(client, tokens, header):
    response = client.get(TASKS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_the_administrator_issues_a_token_in_the_admin_and_sees_the_key_once(client, users, agency_skhcn):
    client.force_login(users["administrator"])
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "LGSP tỉnh", "scope": TokenScope.AGENCY_WRITE, "agency": agency_skhcn.pk, "rate_per_minute": 60},
        follow=True,
    )
    token = ApiToken.objects.get(name="LGSP tỉnh")
    shown = [str(m) for m in response.context["messages"] if f"gs57_{token.prefix}_" in str(m)]
    assert len(shown) == 1
    key = shown[0].rsplit(": ", 1)[1]
    assert client.get(TASKS, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    change_page = client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert key not in change_page


def test_an_agency_token_needs_an_agency_in_the_admin(client, users):
    client.force_login(users["administrator"])
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "Thiếu cơ quan", "scope": TokenScope.AGENCY_READ, "rate_per_minute": 60},
    )
    assert "Mã truy cập của cơ quan phải gắn với một cơ quan." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_standing_office_cannot_open_tokens_in_the_admin(client, users):
    client.force_login(users["standing_office"])
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 403

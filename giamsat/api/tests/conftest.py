import pytest
from django.core.cache import cache

from giamsat.api.choices import TokenScope
from giamsat.api.tokens import token_create


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def tokens(users, agency_skhcn, agency_finance):
    """One token of each kind; agency tokens for Sở KH&CN, and a writer for Sở Tài chính (the neighbour)."""
    admin = users["administrator"]

    def issue(name, scope, agency=None):
        return token_create(name=name, scope=scope, agency=agency, acting_user=admin, rate_per_minute=100000)

    return {
        "public": issue("Cổng dữ liệu mở", TokenScope.PUBLIC_READ),
        "agency_read": issue("Kho dữ liệu Sở KH&CN", TokenScope.AGENCY_READ, agency_skhcn),
        "agency_write": issue("Hệ thống văn bản Sở KH&CN", TokenScope.AGENCY_WRITE, agency_skhcn),
        "neighbour_write": issue("Hệ thống Sở Tài chính", TokenScope.AGENCY_WRITE, agency_finance),
        "office": issue("Kho dữ liệu tỉnh", TokenScope.STANDING_OFFICE),
    }


def bearer(issued) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.key}"}

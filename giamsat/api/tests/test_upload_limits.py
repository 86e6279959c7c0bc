"""An oversized upload to the API is refused while it streams in, in JSON (giamsat.common.uploads)."""

import datetime

import pytest

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import ProgressReport
from tests.security.test_hostile_files import MB, StreamedBody

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("size", "read_at_most"), [(200 * MB, 0), (24 * MB, 21 * MB)])
def test_an_oversized_file_is_refused_with_413_before_it_lands(client, tokens, agency_skhcn, size, read_at_most):
    task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
    body = StreamedBody(
        field="file",
        name="bien-ban.pdf",
        size=size,
        fields={"task": task.pk, "period": "2026-11", "state": "in_progress"},
    )
    response = client.post("/api/v1/reports/send/", **body.environ(), **bearer(tokens["agency_write"]))
    assert response.status_code == 413
    message = "Tệp tải lên quá lớn (tối đa 20 MB); tệp chưa được nhận."
    assert response.json() == {"code": "too_large", "message": message}
    assert body.consumed <= read_at_most
    assert not ProgressReport.objects.exists()

"""The search words' trigram index on PostgreSQL: present, and answering exactly as the scan does."""

import pytest
from django.db import connection

from giamsat.directives.filtersets import TaskFilterSet
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import TaskFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index (SQLite scans)"),
]
INDEX = "directives_task_search_trgm"


def found(query: str) -> set[int]:
    return set(TaskFilterSet({"q": query}, queryset=Task.objects.all()).qs.values_list("pk", flat=True))


def test_the_index_exists_and_finds_what_the_scan_finds():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    wanted = {TaskFactory(title="Triển khai chuyển đổi số cấp xã").pk, TaskFactory(title="Số hóa: Chuyển đổi Số").pk}
    TaskFactory(title="Chuyển đổi sóng truyền hình")  # "so" is a whole word: "sóng" does not match
    TaskFactory(title="Đổi mới sáng tạo")
    queries = ["chuyen doi so", "CHUYỂN ĐỔI SỐ", "so"]
    scanned = {q: found(q) for q in queries}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the planner must take the index now
        cursor.execute("EXPLAIN SELECT id FROM directives_task WHERE search_text LIKE '%% chuyen %%'")
        assert INDEX in " ".join(row[0] for row in cursor.fetchall())
    assert {q: found(q) for q in queries} == scanned
    assert scanned["chuyen doi so"] == wanted

"""Data versions: read from the database by every reader, raised only once a write commits, per domain."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from giamsat.agencies.models import Agency
from giamsat.common.cache import (
    AGENCIES,
    DOMAINS,
    REPORTS,
    TASKS,
    cached_figures,
    compute_once,
    data_changed,
    data_versions,
)
from giamsat.common.models import DataVersion


def in_another_connection(function):
    """`function()` in a thread of its own: another database connection, as another worker process has."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)
    if "error" in result:
        raise result["error"]
    return result["value"]


def agency_names():
    return sorted(Agency.objects.filter(code__startswith="thu-").values_list("name", flat=True))


@pytest.mark.django_db(transaction=True)
class VersionsAfterCommitTests:
    def test_an_uncommitted_write_leaves_the_version_others_see_and_the_commit_moves_it(self):
        before = in_another_connection(data_versions)
        with transaction.atomic():
            Agency.objects.create(code="thu-1", name="Sở Thử nghiệm")
            assert in_another_connection(data_versions) == before  # not committed: nothing to see yet
            assert data_versions() == before  # nor here: the version moves with the commit, not before
        after = in_another_connection(data_versions)
        assert after == {**before, AGENCIES: before[AGENCIES] + 1}  # one bump, of the domain written only

    def test_a_reader_between_write_and_commit_cannot_keep_the_old_data_under_the_new_version(self):
        def read():
            return cached_figures(("names",), agency_names, domains=[AGENCIES])

        with transaction.atomic():
            Agency.objects.create(code="thu-1", name="Sở Thử nghiệm")
            assert in_another_connection(read) == []  # the old data, cached under the old version
            assert read() == ["Sở Thử nghiệm"]  # the writer sees its own write, never from the cache
        assert in_another_connection(read) == ["Sở Thử nghiệm"]  # after the commit: the new version, new data

    def test_a_rolled_back_write_bumps_nothing(self):
        before = data_versions()
        with pytest.raises(RuntimeError), transaction.atomic():
            Agency.objects.create(code="thu-1", name="Sở Thử nghiệm")
            raise RuntimeError
        assert data_versions() == before

    def test_a_change_rolled_back_in_a_savepoint_does_not_hide_the_one_that_commits(self):
        before = data_versions()
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                Agency.objects.create(code="thu-1", name="Bỏ đi")
                raise RuntimeError
            Agency.objects.create(code="thu-2", name="Giữ lại")
        assert data_versions()[AGENCIES] == before[AGENCIES] + 1

    def test_many_writes_in_one_transaction_bump_once_per_domain(self):
        before = data_versions()
        with transaction.atomic():
            for n in range(20):
                Agency.objects.create(code=f"thu-{n}", name=f"Sở Thử nghiệm {n}")
            data_changed(TASKS, REPORTS)
        assert data_versions() == {
            AGENCIES: before[AGENCIES] + 1,
            TASKS: before[TASKS] + 1,
            REPORTS: before[REPORTS] + 1,
        }

    def test_versions_start_even_in_an_emptied_database(self):
        DataVersion.objects.all().delete()
        assert data_versions() == dict.fromkeys(DOMAINS, 0)
        data_changed()
        assert data_versions() == dict.fromkeys(DOMAINS, 1)


@pytest.mark.django_db
def test_one_query_per_request_for_all_the_versions(client, django_assert_num_queries):
    client.get("/cong-khai/")  # the public portal's body in the cache
    with django_assert_num_queries(1):  # the versions of every domain, nothing else
        assert client.get("/cong-khai/").status_code == 200


@pytest.mark.django_db
def test_an_unknown_domain_is_refused():
    with pytest.raises(ValueError, match="Unknown data domains"):
        data_changed("task")


class ComputeOnceTests:
    """Ten readers missing the same key at once compute it once: the others wait for the first one's value."""

    key = "giamsat:test:compute-once"

    @pytest.fixture(autouse=True)
    def empty_cache(self):
        cache.delete_many([self.key, f"{self.key}:computing"])
        yield
        cache.delete_many([self.key, f"{self.key}:computing"])

    def counting(self, value):
        calls = []

        def compute():
            calls.append(1)
            return value

        return compute, calls

    def test_a_reader_waits_for_the_value_another_is_computing_instead_of_computing_it_again(self):
        cache.add(f"{self.key}:computing", 1)  # another request is computing it
        compute, calls = self.counting("mine")
        result = {}
        reader = threading.Thread(target=lambda: result.update(value=compute_once(self.key, compute)))
        reader.start()
        cache.set(self.key, "theirs")  # ... and stores its value
        reader.join(timeout=10)
        assert result == {"value": "theirs"}
        assert calls == []

    def test_a_reader_computes_itself_when_the_other_gives_up_without_a_value(self):
        cache.add(f"{self.key}:computing", 1)
        compute, calls = self.counting("mine")
        result = {}
        reader = threading.Thread(target=lambda: result.update(value=compute_once(self.key, compute)))
        reader.start()
        cache.delete(f"{self.key}:computing")  # the other request failed
        reader.join(timeout=10)
        assert result == {"value": "mine"}
        assert calls == [1]
        assert cache.get(self.key) == "mine"

    def test_the_lock_is_released_after_computing_and_after_a_failure(self):
        compute, calls = self.counting("mine")
        assert compute_once(self.key, compute) == "mine"
        assert cache.get(f"{self.key}:computing") is None

        def failing():
            raise RuntimeError("database gone")

        cache.delete(self.key)
        with pytest.raises(RuntimeError):
            compute_once(self.key, failing)
        assert cache.get(f"{self.key}:computing") is None
        assert compute_once(self.key, compute) == "mine"
        assert calls == [1, 1]

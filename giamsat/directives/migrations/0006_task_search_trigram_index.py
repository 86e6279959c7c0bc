"""A trigram index on the folded search words, on PostgreSQL: the search (`LIKE '% word %'`, decision 0004)
no longer reads every task at national scale (70,000 tasks: 64 ms a search without it, docs/performance.md).
SQLite has no such index and keeps scanning, which its embedded sizes allow. Where the database user may not
create the extension (pg_trgm is a trusted extension from PostgreSQL 13: a database owner may), the index is
left out and searching works as before."""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)
INDEX = "directives_task_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON directives_task USING gin (search_text gin_trgm_ops)"
            )
    except DatabaseError as error:
        logger.warning("Không tạo được chỉ mục tìm kiếm trigram (%s); tìm kiếm vẫn chạy, chậm hơn.", error)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directives", "0005_import_batch")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

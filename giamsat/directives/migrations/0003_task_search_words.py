from django.db import migrations

from giamsat.extraction.text import search_words


def recompute(apps, schema_editor):
    Task = apps.get_model("directives", "Task")
    for task in Task.objects.all().only("pk", "ref", "title", "expected_result", "deadline_text"):
        task.search_text = search_words(task.ref, task.title, task.expected_result, task.deadline_text)
        task.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_document_reference_history")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]

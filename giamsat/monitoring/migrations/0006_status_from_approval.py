from django.db import migrations


def refresh(apps, schema_editor):
    """ "Chờ xác nhận" now starts when the agency head approves (sends) a completion report, not when the officer
    submits it: the stored history is written again by the engine's current rule."""
    if not apps.get_model("directives", "Task").objects.exists():
        return
    from giamsat.monitoring.history import status_history_refresh_all

    status_history_refresh_all()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_status_tally"), ("reporting", "0004_report_steps")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]

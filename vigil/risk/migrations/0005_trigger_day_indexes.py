"""Index the day each review-trigger row was recorded (PostgreSQL only).

``risk.triggers.recorded_on`` reads a trigger row's day as its ``created_at`` in
Europe/London. An overdue list asks, for the people no routine date keeps, whether any
trigger row was recorded in a window of days (``risk.queries._with_events_between``):
with these indexes that is a range scan of a year's rows, not a read of every row.

PostgreSQL only: the expression is the one Django compiles for ``TruncDate`` there, and
``timezone(text, timestamptz)`` is immutable. SQLite's Django-registered date function
cannot be relied on outside Django's own connections, and its lists are small.
"""

from django.db import migrations

TABLES = (
    ("nominals_address", "address_recorded_day_idx"),
    ("nominals_householdmember", "household_recorded_day_idx"),
    ("registration_conviction", "conviction_recorded_day_idx"),
    ("registration_possiblebreach", "breach_recorded_day_idx"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            "(((created_at AT TIME ZONE 'Europe/London')::date))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, name in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("nominals", "0003_record_review"),
        ("registration", "0003_notification_resetting_kind"),
        ("risk", "0004_plan_in_force_carries_id"),
    ]

    operations = [migrations.RunPython(create, drop)]

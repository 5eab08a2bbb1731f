"""On PostgreSQL, refuse UPDATE and DELETE of cadence policy versions in the database.

The model refuses too (``CadencePolicyVersion.save``/``delete``); this also stops a bulk
``QuerySet.update()`` or raw SQL from rewriting which policy was in force on a past day,
as audit migration 0002 does for the audit trail. SQLite has no such protection.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cadence_policy_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cadence policy versions are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cadence_policy_append_only
    BEFORE UPDATE OR DELETE ON obligations_cadencepolicyversion
    FOR EACH ROW EXECUTE FUNCTION cadence_policy_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS cadence_policy_append_only ON obligations_cadencepolicyversion;
DROP FUNCTION IF EXISTS cadence_policy_append_only();
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the % in RAISE is PL/pgSQL's, not a query parameter marker.
        schema_editor.execute(CREATE, params=None)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("obligations", "0001_force_cadence_policy")]

    operations = [migrations.RunPython(create, drop)]

"""Fact-checks are matched by the in-memory matcher (claims/matching/) from their match
entries: the full-text and trigram machinery migration 0003 built on them is dropped (its
GIN indexes cost every import of a large feed), with the normalised text it indexed.
The reference library's passages keep theirs (the evidence step searches them)."""

from django.db import migrations

DROP = [
    "DROP INDEX IF EXISTS factcheck_trgm_gin",
    "DROP INDEX IF EXISTS factcheck_search_gin",
    "ALTER TABLE claims_factcheck DROP COLUMN IF EXISTS search",
]


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_matching")]

    operations = [
        migrations.RunPython(drop_search, migrations.RunPython.noop),
        migrations.RemoveField(model_name="factcheck", name="match_text"),
    ]

"""PostgreSQL search machinery for matching and evidence: pg_trgm, generated tsvector
columns with the italian/english text search configurations, and GIN indexes.

Only on PostgreSQL; SQLite (the embedded default) uses the Python fallback. The text
is normalised in Python first (claims/verification/normalize.py: lower case, accents
removed, numbers in one canonical form), so the database and the fallback agree on
what "the same words" means.
"""

from django.db import migrations

# The configuration follows the row's language: Italian and English get their stemmers
# (inflection: "cresciuto"/"crescita", "rose"/"rising"), anything else 'simple'.
TSV = (
    "to_tsvector(CASE language WHEN 'it' THEN 'italian'::regconfig WHEN 'en' THEN 'english'::regconfig "
    "ELSE 'simple'::regconfig END, match_text)"
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE claims_factcheck ADD COLUMN search tsvector GENERATED ALWAYS AS ({TSV}) STORED",
    # fastupdate off: new rows go straight into the index instead of a pending list that
    # every search would scan linearly until the next vacuum (milliseconds per query
    # after a bulk import). Imports are rare, searches constant.
    "CREATE INDEX factcheck_search_gin ON claims_factcheck USING gin (search) WITH (fastupdate = off)",
    # Trigram similarity survives word order, typos and words the stemmer does not know.
    "CREATE INDEX factcheck_trgm_gin ON claims_factcheck USING gin (match_text gin_trgm_ops) WITH (fastupdate = off)",
    f"ALTER TABLE claims_passage ADD COLUMN search tsvector GENERATED ALWAYS AS ({TSV}) STORED",
    "CREATE INDEX passage_search_gin ON claims_passage USING gin (search) WITH (fastupdate = off)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS passage_search_gin",
    "ALTER TABLE claims_passage DROP COLUMN IF EXISTS search",
    "DROP INDEX IF EXISTS factcheck_trgm_gin",
    "DROP INDEX IF EXISTS factcheck_search_gin",
    "ALTER TABLE claims_factcheck DROP COLUMN IF EXISTS search",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_verification")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

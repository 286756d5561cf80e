"""Backups: deploy/backup.sh dumps the database with pg_dump and restores it into an empty
one with pg_restore (README, "Backups"); the restored copy holds the same rows, verdicts
with their sources, archived copies and hashed API tokens, and the app reads it."""

import datetime
import os
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from claims.models import Rating, Snapshot, Source
from claims.services import article_submit, verdicts
from claims.services.tokens import api_token_issue
from claims.services.verdicts import SourceInput

from .conftest import ROOT, SEED
from .processes import database_url as _database_url

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = [
    "claims_article",
    "claims_claim",
    "claims_verdict",
    "claims_verdict_contributors",
    "claims_verdictsource",
    "claims_source",
    "claims_snapshot",
    "claims_historyentry",
    "claims_verificationrun",
    "claims_apitoken",
    "claims_rating",
    "auth_user",
    "auth_group",
    "django_migrations",
]


def _counts(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def _run(*args, url):
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [str(ROOT / "deploy" / "backup.sh"), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def empty_database(settings):
    name = f"{settings.DATABASES['default']['NAME']}_restored"
    base = _database_url(settings.DATABASES["default"])
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restores_into_an_empty_database_with_everything(users, empty_database, settings, tmp_path):
    assert connection.vendor == "postgresql"
    article = article_submit(body=SEED.read_bytes(), filename="seed.txt", submitted_by=users.reviewer)
    claim = article.claims.filter(checkworthy=True).order_by("position").first()
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=85,
        explanation="Smentito.",
        as_of=datetime.date(2025, 6, 1),
        sources=[SourceInput("https://www.reuters.com/a", "Reuters", "citazione", "refutes")],
    )
    Snapshot.objects.create(source=Source.objects.get(claim=claim), requested_url="https://www.reuters.com/a", text="x")
    api_token_issue(user=users.editor)
    source_url = _database_url(settings.DATABASES["default"])
    before = _counts(source_url)
    assert before["claims_verdictsource"] == 1 and before["claims_claim"] >= 15

    dump = tmp_path / "factcheck.dump"
    _run("dump", str(dump), url=source_url)
    assert dump.stat().st_size > 10_000
    _run("restore", str(dump), url=empty_database)

    assert _counts(empty_database) == before
    with psycopg.connect(empty_database) as conn:
        row = conn.execute(
            "SELECT v.explanation, s.url, vs.stance FROM claims_verdict v "
            "JOIN claims_verdictsource vs ON vs.verdict_id = v.id JOIN claims_source s ON s.id = vs.source_id "
            "WHERE v.id = %s",
            [verdict.pk],
        ).fetchone()
        assert row == ("Smentito.", "https://www.reuters.com/a", "refutes")
    # The app itself runs on the copy: migrations are all applied, checks pass.
    env = {**os.environ, "DATABASE_URL": empty_database}
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_restoring_into_a_database_that_is_not_empty_fails_and_says_so(users, tmp_path, settings, empty_database):
    source_url = _database_url(settings.DATABASES["default"])
    dump = tmp_path / "factcheck.dump"
    _run("dump", str(dump), url=source_url)
    _run("restore", str(dump), url=empty_database)
    env = {**os.environ, "DATABASE_URL": empty_database}
    again = subprocess.run(
        [str(ROOT / "deploy" / "backup.sh"), "restore", str(dump)], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode != 0 and "already exists" in again.stderr

"""The operator commands: extract_claims, ingest, load_seeds."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim
from tests.conftest import ROOT, SEED


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_extract_claims_prints_json_in_document_order_and_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        out, _ = run("extract_claims", str(SEED), "--format", "json")
    data = json.loads(out)
    assert set(data) >= {"language", "title", "claims"}
    assert data["language"] == "it"
    assert data["title"].startswith("Impatto dei controlli")
    claims = data["claims"]
    assert [c["start"] for c in claims] == sorted(c["start"] for c in claims)
    for claim in claims:
        assert set(claim) >= {"text", "start", "end", "score", "checkworthy", "type", "signals"}
        assert 0.0 <= claim["score"] <= 1.0
    assert Article.objects.count() == 0 and Claim.objects.count() == 0


def test_extract_claims_reads_stdin_and_prints_text():
    proc = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "-", "--lang", "en", "--format", "text"],
        cwd=ROOT,
        input=b"The unemployment rate fell to 3.5% in 2019, according to the Bureau of Labor Statistics.",
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "Language: en" in out
    assert "CLAIM" in out and "3.5%" in out


@pytest.mark.parametrize(
    "content,message",
    [(b"", "empty"), (b"%PDF-1.4 binary", "PDF"), (b"\x00\x01\x02\x03" * 100, "binary")],
)
def test_extract_claims_refuses_bad_files_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        run("extract_claims", str(path))
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_extract_claims_names_a_missing_file():
    with pytest.raises(CommandError, match="no such file"):
        run("extract_claims", "/nonexistent/article.txt")


# Transactional: ingest queues processing on commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_ingest_waits_and_reports_json(tmp_path):
    out, _ = run("ingest", str(SEED), "--wait", "--timeout", "60", "--format", "json")
    summary = json.loads(out)
    assert set(summary) == {"article", "state", "claims", "checkworthy", "verified", "failed", "seconds"}
    article = Article.objects.get(pk=summary["article"])
    assert summary["state"] == "ready"
    assert summary["claims"] == article.claims.count() >= 15
    assert summary["checkworthy"] == article.claims.filter(checkworthy=True).count() >= 12
    # --wait waits for the verification workers too: every check-worthy claim researched.
    assert summary["verified"] == summary["checkworthy"] and summary["failed"] == 0
    assert summary["seconds"] >= 0


# Transactional: ingest queues processing on commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_ingest_several_files_shows_progress_and_reports_refused_ones(tmp_path):
    good = tmp_path / "a.md"
    good.write_text("# Titolo\n\nIl PIL italiano è cresciuto dello 0,7% nel 2024, secondo l'Istat.\n")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 3 file"):
        run("ingest", str(SEED), str(good), str(bad))
    assert Article.objects.count() == 2
    md = Article.objects.get(origin="cli:a.md")
    assert md.content_type == "text/markdown" and md.title == "Titolo"


# Transactional: ingest queues processing on commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_ingest_prints_a_progress_bar_for_several_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Il governo ha approvato la legge di bilancio con 300 voti favorevoli.")
    b.write_text("The Senate passed the bill by 52 votes to 48 on Tuesday.")
    out, err = run("ingest", str(a), str(b))
    assert "1/2" in err and "2/2" in err
    assert len(out.strip().splitlines()) == 2


# Transactional: ingest queues processing on commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_load_seeds_is_idempotent():
    run("load_seeds")
    n_articles, n_claims = Article.objects.count(), Claim.objects.count()
    assert n_articles >= 1 and n_claims > 0
    out, _ = run("load_seeds")
    assert "0 loaded" in out
    assert (Article.objects.count(), Claim.objects.count()) == (n_articles, n_claims)

"""Log lines as JSON (LOG_FORMAT=json) or text, carrying the ids of the work being done."""

import json
import os
import subprocess
import sys

from .conftest import ROOT

CODE = """
import django, logging, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()
from factcheck.logs import log_context
log = logging.getLogger("claims.services.articles")
with log_context(article_id=7, claim_ids=[1, 2]):
    log.warning("extraction of %s failed", 7)
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("a bug")
log.warning("outside")
"""


def _run(fmt: str) -> list[str]:
    env = {**os.environ, "LOG_FORMAT": fmt}
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stderr.strip().splitlines()


def test_json_logs_are_one_object_per_line_with_the_ids():
    lines = _run("json")
    records = [json.loads(line) for line in lines]  # every line is JSON, the traceback included
    assert len(records) == 3
    first, failure, outside = records
    assert first["message"] == "extraction of 7 failed" and first["level"] == "WARNING"
    assert first["article_id"] == 7 and first["claim_ids"] == [1, 2] and first["logger"] == "claims.services.articles"
    assert "ZeroDivisionError" in failure["exception"] and failure["article_id"] == 7
    assert "article_id" not in outside


def test_plain_logs_name_the_ids_too():
    lines = _run("plain")
    assert lines[0].endswith("extraction of 7 failed article_id=7 claim_ids=[1, 2]")
    assert lines[-1].endswith("outside")

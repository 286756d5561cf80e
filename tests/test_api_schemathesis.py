"""Property-based tests of the REST API against its own OpenAPI schema (schemathesis).

The schema is loaded from the app (/api/schema/) and every operation is called through
the WSGI application, in the test's database, with generated requests: valid ones and
invalid ones (schemathesis' positive and negative modes). Two checks: no answer is a 5xx
(not_a_server_error) and every answer matches what the schema documents for its status
(response_schema_conformance). Nothing is excluded.

Generated ids would almost never name a row, so the test points most requests at seeded
objects (an article with claims, one with a submitted verdict, one with a published one),
and often sends the object's current version, a real rating key and a valid source, so the
happy paths run too and not only 404, 409 and 400. The editor pass runs 25 cases per
operation, the anonymous pass 5 (every answer a 401); each operation's test also checks that
its cases reached the API, and the counts are written to test-artifacts/api-schemathesis.json.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.models import Claim, Rating, Verdict
from claims.services import publishing, verdicts
from claims.services.verdicts import SourceInput
from factcheck.wsgi import application

from .test_api import token_for


def _our_schema() -> dict:
    """The schema /api/schema/ serves (to logged-in newsroom members only: it cannot be
    fetched anonymously while tests are collected), generated the same way."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_our_schema())
schema.app = application  # cases are sent to the app itself (WSGI), as from_wsgi would
CHECKS = [not_a_server_error, response_schema_conformance]
# Bounded and reproducible: the same cases on every run (derandomize, no example database),
# no time limit per case (a request through the whole app varies with the machine), and no
# health checks: they judge how fast data is generated, not the API, and the `seeded`
# fixture is per operation on purpose (each operation starts from the same rows).
BOUNDS = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
CASES: Counter = Counter()
STATUSES: Counter = Counter()  # (pass, operation, status code): what the cases reached
SUMMARY = Path(__file__).resolve().parent.parent / "test-artifacts" / "api-schemathesis.json"


PASSES = {"test_the_api_as_an_editor": "editor", "test_the_api_without_credentials": "anonymous"}


@pytest.fixture(autouse=True)
def _the_operation_got_cases(request):
    """Each operation of each pass must have sent its cases: one that schemathesis skipped or
    generated nothing for would pass unnoticed. Checked after each operation's own test, so
    it holds whatever ran before (this was a last test reading what the passes left in CASES,
    which failed when run alone or in another order)."""
    label = PASSES.get(request.node.originalname)
    yield
    if label is not None:
        operation = request.node.operation_label
        assert CASES[(label, operation)] > 0, f"{label} pass: no case reached {operation}"


@pytest.fixture(scope="module", autouse=True)
def _summary():
    """The counts per operation of what ran, kept in test-artifacts/ (see the README)."""
    yield
    if not CASES:
        return
    operations = sorted(r.ok().label for r in schema.get_all_operations())
    summary = {
        "operations": len(operations),
        "cases": {label: sum(n for (who, _), n in CASES.items() if who == label) for label in PASSES.values()},
        "per_operation": {
            op: {
                "cases": CASES[("editor", op)],
                "statuses": {code: n for (who, o, code), n in sorted(STATUSES.items()) if who == "editor" and o == op},
            }
            for op in operations
        },
    }
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(json.dumps(summary, indent=1))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes "old" database connections when a request starts and finishes; the
    WSGI calls here would close the test's own connection, and its transaction with the
    seeded rows. Django's test client disconnects the same handler for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, users, submit, seed_bytes):
    """An article with its claims: the first check-worthy one has a verdict submitted by the
    reviewer (so the editor's approve and send-back can succeed), the second a published
    one (so a correction can start)."""
    article = submit(body=seed_bytes, submitted_by=users.reviewer)
    claims = list(article.claims.filter(checkworthy=True).order_by("position"))
    for claim in claims[:2]:
        verdict = verdicts.verdict_save(
            claim=claim,
            by=users.reviewer,
            version=None,
            rating=Rating.objects.get(key="false"),
            confidence=90,
            explanation="Falso.",
            as_of=None,
            sources=[SourceInput("https://www.reuters.com/a")],
        )
        verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    verdicts.verdict_approve(verdict=verdict, by=users.editor2, version=verdict.version)
    publishing.article_publish(article=article, by=users.editor2)
    return {"article": article.pk, "claims": [c.pk for c in claims], "users": [users.reviewer.pk, users.editor.pk]}


def _current_version(path: str, pk) -> int | None:
    if "/verdict/" in path:
        verdict = Verdict.objects.filter(claim_id=pk).order_by("-number").first() if str(pk).isdecimal() else None
        return verdict.version if verdict else None
    return Claim.objects.filter(pk=pk).values_list("version", flat=True).first() if str(pk).isdecimal() else None


def aim_at_seeded_rows(case, data, seeded) -> None:
    """Replace generated ids by seeded ones most of the time (the generated one stays a choice)."""
    path = case.operation.path
    params = case.path_parameters or {}
    if "id" in params:
        # The claims with verdicts (the first two) come up more often: most operations are about them.
        pool = [seeded["article"]] if path.startswith("/api/articles/") else seeded["claims"][:2] * 3 + seeded["claims"]
        params["id"] = data.draw(st.sampled_from([*pool, params["id"]]), label="id")
    body = case.body
    if isinstance(body, dict):
        if "other" in body and data.draw(st.booleans(), label="real other"):
            body["other"] = data.draw(st.sampled_from(seeded["claims"]), label="other")
        if "assignee" in body and isinstance(body["assignee"], int) and data.draw(st.booleans(), label="real user"):
            body["assignee"] = data.draw(st.sampled_from(seeded["users"]), label="assignee")
        # The scale's keys are data, not schema: a generated string is almost never one.
        if "rating" in body and data.draw(st.booleans(), label="real rating"):
            body["rating"] = data.draw(st.sampled_from(["true", "false", "unverifiable", None]), label="rating")
        if isinstance(body.get("sources"), list) and data.draw(st.booleans(), label="real sources"):
            body["sources"] = [{"url": "https://www.reuters.com/b", "stance": "refutes"}]
        if isinstance(body.get("version"), int) and "id" in params and data.draw(st.booleans(), label="current"):
            body["version"] = _current_version(path, params["id"]) or body["version"]


def _run(case, data, seeded, headers, label):
    aim_at_seeded_rows(case, data, seeded)
    operation = case.operation.label  # "GET /api/claims/{id}/", as the test item names it
    CASES[(label, operation)] += 1
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    STATUSES[(label, operation, response.status_code)] += 1


@schema.given(data=st.data())
@schema.parametrize()
@settings(max_examples=25, **BOUNDS)
def test_the_api_as_an_editor(case, data, seeded, users):
    _run(case, data, seeded, {"Authorization": f"Token {token_for(users.editor)}"}, "editor")


@schema.given(data=st.data())
@schema.parametrize()
@settings(max_examples=5, **BOUNDS)
def test_the_api_without_credentials(case, data, seeded):
    _run(case, data, seeded, {}, "anonymous")

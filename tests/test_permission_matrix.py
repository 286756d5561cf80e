"""Who may reach what: every URL of the URL configuration (pages, API, admin, accounts,
probes) against six people: anonymous, the reviewer the claim is assigned to, another
reviewer, an editor, an administrator and a user without a newsroom role. The URL list is
generated from the URL configuration, so a new endpoint without a row here fails.

"Denied" is the refusal each route gives: anonymous visitors are sent to the login page
(pages) or answered 401 (API), logged-in people get 403, and the admin sends anyone who is
not staff to its own login. "Allowed" is anything else but a server error: the request got
past the access checks (a form may still refuse its content, a workflow move may still be
impossible). Each request runs in a transaction rolled back afterwards."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework.test import APIClient

from claims.models import Rating, Snapshot, Source
from claims.services import publishing, verdicts
from claims.services.verdicts import SourceInput

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

ANON, OWNER, OTHER, EDITOR, ADMIN, NOROLE = "anonymous", "reviewer", "other reviewer", "editor", "admin", "no role"
ROLES = (ANON, OWNER, OTHER, EDITOR, ADMIN, NOROLE)
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {ANON}
NEWSROOM = {OWNER, OTHER, EDITOR, ADMIN}
MAY_EDIT = {OWNER, EDITOR, ADMIN}  # the claim is assigned to the reviewer; editors edit any claim
EDITORS = {EDITOR, ADMIN}


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


URLS = sorted(walk(get_resolver().url_patterns), key=lambda x: (x[0] or "", x[1]))
ADMIN_URLS = [(n, p) for n, p in URLS if n and n.startswith("admin:")]

# name -> [(method, body, who is allowed)]; bodies use {claim}, {version}... filled per world.
ROWS = {
    # Accounts and probes.
    "login": [("GET", None, EVERYONE)],
    "logout": [("POST", {}, EVERYONE)],
    "password_change": [("GET", None, LOGGED_IN)],
    "password_change_done": [("GET", None, LOGGED_IN)],
    "health": [("GET", None, EVERYONE)],
    "healthz": [("GET", None, EVERYONE)],
    "readyz": [("GET", None, EVERYONE)],
    "session_check": [("GET", None, LOGGED_IN)],
    "set_language": [("POST", {"language": "it", "next": "/"}, EVERYONE)],
    "favicon": [("GET", None, EVERYONE)],
    # Pages.
    "claims:home": [("GET", None, NEWSROOM)],
    "claims:queue": [("GET", None, NEWSROOM)],
    "claims:queue_assign": [("POST", {"claim": ["{claim}"], "assignee": "me"}, NEWSROOM)],
    "claims:approvals": [("GET", None, EDITORS)],
    "claims:dashboard": [("GET", None, EDITORS)],
    "claims:articles": [("GET", None, NEWSROOM)],
    "claims:article_new": [("GET", None, NEWSROOM)],
    "claims:article": [("GET", None, NEWSROOM)],
    "claims:article_progress": [("GET", None, NEWSROOM)],
    "claims:claim_add": [("POST", {"text": "Il comune ha speso troppo."}, NEWSROOM)],
    "claims:claim_edit": [("POST", {"version": "{version}", "text": "Nuovo testo della frase."}, MAY_EDIT)],
    "claims:claim_split": [("POST", {"version": "{version}", "at": "5"}, MAY_EDIT)],
    "claims:claim_merge": [("POST", {"version": "{version}", "other": "{next}", "other_version": "1"}, MAY_EDIT)],
    "claims:claim_discard": [("POST", {"version": "{version}", "reason": "other"}, MAY_EDIT)],
    "claims:claim_restore": [("POST", {"version": "{version}"}, MAY_EDIT)],
    "claims:article_publish": [("POST", {}, EDITORS)],
    "claims:verdict_correct": [("POST", {}, NEWSROOM)],
    "claims:article_export": [("GET", None, NEWSROOM)],
    "claims:queue_export": [("GET", None, NEWSROOM)],
    "claims:report": [("GET", None, EVERYONE)],
    "claims:archived_copy": [("GET", None, EVERYONE)],
    "claims:claimreview_feed": [("GET", None, EVERYONE)],
    "claims:claim": [("GET", None, NEWSROOM)],
    # A reviewer asking for a colleague's claim is answered and nothing changes (claim_assign
    # skips claims held by someone else); the change itself is checked below the matrix.
    "claims:claim_assign": [("POST", {"action": "me"}, NEWSROOM)],
    "claims:verdict_save": [("POST", "{verdict_form}", MAY_EDIT)],
    "claims:verdict_approve": [("POST", {"version": "{verdict_version}"}, EDITORS)],
    "claims:verdict_send_back": [("POST", {"version": "{verdict_version}", "comment": "no"}, EDITORS)],
    "claims:my_work": [("GET", None, NEWSROOM)],
    "claims:saved_view_save": [("POST", {"name": "Mie", "query": "status=new"}, NEWSROOM)],
    "claims:saved_view_delete": [("POST", {"name": "Mie"}, NEWSROOM)],
    # The matcher's proposals: reviewers mark them (a proposal not on the page is refused with
    # a message, past the access check); linking claims is an editor's decision.
    "claims:match_mark": [("POST", {"factcheck": "1", "same": "1"}, NEWSROOM)],
    "claims:claim_link": [("POST", {}, EDITORS)],
    "claims:claim_unlink": [("POST", {}, EDITORS)],
    # API.
    "api:schema": [("GET", None, NEWSROOM)],
    "api:docs": [("GET", None, NEWSROOM)],
    "api:ratings": [("GET", None, NEWSROOM)],
    "api:article-list": [("GET", None, NEWSROOM), ("POST", {"text": "Il comune ha speso 3 milioni."}, NEWSROOM)],
    "api:article-detail": [("GET", None, NEWSROOM)],
    "api:article-publish": [("POST", {}, EDITORS)],
    "api:claim-list": [("GET", None, NEWSROOM)],
    "api:claim-detail": [("GET", None, NEWSROOM), ("PATCH", {"version": "{version}", "checkworthy": True}, MAY_EDIT)],
    "api:claim-assign": [("POST", {"assignee": "me"}, NEWSROOM)],
    "api:claim-discard": [("POST", {"reason": "other", "version": "{version}"}, MAY_EDIT)],
    "api:claim-restore": [("POST", {"version": "{version}"}, MAY_EDIT)],
    "api:claim-split": [("POST", {"at": 5, "version": "{version}"}, MAY_EDIT)],
    "api:claim-merge": [("POST", {"other": "{next}", "version": "{version}"}, MAY_EDIT)],
    "api:claim-verdict-verdict": [
        ("GET", None, NEWSROOM),
        (
            "PUT",
            {"rating": "false", "confidence": 80, "explanation": "Falso.", "as_of": None, "sources": []}
            | {"version": "{verdict_version}"},
            MAY_EDIT,
        ),
    ],
    "api:claim-verdict-submit": [("POST", {"version": "{verdict_version}"}, MAY_EDIT)],
    "api:claim-verdict-approve": [("POST", {"version": "{verdict_version}"}, EDITORS)],
    "api:claim-verdict-send-back": [("POST", {"version": "{verdict_version}", "comment": "no"}, EDITORS)],
    "api:claim-verdict-correct": [("POST", {}, NEWSROOM)],
}


ADMIN_PUBLIC = {"admin:login", "admin:logout"}


def _admin_row(name):
    # The admin lets staff in (each model admin then decides what they may add, change or
    # delete: a 403 there is the model admin's answer, past the gate) and sends everyone
    # else to its login page. Its login and logout pages are for everyone.
    return [("GET", None, EVERYONE if name in ADMIN_PUBLIC else {ADMIN})]


@pytest.fixture
def world(users, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # /readyz of the embedded setup: ready
    users.admin.is_staff = True
    users.admin.save()
    article = make_article("Permessi")
    claims = make_claims(
        article, [{"text": "Il comune ha speso 3 milioni.", "assignee": users.reviewer}, {"text": "Poi altri 2."}]
    )
    claim = claims[0]
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=80,
        explanation="Falso.",
        as_of=None,
        sources=[SourceInput("https://www.istat.it/a")],
    )
    published = make_claims(make_article("Pubblicato"), [{"text": "Il PIL è salito del 2% nel 2024."}])[0]
    done = verdicts.verdict_save(
        claim=published,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="true"),
        confidence=90,
        explanation="Vero.",
        as_of=None,
        sources=[SourceInput("https://www.istat.it/pil")],
    )
    done = verdicts.verdict_submit(verdict=done, by=users.reviewer, version=done.version)
    verdicts.verdict_approve(verdict=done, by=users.editor, version=done.version)
    publishing.article_publish(article=published.article, by=users.editor)
    snapshot = Snapshot.objects.create(
        source=Source.objects.get(claim=published), requested_url="https://www.istat.it/pil"
    )
    claim.refresh_from_db()
    people = {
        OWNER: users.reviewer,
        OTHER: users.reviewer2,
        EDITOR: users.editor,
        ADMIN: users.admin,
        NOROLE: users.outsider,
    }
    return {
        "claim": claim,
        "next": claims[1],
        "verdict": verdict,
        "article": article,
        "published": published,
        "snapshot": snapshot,
        "people": people,
    }


def _path(name: str, pattern: str, w) -> str:
    """The pattern with sample values: the reviewer's claim and its article, the published
    report, an archived copy, a model of the admin."""
    claim, article = w["claim"], w["article"]
    ids = {
        "claims:report": w["published"].article_id,
        "claims:archived_copy": w["snapshot"].pk,
        "api:article-detail": article.pk,
        "api:article-publish": article.pk,
        "claims:article": article.pk,
        "claims:article_progress": article.pk,
        "claims:claim_add": article.pk,
        "claims:article_publish": article.pk,
        "claims:article_export": article.pk,
    }
    sample = str(ids.get(name, claim.pk))
    path = "/" + pattern
    path = re.sub(r"\^|\$", "", path)
    path = re.sub(r"\(\?P<(id|pk)>[^)]*\)", sample, path)
    path = re.sub(r"<int:(pk|id)>", sample, path)
    path = path.replace("<int:earlier>", str(w["next"].pk))
    path = path.replace("<str:fmt>", "csv")
    # The admin's own patterns.
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "claims", path)
    path = path.replace("<path:object_id>", str(claim.pk)).replace("<app_label>", "claims")
    path = path.replace("<path:content_type_id>", "1").replace("<id>", str(w["people"][OWNER].pk))
    path = path.replace("(?P<url>.*)", "no-such-page/")
    assert "<" not in path and "(?P" not in path, (name, pattern, path)
    return path


def _fill(body, w):
    values = {
        "{claim}": w["claim"].pk,
        "{version}": w["claim"].version,
        "{next}": w["next"].pk,
        "{verdict_version}": w["verdict"].version,
        "{verdict_form}": {
            "rating": Rating.objects.get(key="false").pk,
            "confidence": 80,
            "explanation": "Falso.",
            "as_of": "",
            "version": w["verdict"].version,
            "seen_history": 0,
            "action": "save",
            "src-TOTAL_FORMS": "1",
            "src-INITIAL_FORMS": "0",
            "src-MIN_NUM_FORMS": "0",
            "src-MAX_NUM_FORMS": "30",
            "src-0-url": "https://www.istat.it/a",
            "src-0-stance": "refutes",
        },
    }
    if isinstance(body, dict):
        return {k: _fill(v, w) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v, w) for v in body]
    return values.get(body, body) if isinstance(body, str) else body


def _denied(response, role, name) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if name.startswith("admin:"):
        return status == 302 and "/admin/login/" in location
    if role == ANON:
        return status == 401 or (status == 302 and "/accounts/login/" in location)
    return status == 403


def _blocked(response) -> bool:
    """Any kind of refusal of access, to tell an allowed request from a refused one."""
    location = response.get("Location", "")
    return response.status_code in (401, 403) or (response.status_code == 302 and "login" in location)


def _request(method, path, body, role, w, api):
    user = w["people"].get(role)
    if api:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return getattr(client, method.lower())(path, body or {}, format="json")
    client = Client()
    if user is not None:
        client.force_login(user)
    return getattr(client, method.lower())(path, body or {})


def test_every_url_has_a_row():
    names = {name for name, _ in URLS}
    assert None not in names, [p for n, p in URLS if n is None]
    missing = sorted(n for n in names if n not in ROWS and not n.startswith("admin:"))
    assert missing == [], f"endpoints without a row in the permission matrix: {missing}"
    assert set(ROWS) <= names, sorted(set(ROWS) - names)


@pytest.mark.parametrize("name, pattern", URLS, ids=[f"{n} {p}" for n, p in URLS])
def test_the_permission_matrix(world, name, pattern):
    path = _path(name, pattern, world)
    api = path.startswith("/api/")
    rows = _admin_row(name) if name.startswith("admin:") else ROWS[name]
    for method, body, allowed in rows:
        for role in ROLES:
            with transaction.atomic():
                response = _request(method, path, _fill(body, world), role, world, api)
                transaction.set_rollback(True)
            where = f"{method} {path} as {role}: {response.status_code} {response.get('Location', '')}"
            assert response.status_code < 500, where
            if role in allowed and name.startswith("admin:"):
                assert not _denied(response, role, name), f"should be let past the admin's login: {where}"
            elif role in allowed:
                # Logging out ends on the login page: that redirect is the answer, not a refusal.
                assert not _blocked(response) or name == "logout", f"should be allowed: {where}"
            else:
                assert _denied(response, role, name), f"should be denied: {where}"


def test_the_matrix_covers_every_url_for_every_role():
    rows = sum(len(_admin_row(n) if n.startswith("admin:") else ROWS[n]) for n, _ in URLS)
    assert len(URLS) >= 150 and rows * len(ROLES) >= 950


def test_a_reviewer_cannot_take_or_restore_a_colleagues_claim_by_any_route(world, users):
    claim, other = world["claim"], users.reviewer2
    client = APIClient()
    client.force_authenticate(other)
    assert client.post(f"/api/claims/{claim.pk}/assign/", {"assignee": "me"}, format="json").status_code == 200
    page = Client()
    page.force_login(other)
    page.post(f"/claims/{claim.pk}/assign/", {"action": "me"})
    claim.refresh_from_db()
    assert claim.assignee == users.reviewer
    # Discarded by its reviewer: restoring it is theirs (or an editor's) to do, on the page
    # and in the API alike.
    from claims.services import review

    claim = review.claim_discard(claim=claim, reason="other", note="", by=users.reviewer, version=claim.version)
    assert client.post(f"/api/claims/{claim.pk}/restore/", {"version": claim.version}, format="json").status_code == 403
    assert page.post(f"/claims/{claim.pk}/restore/", {"version": claim.version}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "discarded"

"""The REST API (/api/): every endpoint's happy path beside its refusals, authentication,
and the promise that the API applies the pages' rules and filters (same services, same
queue selector). Real PostgreSQL; tasks run in-process."""

import datetime
import hashlib
import itertools
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims.forms.queue import QueueFilterForm
from claims.models import ApiToken, Article, Claim, Rating, Verdict
from claims.models.tokens import token_digest
from claims.selectors.queue import queue_queryset, reviewers
from claims.services import verdicts
from claims.services.tokens import api_token_issue
from claims.services.verdicts import SourceInput

pytestmark = pytest.mark.django_db

SOURCE = {
    "url": "https://www.reuters.com/technology/nvidia-h20",
    "title": "Reuters",
    "quote": "H20 restricted",
    "stance": "supports",
}
_seq = itertools.count()


_keys: dict = {}


def token_for(user) -> str:
    """The user's API key: issued once, then reused while its hash is still stored."""
    key = _keys.get(user.pk)
    if key is None or not ApiToken.objects.filter(user=user, digest=token_digest(key)).exists():
        key = _keys[user.pk] = api_token_issue(user=user, replace=True)
    return key


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def article(submit, seed_bytes, users):
    return submit(body=seed_bytes, submitted_by=users.reviewer)


@pytest.fixture
def claim(article):
    return article.claims.filter(checkworthy=True).order_by("position").first()


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def verdict_body(claim, **values):
    current = verdicts.current_verdict(claim)
    body = {
        "rating": "mostly-true",
        "confidence": 80,
        "explanation": "Confermato.",
        "as_of": "2025-06-01",
        "sources": [SOURCE],
        "version": current.version if current else None,
    }
    return {**body, **values}


def submitted(claim, user) -> Verdict:
    verdict = verdicts.verdict_save(
        claim=claim,
        by=user,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=90,
        explanation="Falso.",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    return verdicts.verdict_submit(verdict=verdict, by=user, version=verdict.version)


# --- Who may call it ------------------------------------------------------------------------


def endpoints(article_id, claim_id):
    return [
        ("get", url("article-list")),
        ("post", url("article-list")),
        ("get", url("article-detail", article_id)),
        ("post", url("article-publish", article_id)),
        ("get", url("claim-list")),
        ("get", url("claim-detail", claim_id)),
        ("patch", url("claim-detail", claim_id)),
        *[("post", url(f"claim-{name}", claim_id)) for name in ("assign", "discard", "restore", "split", "merge")],
        ("get", url("claim-verdict-verdict", claim_id)),
        ("put", url("claim-verdict-verdict", claim_id)),
        *[("post", url(f"claim-verdict-{name}", claim_id)) for name in ("submit", "approve", "send-back", "correct")],
        ("get", url("ratings")),
    ]


def test_anonymous_requests_get_401_and_outsiders_403_on_every_endpoint(claim, users):
    for method, path in endpoints(claim.article_id, claim.pk):
        response = getattr(api(), method)(path, {}, format="json")
        assert response.status_code == 401, (method, path)
        assert response["WWW-Authenticate"] == "Token"
        assert getattr(api(users.outsider), method)(path, {}, format="json").status_code == 403, (method, path)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW and claim.assignee is None  # nothing happened


def test_the_token_from_the_management_command_authenticates(users, capsys):
    call_command("api_token", "rita")
    key = capsys.readouterr().out.strip()
    stored = ApiToken.objects.get(user=users.reviewer)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest() and key not in (stored.digest, stored.prefix)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(url("ratings")).status_code == 200
    with pytest.raises(CommandError, match="cannot be shown again: use --reset"):
        call_command("api_token", "rita")  # shown once: the stored hash cannot give it back
    assert client.get(url("ratings")).status_code == 200
    call_command("api_token", "rita", "--reset")
    assert capsys.readouterr().out.strip() != key
    assert client.get(url("ratings")).status_code == 401  # the old key stopped working
    with pytest.raises(Exception, match="no user named"):
        call_command("api_token", "nobody")
    capsys.readouterr()
    call_command("api_token", "rita", "--revoke")
    assert capsys.readouterr().out.strip() == "rita: token revoked"
    assert not ApiToken.objects.filter(user=users.reviewer).exists()


def test_session_writes_need_the_csrf_token_reads_do_not(claim, users):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users.reviewer)
    assert client.get(url("claim-detail", claim.pk)).status_code == 200
    response = client.post(url("claim-assign", claim.pk), {"assignee": "me"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(url("claim-assign", claim.pk), {"assignee": "me"}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200 and response.json()["changed"] == 1
    # A token-authenticated client needs no CSRF token (nothing a browser sends by itself).
    assert api(users.editor).post(url("claim-assign", claim.pk), {"assignee": None}, format="json").status_code == 200


def test_a_user_who_may_view_but_not_submit_gets_403_on_creation(users):
    from django.contrib.auth.models import Permission

    users.outsider.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client = api(users.outsider)
    assert client.get(url("article-list")).status_code == 200
    assert client.post(url("article-list"), {"text": "Il PIL è cresciuto del 2%."}, format="json").status_code == 403


# --- Articles ---------------------------------------------------------------------------------


def test_an_article_submitted_as_text_comes_back_with_its_claims(users, seed_text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(users.reviewer).post(
            url("article-list"),
            {"text": seed_text, "title": "DeepSeek", "source_url": "https://example.org/a"},
            format="json",
        )
    assert response.status_code == 201
    article = Article.objects.get(pk=response.json()["id"])
    assert (article.submitted_by, article.source_url, article.title) == (
        users.reviewer,
        "https://example.org/a",
        "DeepSeek",
    )
    data = api(users.reviewer).get(url("article-detail", article.pk)).json()
    assert data["state"] == "ready" and data["counts"]["claims"] == len(data["claims"]) > 10
    first = data["claims"][0]
    assert set(first) == {
        "id",
        "position",
        "text",
        "start",
        "end",
        "score",
        "checkworthy",
        "type",
        "status",
        "verification_state",
        "assignee",
    }
    assert data["cleaned_text"][first["start"] : first["end"]] == first["text"]


def test_a_body_past_djangos_limit_is_413_not_a_server_error(users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(users.reviewer).post(url("article-list"), {"text": "parola " * 200}, format="json")
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_an_article_submitted_as_a_url_waits_for_its_fetch(users):
    response = api(users.reviewer).post(url("article-list"), {"url": "https://example.org/news/1"}, format="json")
    assert response.status_code == 201
    assert (response.json()["state"], response.json()["source_url"]) == ("fetching", "https://example.org/news/1")


@pytest.mark.parametrize(
    "body, message",
    [
        ({"url": "javascript:alert(1)"}, "must start with http"),
        ({"text": "x", "source_url": "javascript:alert(1)"}, "must start with http"),
        ({"text": "   "}, "empty"),
        ({"text": "x", "url": "https://example.org"}, "one"),
        ({}, "one"),
        ({"text": "Testo", "title": "nul\x00"}, "Null characters"),
        ({"text": ["not", "text"]}, "valid string"),
        ({"text": "x", "content_type": "application/pdf"}, "valid choice"),
        ({"url": "https://example.org/" + "a" * 3000}, "2000"),
        ({"text": "parola " * 320_000}, "too large"),  # 2.2 MB: past the article limit, under Django's
    ],
)
def test_article_submissions_are_refused_with_400_and_the_reason(users, body, message):
    response = api(users.reviewer).post(url("article-list"), body, format="json")
    assert response.status_code == 400 and message in str(response.json())
    assert not Article.objects.exists()


def test_the_articles_list_is_newest_first_and_filters_by_state_and_language(users):
    def make(title, **values):
        return Article.objects.create(
            title=title, body=title, body_sha256=hashlib.sha256(title.encode()).hexdigest(), **values
        )

    old = make("vecchio", state="ready", language="it", created_at=timezone.now() - datetime.timedelta(days=1))
    new = make("new", state="ready", language="en")
    failed = make("rotto", state="failed", language="it")
    client = api(users.reviewer)
    ids = lambda query: [a["id"] for a in client.get(url("article-list") + query).json()["results"]]  # noqa: E731
    assert ids("") == [failed.pk, new.pk, old.pk]
    assert ids("?state=ready") == [new.pk, old.pk]
    assert ids("?state=ready&language=it") == [old.pk]
    assert client.get(url("article-list") + "?state=bogus").status_code == 400
    assert client.get(url("article-list") + "?page=99").status_code == 404


# 1 token with its user, 1 the user's permissions (own and groups' in one query), then for the list
# 1 the paginator's count and 1 the page (claim counts are subqueries in it), for one
# article 1 the article with its counts and 1 its claims with their assignees.
@pytest.mark.parametrize("size", [3, 30])
def test_the_articles_list_and_an_article_cost_a_fixed_number_of_queries(users, size, django_assert_num_queries):
    articles = make_claims([{"assignee": users.reviewer, "language": f"l{i}"} for i in range(size)])
    Article.objects.update(submitted_by=users.editor)
    Claim.objects.bulk_create(
        [
            Claim(
                article_id=articles[0].article_id,
                text=f"c{i}",
                start=i,
                end=i + 1,
                position=100 + i,
                assignee=users.editor,
            )
            for i in range(size)
        ]
    )
    client = api(users.reviewer)
    with django_assert_num_queries(4):
        assert client.get(url("article-list")).json()["count"] == size
    cache.clear()  # the permissions again, as in the comment
    with django_assert_num_queries(4):
        assert len(client.get(url("article-detail", articles[0].article_id)).json()["claims"]) == size + 1


def test_missing_and_malformed_ids_are_404(users):
    client = api(users.reviewer)
    for path in (
        "/api/articles/999999/",
        "/api/articles/abc/",
        f"/api/claims/{2**70}/",
        "/api/claims/-1/",
        "/api/claims/%C2%B2/verdict/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/api/claims/{2**70}/restore/", {"version": 1}, format="json").status_code == 404


def test_publishing_needs_the_publish_permission_and_publishes_approved_verdicts(claim, users):
    verdict = submitted(claim, users.reviewer)
    verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)
    assert api(users.reviewer).post(url("article-publish", claim.article_id)).status_code == 403
    response = api(users.editor).post(url("article-publish", claim.article_id))
    assert response.status_code == 200 and response.json() == {"published": 1}
    assert verdicts.current_verdict(claim).state == Verdict.State.PUBLISHED
    # A correction is a new draft version, taken by whoever starts it.
    response = api(users.reviewer2).post(url("claim-verdict-correct", claim.pk))
    assert response.status_code == 201 and (response.json()["number"], response.json()["state"]) == (2, "draft")
    assert api(users.reviewer2).post(url("claim-verdict-correct", claim.pk)).status_code == 400  # not published now


# --- The claims list is the queue -------------------------------------------------------------


def make_claims(specs) -> list[Claim]:
    articles = {}
    now = timezone.now()
    claims = []
    for i, spec in enumerate(specs):
        language = spec.pop("language", "it")
        if language not in articles:
            body = f"articolo {next(_seq)}"
            articles[language] = Article.objects.create(
                title=body,
                body=body,
                language=language,
                state="ready",
                body_sha256=hashlib.sha256(body.encode()).hexdigest(),
            )
        values = {
            "text": f"claim {i}",
            "score": 0.5,
            "checkworthy": True,
            "language": language,
            "created_at": now - datetime.timedelta(minutes=len(specs) - i),
            **spec,
        }
        claims.append(Claim(article=articles[language], start=i, end=i + 1, position=i, **values))
    return Claim.objects.bulk_create(claims)


QUEUE_QUERIES = [
    "",
    "status=new",
    "status=new&status=in_review",
    "assigned=me",
    "assigned=unassigned",
    "include_all=1",
    "include_all=1&sort=oldest",
    "sort=newest",
    "sort=age",
    "language=en",
    "language=other",
    "claim_type=statistic",
    "min_score=0.3&max_score=0.8",
    "verification=failed",
    "status=discarded&include_all=on",
    "assigned={editor}",
    "article={article}",
    "min_score=0.9&sort=oldest&assigned=unassigned",
    "assigned=99999999999999999999",
]


def test_the_claims_list_filters_exactly_like_the_queue_page(users, client):
    rows = make_claims(
        [
            {"score": 0.9, "status": "in_review", "assignee": users.reviewer, "claim_type": "statistic"},
            {"score": 0.2, "checkworthy": False, "language": "en"},
            {"score": 0.7, "status": "discarded", "verification_state": "failed"},
            {"score": 0.5, "assignee": users.editor, "language": "fr", "claim_type": "quote"},
            {"score": 0.95, "language": "en", "verification_state": "verified"},
            {"score": 0.35, "status": "submitted", "assignee": users.reviewer, "verification_state": "failed"},
            *({"score": 0.1 * (i % 10)} for i in range(12)),
        ]
    )
    client.force_login(users.reviewer)
    for query in QUEUE_QUERIES:
        query = query.format(editor=users.editor.pk, article=rows[0].article_id)
        got = [c["id"] for c in api(users.reviewer).get(f"{url('claim-list')}?{query}").json()["results"]]
        params = QueueFilterForm(QueryDict(query) or None, reviewers=reviewers(), default_show="all").params()
        assert got == list(queue_queryset(users.reviewer, params).values_list("pk", flat=True)), query
        # The page lists what is left to do unless asked; the API every status unless asked.
        page = client.get(f"{reverse('claims:queue')}?{query}" + ("" if "show=" in query else "&show=all"))
        assert got == [c.pk for c in page.context["claims"]], query


@pytest.mark.parametrize(
    "query",
    [
        "article=abc",
        "article=0",
        "assigned=%C2%B2",
        "assigned=someone",
        "min_score=x",
        "max_score=NaN",
        "min_score=1e999",
        "status=bogus",
        "sort=%00",
        "page=0",
        "page=abc",
        "language=%F0%9F%92%A5",
        "claim_type=" + "x" * 5000,
    ],
)
def test_bad_filters_are_a_4xx_never_a_500(users, query):
    response = api(users.reviewer).get(f"{url('claim-list')}?{query}")
    assert response.status_code in (400, 404), query
    assert "detail" in response.json() or set(response.json()) <= set(QueueFilterForm.base_fields)


# 1 token with its user, 1 the user's permissions (own and groups' in one query), 1 the
# total (cached for the next requests, as on the queue page), 1 the page of claims with
# their article and assignee (one JOIN).
@pytest.mark.parametrize("size", [5, 60])
def test_the_claims_list_costs_a_fixed_number_of_queries(users, size, django_assert_num_queries):
    make_claims([{"assignee": users.reviewer if i % 2 else None, "score": (i % 10) / 10} for i in range(size)])
    client = api(users.reviewer)
    with django_assert_num_queries(4):
        response = client.get(url("claim-list") + "?include_all=1")
    assert response.json()["count"] == size and len(response.json()["results"]) == min(size, 50)


# --- One claim and the reviewers' fixes -------------------------------------------------------


def test_a_claim_shows_its_signals_version_verdict_and_counts(claim, users):
    verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="true"),
        confidence=70,
        explanation="",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    data = api(users.editor).get(url("claim-detail", claim.pk)).json()
    claim.refresh_from_db()
    assert (data["id"], data["version"], data["status"], data["article"]["id"]) == (
        claim.pk,
        claim.version,
        "in_review",
        claim.article_id,
    )
    assert set(data["signals"]) >= {"numbers", "entities"}
    assert data["verdict"]["rating"] == "true" and data["verdict"]["author"]["username"] == "rita"
    assert data["counts"] == {
        "matches": claim.matches.count(),
        "evidence": claim.evidence.count(),
        "sources": claim.sources.count(),
    }
    assert data["counts"]["sources"] >= 1 and data["editable"] is True  # an editor may edit any claim


def test_editing_a_claim_and_a_stale_version_is_409_with_the_current_claim(claim, users):
    client = api(users.reviewer)
    path = url("claim-detail", claim.pk)
    response = client.patch(path, {"text": "DeepSeek non ha i chip.", "version": claim.version}, format="json")
    assert response.status_code == 200 and response.json()["text"] == "DeepSeek non ha i chip."
    assert response.json()["version"] == claim.version + 1
    stale = client.patch(path, {"checkworthy": False, "version": claim.version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == claim.version + 1
    assert stale.json()["current"]["text"] == "DeepSeek non ha i chip."
    assert [c["action"] for c in stale.json()["changes"]] == ["edited"]
    too_long = client.patch(path, {"text": "parola " * 1500, "version": claim.version + 1}, format="json")
    assert too_long.status_code == 400 and "at most" in too_long.json()["detail"]
    for junk in (
        {"version": "x"},
        {"version": 2**40},
        {"text": "a\x00b", "version": 2},
        {"checkworthy": "forse", "version": 2},
        [],
    ):
        assert client.patch(path, junk, format="json").status_code == 400, junk


def test_reviewers_take_free_claims_editors_assign_anyone(claim, users):
    path = url("claim-assign", claim.pk)
    assert api(users.reviewer).post(path, {"assignee": users.reviewer2.pk}, format="json").status_code == 403
    response = api(users.reviewer).post(path, {"assignee": "me"}, format="json")
    assert response.json()["changed"] == 1 and response.json()["claim"]["assignee"]["username"] == "rita"
    # A colleague's claim is not taken: nothing changes, as on the page.
    assert api(users.reviewer2).post(path, {"assignee": "me"}, format="json").json()["changed"] == 0
    # ...nor edited: the service refuses.
    claim.refresh_from_db()
    assert (
        api(users.reviewer2)
        .patch(url("claim-detail", claim.pk), {"text": "x y z", "version": claim.version}, format="json")
        .status_code
        == 403
    )
    response = api(users.editor).post(path, {"assignee": users.reviewer2.pk}, format="json")
    assert response.json()["claim"]["assignee"]["username"] == "remo"
    assert api(users.editor).post(path, {"assignee": None}, format="json").json()["claim"]["assignee"] is None
    for bad in ({"assignee": 987654}, {"assignee": users.outsider.pk}):
        response = api(users.editor).post(path, bad, format="json")
        assert response.status_code == 400 and response.json()["detail"], bad
    for junk in ({}, {"assignee": "you"}, {"assignee": True}, {"assignee": 2**40}, {"assignee": 1.5}):
        assert api(users.editor).post(path, junk, format="json").status_code == 400, junk


def test_discard_restore_split_and_merge_go_through_the_services(claim, users):
    client = api(users.reviewer)
    response = client.post(
        url("claim-discard", claim.pk), {"reason": "opinion", "note": "parere", "version": claim.version}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["discard_reason"]) == ("discarded", "opinion")
    version = response.json()["version"]
    assert client.post(url("claim-restore", claim.pk), {"version": version - 1}, format="json").status_code == 409
    response = client.post(url("claim-restore", claim.pk), {"version": version}, format="json")
    assert (response.json()["status"], response.json()["discard_reason"]) == ("new", "")
    assert (
        client.post(
            url("claim-discard", claim.pk), {"reason": "boh", "version": version + 1}, format="json"
        ).status_code
        == 400
    )
    at = claim.text.index(" ", len(claim.text) // 2)
    response = client.post(url("claim-split", claim.pk), {"at": at, "version": version + 1}, format="json")
    assert response.status_code == 200
    first, second = response.json()["claim"], response.json()["new_claim"]
    assert claim.text.startswith(first["text"]) and claim.text.endswith(second["text"])
    assert (
        client.post(url("claim-split", claim.pk), {"at": 10**6, "version": first["version"]}, format="json").status_code
        == 400
    )
    stale_other = {"other": second["id"], "version": first["version"], "other_version": second["version"] + 1}
    assert client.post(url("claim-merge", claim.pk), stale_other, format="json").status_code == 409
    response = client.post(
        url("claim-merge", claim.pk), {"other": second["id"], "version": first["version"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["text"] == " ".join(claim.text.split())
    assert not Claim.objects.filter(pk=second["id"]).exists()
    missing = client.post(
        url("claim-merge", claim.pk), {"other": second["id"], "version": response.json()["version"]}, format="json"
    )
    assert missing.status_code == 400


# --- Verdicts ---------------------------------------------------------------------------------


def test_a_verdict_is_drafted_read_and_submitted(claim, users):
    client = api(users.reviewer)
    path = url("claim-verdict-verdict", claim.pk)
    assert client.get(path).status_code == 404
    response = client.put(path, verdict_body(claim), format="json")
    assert response.status_code == 201
    data = client.get(path).json()
    assert (data["state"], data["rating"]["key"], data["confidence"]) == ("draft", "mostly-true", 80)
    assert data["sources"] == [
        {
            **SOURCE,
            "position": 0,
            "archive": {"last_status": None, "dead": False, "last_checked_at": None, "snapshot": None},
        }
    ]
    response = client.put(path, verdict_body(claim, confidence=60), format="json")
    assert response.status_code == 200 and response.json()["confidence"] == 60
    response = client.post(
        url("claim-verdict-submit", claim.pk), {"version": response.json()["version"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    # Submitted: nobody edits it until an editor sends it back.
    assert client.put(path, verdict_body(claim), format="json").status_code in (400, 403)


def test_a_stale_verdict_save_is_409_with_the_current_verdict(claim, users):
    path = url("claim-verdict-verdict", claim.pk)
    first = api(users.reviewer).put(path, verdict_body(claim), format="json").json()
    api(users.editor).put(path, verdict_body(claim, explanation="Riscritto."), format="json")
    response = api(users.reviewer).put(path, verdict_body(claim, version=first["version"]), format="json")
    assert response.status_code == 409
    assert response.json()["current"]["explanation"] == "Riscritto."
    assert response.json()["current"]["version"] == first["version"] + 1
    assert "verdict_saved" in [c["action"] for c in response.json()["changes"]]
    # A form showing a verdict when there is none is stale too.
    other = claim.article.claims.exclude(pk=claim.pk).filter(checkworthy=True).first()
    response = api(users.reviewer).put(
        url("claim-verdict-verdict", other.pk), verdict_body(other, version=3), format="json"
    )
    assert response.status_code == 409 and response.json()["current"] is None


@pytest.mark.parametrize(
    "values, message",
    [
        ({"sources": [{**SOURCE, "url": "javascript:alert(1)"}]}, "http"),
        ({"sources": [{**SOURCE, "url": "https://exa mple.org"}]}, "spaces"),
        ({"rating": "very-true"}, "does not exist"),
        ({"rating": {"key": "true"}}, "Invalid"),
        ({"confidence": 101}, "less than or equal to 100"),
        ({"confidence": 10**30}, "less than or equal to 100"),
        ({"as_of": "ieri"}, "Date has wrong format"),
        ({"explanation": "x" * 20_001}, "20000"),
        ({"sources": [{**SOURCE, "stance": "maybe"}]}, "valid choice"),
        ({"sources": [{**SOURCE, "title": "\x00"}]}, "Null characters"),
        ({"sources": "https://example.org"}, "list"),
        ({"version": -1}, "greater than or equal to 1"),
    ],
)
def test_invalid_verdicts_are_refused_with_400(claim, users, values, message):
    response = api(users.reviewer).put(
        url("claim-verdict-verdict", claim.pk), verdict_body(claim, **values), format="json"
    )
    assert response.status_code == 400 and message in str(response.json()), response.json()
    assert not Verdict.objects.filter(claim=claim).exists()


def test_a_rated_verdict_without_sources_is_not_submitted(claim, users):
    client = api(users.reviewer)
    draft = client.put(url("claim-verdict-verdict", claim.pk), verdict_body(claim, sources=[]), format="json").json()
    response = client.post(url("claim-verdict-submit", claim.pk), {"version": draft["version"]}, format="json")
    assert response.status_code == 400 and "at least one source" in response.json()["detail"]


def test_editors_approve_or_send_back_but_never_their_own_verdict(claim, users):
    verdict = submitted(claim, users.editor)
    approve, send_back = url("claim-verdict-approve", claim.pk), url("claim-verdict-send-back", claim.pk)
    response = api(users.editor).post(approve, {"version": verdict.version}, format="json")
    assert response.status_code == 400 and "another editor" in response.json()["detail"]
    assert api(users.reviewer).post(approve, {"version": verdict.version}, format="json").status_code == 403
    response = api(users.editor2).post(send_back, {"version": verdict.version, "comment": " "}, format="json")
    assert response.status_code == 400 and "Say what needs to change" in response.json()["detail"]
    response = api(users.editor2).post(approve, {"version": verdict.version - 1}, format="json")
    assert response.status_code == 409 and response.json()["current"]["state"] == "submitted"
    response = api(users.editor2).post(approve, {"version": verdict.version, "comment": "Ok"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["reviewed_by"]["username"]) == ("approved", "enzo")


def test_a_sent_back_verdict_returns_to_its_reviewer(claim, users):
    verdict = submitted(claim, users.reviewer)
    response = api(users.editor).post(
        url("claim-verdict-send-back", claim.pk),
        {"version": verdict.version, "comment": "Serve una fonte primaria."},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["review_comment"]) == ("sent_back", "Serve una fonte primaria.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_the_rating_scale_is_listed_in_order(users):
    data = api(users.reviewer).get(url("ratings")).json()
    assert [r["key"] for r in data] == ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"]
    assert data[-1]["unverifiable"] is True and data[0]["value"] == 5
    assert api(users.reviewer).get(url("ratings"), HTTP_ACCEPT_LANGUAGE="it").json()[0]["label"] == "Vero"


def test_the_schema_and_the_docs_are_for_the_newsroom_only_and_served_from_this_server(client, users):
    # The README: everything but published reports needs a login; the API's docs too.
    paths = ("/api/schema/", "/api/docs/", "/api/docs/?script=")
    assert [client.get(path).status_code for path in paths] == [401] * 3
    client.force_login(users.outsider)
    assert [client.get(path).status_code for path in paths] == [403] * 3
    client.force_login(users.reviewer)
    assert [client.get(path).status_code for path in paths] == [200] * 3
    # Every script, style and font of the docs comes from this server (offline servers, CSP).
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', client.get("/api/docs/").content.decode())
    assert client.get("/api/redoc/").status_code == 404  # ReDoc loaded outside fonts and scripts: dropped

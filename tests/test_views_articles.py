"""The article pages as a reviewer uses them: submitting, reading an article with its claims
highlighted, watching its progress, and fixing the machine's claims through the forms."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, HistoryEntry

pytestmark = pytest.mark.django_db

NEW = reverse("claims:article_new")
ARTICLE = "A. Rossi ha detto che nel 2023 il comune ha speso 3 milioni di euro per le strade."
PIECE = re.compile(r'<(span|mark)([^>]*) data-offset="(\d+)"[^>]*>([^<]*)</\1>')


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pieces(html: str) -> list[tuple[int, str, int | None, list[str]]]:
    """(offset, text, claim id, classes) of every piece of the highlighted article text."""
    body = html.split('id="article-text"', 1)[1].split("</div>", 1)[0]
    out = []
    for _tag, attrs, offset, text in PIECE.findall(body):
        claim = re.search(r'data-claim="(\d+)"', attrs)
        classes = re.search(r'class="([^"]*)"', attrs)
        out.append(
            (int(offset), unescape(text), int(claim[1]) if claim else None, classes[1].split() if classes else [])
        )
    return out


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def make_article(n: int, *, assignee=None) -> Article:
    """A processed article of n claims written directly (no extraction: fast, exact spans)."""
    sentences = [
        f"Nel {1900 + i} il comune numero {i} ha speso {3 * i} milioni di euro per le strade." for i in range(n)
    ]
    text = "\n".join(sentences)
    article = Article.objects.create(
        title=f"{n} frasi", body=text, cleaned_text=text, language="it", state=Article.State.READY
    )
    start, claims = 0, []
    for i, sentence in enumerate(sentences):
        claims.append(
            Claim(
                article=article,
                text=sentence,
                start=start,
                end=start + len(sentence),
                position=i,
                score=0.6,
                checkworthy=i % 2 == 0,
                assignee=assignee if i % 3 == 0 else None,
                verification_state=["pending", "verified", "failed", "none"][i % 4],
            )
        )
        start += len(sentence) + 1
    Claim.objects.bulk_create(claims)
    return article


@pytest.fixture
def seed(submit, seed_bytes, users):
    return submit(body=seed_bytes, submitted_by=users.editor)


@pytest.fixture
def small():
    return make_article(3)


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"how": "upload", "upload-file": SimpleUploadedFile(name, data)}


# --- Access -----------------------------------------------------------------------------


def _urls(article, claim):
    pages = [
        reverse("claims:articles"),
        NEW,
        reverse("claims:article", args=[article.pk]),
        reverse("claims:article_progress", args=[article.pk]),
    ]
    actions = [reverse("claims:claim_add", args=[article.pk])] + [
        reverse(f"claims:claim_{name}", args=[claim.pk]) for name in ("edit", "split", "merge", "discard", "restore")
    ]
    return pages, actions


def test_anonymous_visitors_are_sent_to_the_login_page(small):
    pages, actions = _urls(small, small.claims.first())
    for url in pages + actions:
        response = (Client().get if url in pages else Client().post)(url, {"text": "x", "version": 1})
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_outsiders_are_refused_every_page_and_action(small, users):
    pages, actions = _urls(small, small.claims.first())
    client = client_for(users.outsider)
    for url in pages:
        assert client.get(url).status_code == 403, url
    for url in actions:
        assert (
            client.post(
                url, {"text": "Nuovo testo del tutto diverso.", "version": 1, "at": 5, "reason": "other"}
            ).status_code
            == 403
        ), url
    post = client.post(NEW, {"how": "paste", "paste-body": ARTICLE})
    assert post.status_code == 403
    assert Article.objects.count() == 1 and not HistoryEntry.objects.exists()


def test_fixing_a_claim_assigned_to_a_colleague_is_refused(users):
    article = make_article(3, assignee=users.reviewer2)
    claim = article.claims.get(position=0)
    response = client_for(users.reviewer).post(
        reverse("claims:claim_edit", args=[claim.pk]), {"version": claim.version, "text": "Altro testo per la prova."}
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text.startswith("Nel 1900")


# --- Submitting ---------------------------------------------------------------------------


def test_pasting_an_article_shows_its_claims(users, django_capture_on_commit_callbacks):
    client = client_for(users.reviewer)
    assert client.get(NEW).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW,
            {
                "how": "paste",
                "paste-title": "Strade",
                "paste-source_url": "https://example.org/strade",
                "paste-body": ARTICLE,
            },
        )
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("claims:article", args=[article.pk])
    assert (article.title, article.source_url, article.submitted_by, article.state) == (
        "Strade",
        "https://example.org/strade",
        users.reviewer,
        Article.State.READY,
    )
    page = client.get(response.url)
    assert page.status_code == 200 and "Article submitted" in " ".join(messages_of(page))
    assert '<a href="https://example.org/strade"' in page.content.decode()
    assert [p[2] for p in pieces(page.content.decode()) if p[2]] == [c.pk for c in article.claims.all()]


@pytest.mark.parametrize(
    "name, data, content_type, expected",
    [
        ("pezzo.txt", ARTICLE.encode(), "text/plain", ARTICLE),
        ("pezzo.md", f"# Strade\n\n{ARTICLE}\n".encode(), "text/markdown", ARTICLE),
        ("pezzo.html", f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode(), "text/html", ARTICLE),
        (
            "perche.txt",
            "Perché il comune è in ritardo? Lo ha detto l’assessore.".encode("cp1252"),
            "text/plain",
            "Perché il comune è in ritardo? Lo ha detto l’assessore.",
        ),
    ],
)
def test_uploading_a_file_stores_it_decoded(users, name, data, content_type, expected):
    response = client_for(users.editor).post(NEW, upload(name, data))
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("claims:article", args=[article.pk])
    assert article.content_type == content_type and expected in article.body and article.origin == name


@pytest.mark.parametrize(
    "data, message",
    [
        ({"how": "paste", "paste-body": ""}, "The article is empty."),
        ({"how": "paste", "paste-body": " \n\t "}, "The article is empty."),
        ({"how": "paste", "paste-body": "x" * 4000}, "The article is too large"),
        (
            {"how": "paste", "paste-body": ARTICLE, "paste-source_url": "javascript:alert(1)"},
            "must start with http:// or https://",
        ),
        (upload("report.pdf", b"%PDF-1.7 whatever"), "Only .txt, .md and .html files are accepted"),
        (upload("setup.exe", b"MZ\x90\x00\x03"), "Only .txt, .md and .html files are accepted"),
        (upload("note.txt", b"%PDF-1.7\x00\x01\x02 binary"), "is a PDF document, not text"),
        (upload("noise.txt", bytes(range(256)) * 4), "looks binary"),
        (upload("big.txt", b"parola " * 1000), "The file is too large (about 7.0\xa0KB); the limit is 2.9"),
        (upload("empty.txt", b""), "The submitted file is empty."),
        ({"how": "upload"}, "Choose a file to upload"),
        ({"how": "url", "url-url": "javascript:alert(1)"}, "must start with http:// or https://"),
        ({"how": "url", "url-url": "file:///etc/passwd"}, "must start with http:// or https://"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(users, settings, data, message):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 3000
    response = client_for(users.reviewer).post(NEW, data)
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not Article.objects.exists()


def test_a_paste_too_large_for_django_to_parse_gets_the_same_message(users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1500
    response = client_for(users.reviewer).post(NEW, {"how": "paste", "paste-body": "x" * 5000})
    assert response.status_code == 413 and not Article.objects.exists()
    assert "The article is too large; the limit is 1.5" in " ".join(messages_of(response))


def test_hostile_html_is_shown_as_text(users, submit):
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)">'
    article = submit(
        body=f"{ARTICLE}\n\n{hostile} Il sindaco ha confermato la spesa di 3 milioni.".encode(),
        filename="hostile.txt",
        title="<script>alert(3)</script>",
        submitted_by=users.reviewer,
    )
    cleaned = submit(body=f"<p>{ARTICLE}</p>{hostile}".encode(), filename="hostile.html", title="Pagina")
    assert hostile in article.cleaned_text and "<script" not in cleaned.cleaned_text
    client = client_for(users.reviewer)
    for shown in (article, cleaned):
        html = client.get(reverse("claims:article", args=[shown.pk])).content.decode()
        assert "<script>alert" not in html and "<img" not in html
    html = client.get(reverse("claims:article", args=[article.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


# --- URL submission (fetched by a worker) --------------------------------------------------


def _submit_url(client, url, django_capture_on_commit_callbacks):
    """Post the URL form; the response comes before any fetch, which runs on commit."""
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(NEW, {"how": "url", "url-url": url})
    article = Article.objects.get()
    assert response.status_code == 302 and article.state == Article.State.FETCHING and article.source_url == url
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    article.refresh_from_db()
    return article


def test_a_url_is_fetched_by_the_worker_and_processed(users, settings, web_server, django_capture_on_commit_callbacks):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    page = f"<html><head><title>Strade</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    web_server.routes["/pezzo"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
    client = client_for(users.reviewer)
    with django_capture_on_commit_callbacks() as queued:
        client.post(NEW, {"how": "url", "url-url": web_server.base + "/pezzo"})
    assert web_server.requests == [] and len(queued) == 1  # the web request fetched nothing
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    article = Article.objects.get()
    assert web_server.requests == ["/pezzo"]
    assert (article.state, article.content_type, article.error) == (Article.State.READY, "text/html", "")
    assert ARTICLE in article.cleaned_text and article.claims.exists()


@pytest.mark.parametrize(
    "route, reason",
    [
        (None, "the server answered 404 Not Found"),
        ((200, {"Content-Type": "application/pdf"}, b"%PDF-1.7"), "sent application/pdf"),
        ((200, {"Content-Type": "text/html"}, b"<p>parola</p>" * 1000), "more than 5000"),
        ((200, {"Content-Type": "text/plain"}, b" \n "), "The file is empty."),
    ],
)
def test_a_url_that_cannot_be_used_fails_with_the_reason(
    users, settings, web_server, route, reason, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 5000
    if route:
        web_server.routes["/pezzo"] = route
    client = client_for(users.reviewer)
    article = _submit_url(client, web_server.base + "/pezzo", django_capture_on_commit_callbacks)
    assert article.state == Article.State.FAILED and reason in article.error
    page = client.get(reverse("claims:article", args=[article.pk])).content.decode()
    assert reason in unescape(page) and 'http-equiv="refresh"' not in page


def test_a_url_to_a_private_address_fails_without_any_request(
    users, settings, web_server, django_capture_on_commit_callbacks
):
    client = client_for(users.reviewer)
    article = _submit_url(client, "http://127.0.0.1:1/", django_capture_on_commit_callbacks)
    assert article.state == Article.State.FAILED and "not a public address" in article.error
    Article.objects.all().delete()
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = []  # the test server too is private
    article = _submit_url(client, web_server.base + "/pezzo", django_capture_on_commit_callbacks)
    assert "not a public address" in article.error and web_server.requests == []


def test_a_fetch_runs_once_and_a_lost_one_is_sent_again(users, settings, web_server):
    from datetime import timedelta

    from django.utils import timezone

    from claims.services import articles

    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    web_server.routes["/pezzo"] = (200, {"Content-Type": "text/plain; charset=latin-1"}, ARTICLE.encode("latin-1"))
    article = articles.article_submit_url(url=web_server.base + "/pezzo")  # its message is never sent here
    assert articles.article_requeue_stale_fetches() == []  # not lost yet
    Article.objects.filter(pk=article.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert articles.article_requeue_stale_fetches() == [article.pk]
    assert articles.article_claim_for_fetching(article.pk) is not None
    assert articles.article_fetch(article.pk) is None  # a second delivery while the first holds it
    Article.objects.filter(pk=article.pk).update(processing_started_at=timezone.now() - timedelta(hours=1))
    fetched = articles.article_fetch(article.pk)  # the first worker died: its lease is taken over
    assert (fetched.state, fetched.body, fetched.content_type) == (Article.State.QUEUED, ARTICLE, "text/plain")
    assert web_server.requests == ["/pezzo"]


# --- The article page ---------------------------------------------------------------------


def test_every_claim_of_the_seed_is_highlighted_at_its_span(seed, users):
    claims = list(seed.claims.all())
    discarded = claims[0]
    Claim.objects.filter(pk=discarded.pk).update(status=Claim.Status.DISCARDED)
    html = client_for(users.reviewer).get(reverse("claims:article", args=[seed.pk])).content.decode()
    found = pieces(html)
    # The pieces cover the cleaned text exactly once, in order.
    assert "".join(text for _, text, _, _ in found) == seed.cleaned_text
    assert all(offset == sum(len(t) for _, t, _, _ in found[:i]) for i, (offset, _, _, _) in enumerate(found))
    marks = {claim: (offset, text, classes) for offset, text, claim, classes in found if claim}
    assert len(claims) > 10 and set(marks) == {c.pk for c in claims}
    for claim in claims:
        offset, text, classes = marks[claim.pk]
        assert (offset, text) == (claim.start, seed.cleaned_text[claim.start : claim.end])
        status = "discarded" if claim == discarded else "new"
        assert {"claim", f"status-{status}", f"verif-{claim.verification_state}"} <= set(classes)
        assert ("notcw" in classes) == (not claim.checkworthy)
        assert f'id="mark-{claim.pk}" href="{reverse("claims:claim", args=[claim.pk])}"' in html


def test_overlapping_and_out_of_range_spans_do_not_break_the_page(small, users):
    first, second, third = small.claims.all()
    size = len(small.cleaned_text)
    Claim.objects.filter(pk=second.pk).update(start=first.start + 5, end=second.end)  # starts inside the first
    Claim.objects.filter(pk=third.pk).update(start=size + 10, end=size + 40)  # beyond the text
    response = client_for(users.reviewer).get(reverse("claims:article", args=[small.pk]))
    assert response.status_code == 200
    found = pieces(response.content.decode())
    assert "".join(text for _, text, _, _ in found) == small.cleaned_text
    assert [claim for _, _, claim, _ in found if claim] == [first.pk, second.pk]
    assert f'id="claim-{third.pk}"' in response.content.decode()  # still listed in the table


def test_progress_reports_state_counts_and_each_claim(small, users):
    response = client_for(users.reviewer).get(reverse("claims:article_progress", args=[small.pk]))
    data = response.json()
    assert response["Cache-Control"].startswith("max-age=0")
    assert (data["article"], data["state"], data["error"], data["processing"]) == (small.pk, "ready", "", False)
    # Claims 0..2: pending, verified, failed; check-worthy are 0 and 2. Claim 1's checks
    # are done but it is not check-worthy: the progress follows the check-worthy claims only.
    assert data["counts"] == {"claims": 3, "checkworthy": 2, "verified": 0, "failed": 1, "pending": 1}
    assert data["pending"] is True and data["percent"] == 50
    assert [(c["id"], c["status"], c["verification_state"]) for c in data["claims"]] == list(
        small.claims.values_list("pk", "status", "verification_state")
    )
    assert set(data["claims"][0]) == {
        "id",
        "status",
        "status_label",
        "verification_state",
        "verification_label",
        "checkworthy",
    }


def test_the_page_refreshes_itself_without_javascript_only_while_work_is_pending(small, users):
    client = client_for(users.reviewer)
    url = reverse("claims:article", args=[small.pk])
    refresh = '<noscript><meta http-equiv="refresh" content="5"></noscript>'
    assert refresh in client.get(url).content.decode()  # a claim is being verified
    fixing = small.claims.first().pk
    assert refresh not in client.get(f"{url}?fix={fixing}").content.decode()  # the reviewer is typing
    small.claims.filter(verification_state="pending").update(verification_state="verified")
    html = client.get(url).content.decode()
    assert refresh not in html and 'data-pending="0"' in html and 'value="100"' in html
    Article.objects.filter(pk=small.pk).update(state=Article.State.QUEUED)
    assert refresh in client.get(url).content.decode()


def test_the_articles_list_is_newest_first_with_counts(users):
    make_article(3), make_article(8)  # the older, then the newer
    html = client_for(users.reviewer).get(reverse("claims:articles")).content.decode()
    assert html.index("8 frasi") < html.index("3 frasi")
    row = html[html.index("8 frasi") :].split("</tr>", 1)[0]
    # claims, check-worthy, checks done among the check-worthy (claims 0, 2, 4, 6: pending or failed)
    assert re.findall(r"<td>(\d+)</td>", row) == ["8", "4", "0"]


def test_the_articles_list_is_paginated_by_50(users):
    Article.objects.bulk_create([Article(title=f"Pezzo {i}", body="x") for i in range(51)])
    client = client_for(users.reviewer)
    first, second = client.get(reverse("claims:articles")), client.get(reverse("claims:articles") + "?page=2")
    assert len(first.context["page"].object_list) == 50 and len(second.context["page"].object_list) == 1


# The article page and the list cost the same number of queries whatever the number of
# claims or articles (the session itself comes from the cache).
@pytest.mark.parametrize("size", [3, 200])
def test_the_article_page_costs_a_fixed_number_of_queries(users, size, django_assert_num_queries):
    article = make_article(size, assignee=users.reviewer)
    client = client_for(users.reviewer)
    url = reverse("claims:article", args=[article.pk])
    # First view: 1 user, 1 permissions (user's and groups' in one query, read on every
    # request unless the cache is shared: claims/auth.py), 1 data version (page cache
    # check), 1 the header's My work counts, 1 its saved views (then cached), 1 article
    # (without its texts), 1 the claims' counts and latest change, 1 claims with assignees
    # and counts of what the checks found, 1 the cleaned text.
    with django_assert_num_queries(9):
        response = client.get(url)
    # The table lists the first 100 claims (all with ?all=1); the text highlights every one.
    html = response.content.decode()
    assert html.count('class="fix-link"') == min(size, 100) and html.count("<mark ") == size
    assert ("?all=1" in html) == (size > 100)
    # Again, nothing changed: the highlighted text and table come from the cache (1 user,
    # 1 permissions, 1 data version, 1 article, 1 counts), then the whole page (1 user,
    # 1 permissions, 1 data version).
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(3):
        again = client.get(url)

    def claims_part(page):  # the text and the table (the forms' CSRF tokens differ per view)
        html = page.content.decode()
        return html[html.index('id="article-text"') : html.index("</div>")], html[html.index("<tbody>") :]

    assert claims_part(again) == claims_part(response)
    claim = article.claims.get(position=size - 1)  # one claim's tools open: rendered
    with django_assert_num_queries(7):
        response = client.get(f"{url}?fix={claim.pk}")
    assert f'action="{reverse("claims:claim_split", args=[claim.pk])}"' in response.content.decode()
    # The progress JSON: 1 user, 1 permissions, 1 article's state, 1 counts, 1 its claims.
    with django_assert_num_queries(5):
        assert len(client.get(reverse("claims:article_progress", args=[article.pk])).json()["claims"]) == size


def test_the_cached_article_page_shows_a_change_at_once(users, submit, seed_bytes):
    from claims.services import review

    article = submit(body=seed_bytes)
    client = client_for(users.reviewer)
    url = reverse("claims:article", args=[article.pk])
    assert "Discarded" not in client.get(url).content.decode()
    claim = article.claims.get(text__startswith="Tuttavia, continuano")
    review.claim_discard(claim=claim, reason="opinion", by=users.reviewer, version=claim.version)
    html = client.get(url).content.decode()
    assert 'mark class="claim status-discarded' in html and "Discarded" in html
    # A worker's change shows as well: a check-worthy claim's verification fails (the worker
    # marks its run failed and recomputes the claim's state, as services.verification does).
    from claims.models import VerificationRun
    from claims.services.verification import claims_refresh_state

    checked = article.claims.filter(checkworthy=True).order_by("position").first()

    def verification_shown(html):  # the "Verification" cell of that claim's row in the table
        row = re.search(rf'<tr id="claim-{checked.pk}".*?</tr>', html, re.S)[0]
        return re.search(r'data-field="verification">([^<]*)<', row)[1]

    # Before: the page (now also in the cache) shows the claim's checks done.
    before = verification_shown(html)
    assert before == verification_shown(client.get(url).content.decode()) and before.startswith("Checks done")
    VerificationRun.objects.filter(claim=checked).update(state=VerificationRun.State.FAILED)
    claims_refresh_state([checked.pk])
    after = verification_shown(client.get(url).content.decode())
    assert after == str(Claim.Verification.FAILED.label) and after != before


@pytest.mark.parametrize("size", [3, 60])
def test_the_articles_list_costs_a_fixed_number_of_queries(users, size, django_assert_num_queries):
    for _ in range(size):
        make_article(2)
    Article.objects.update(submitted_by=users.editor)
    client = client_for(users.reviewer)
    # 1 user, 1 permissions (user's and groups'), 1 the paginator's count, 1 page query (the
    # claim counts are subqueries in it), 1 the header's My work counts, 1 its saved views.
    with django_assert_num_queries(6):
        client.get(reverse("claims:articles"))


def test_a_long_articles_table_lists_all_claims_on_request(users):
    article = make_article(130)
    client = client_for(users.reviewer)
    url = reverse("claims:article", args=[article.pk])
    assert client.get(url).content.decode().count('<tr id="claim-') == 100
    assert client.get(url + "?all=1").content.decode().count('<tr id="claim-') == 130
    last = article.claims.get(position=129)  # a claim beyond the first 100 with its tools open: all listed
    assert f'id="claim-{last.pk}"' in client.get(url + f"?fix={last.pk}").content.decode()

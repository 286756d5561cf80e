"""Hostile input through every entry point: the submit page (paste, upload, URL), the API,
the verdict form and API (source URLs), import_claimreview, the CLI, the login and the
query strings. Each case is answered with a 4xx or a clear message, leaves nothing stored
half-way (the rows it must not create are counted before and after), and the server is
healthy afterwards (/health: the database and the broker answer). Cases the app accepts on
purpose (a huge number, an odd link) must end in a final state: ready, or failed with the
reason, never stuck. Issue 10 lists the probe's findings; each is here."""

import io
import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Article, Claim, FactCheck, Rating, Source, Verdict, VerdictSource
from claims.services.tokens import api_token_issue

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LIMIT = 2 * MB  # the default FACTCHECK_MAX_ARTICLE_BYTES
OK_TEXT = "Il comune ha speso 3 milioni di euro per le strade nel 2023, secondo il bilancio."


@pytest.fixture
def world(users, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = LIMIT
    claim = make_claims(make_article("Bilancio"), [{"text": OK_TEXT}])[0]
    page = Client()
    page.force_login(users.reviewer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=users.reviewer)}")
    return {"claim": claim, "page": page, "api": api, "capture": django_capture_on_commit_callbacks}


def _stored() -> dict:
    return {m.__name__: m.objects.count() for m in (Article, Claim, Verdict, VerdictSource, Source, FactCheck)}


# --- Entry points: each returns the text a person (or program) is shown ---------------------


def paste(w, text, **fields):
    data = {"how": "paste", "paste-body": text, **{f"paste-{k}": v for k, v in fields.items()}}
    response = w["page"].post("/articles/new/", data)
    return response.status_code, unescape(response.content.decode())


def upload(w, name, data):
    response = w["page"].post("/articles/new/", {"how": "upload", "upload-file": SimpleUploadedFile(name, data)})
    return response.status_code, unescape(response.content.decode())


def url_form(w, url):
    response = w["page"].post("/articles/new/", {"how": "url", "url-url": url})
    return response.status_code, unescape(response.content.decode())


def api_article(w, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    response = w["api"].post("/api/articles/", raw, content_type="application/json")
    return response.status_code, response.content.decode()


def api_verdict(w, body):
    claim = w["claim"]
    raw = body if isinstance(body, str) else json.dumps(body)
    response = w["api"].put(f"/api/claims/{claim.pk}/verdict/", raw, content_type="application/json")
    return response.status_code, response.content.decode()


def page_verdict(w, url):
    claim = w["claim"]
    data = {
        "rating": Rating.objects.get(key="false").pk,
        "confidence": 80,
        "explanation": "Smentito.",
        "as_of": "2025-06-01",
        "version": "",
        "seen_history": 0,
        "action": "save",
        "src-TOTAL_FORMS": "1",
        "src-INITIAL_FORMS": "0",
        "src-MIN_NUM_FORMS": "0",
        "src-MAX_NUM_FORMS": "30",
        "src-0-url": url,
        "src-0-title": "t",
        "src-0-quote": "",
        "src-0-stance": "refutes",
    }
    response = w["page"].post(f"/claims/{claim.pk}/verdict/", data, follow=True)
    return response.status_code, unescape(response.content.decode())


def claimreview(w, content, tmp_path):
    path = tmp_path / "reviews.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_claimreview", str(path), "--format", "text", stdout=out, stderr=err)
    except CommandError as exc:
        return 400, str(exc) + err.getvalue()
    return 200, out.getvalue() + err.getvalue()


def cli(w, command, content, tmp_path, name="article.txt"):
    path = tmp_path / name
    if content is None:
        target = str(tmp_path / "missing.txt")
    elif content == "<dir>":
        target = str(tmp_path)
    else:
        path.write_bytes(content)
        target = str(path)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, target, stdout=out, stderr=err)
    except CommandError as exc:
        return 400, f"{exc}\n{err.getvalue()}"
    return 200, out.getvalue() + err.getvalue()


def get(w, path):
    response = w["page"].get(path)
    return response.status_code, response.content.decode(errors="replace")[:2000]


def login(w, username, password, next_url=""):
    response = Client().post(f"/accounts/login/?next={next_url}", {"username": username, "password": password})
    return response.status_code, response.get("Location", "") or unescape(response.content.decode())


# --- The cases ------------------------------------------------------------------------------

ZW = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u202e\u202d\u2066\u2067\u2069"
BIG_NUMBER = "9" * 309
SOURCES_PAGE_REFUSED = "must start with http:// or https://"

REFUSED = [
    # The submit page: pasted text and its fields.
    ("paste", "empty", lambda w, t: paste(w, ""), "The article is empty."),
    ("paste", "whitespace", lambda w, t: paste(w, " \n\t \u00a0\u3000 "), "The article is empty."),
    ("paste", "zero-width only", lambda w, t: paste(w, ZW * 40), "The article is empty."),
    ("paste", "direction marks only", lambda w, t: paste(w, BIDI * 10), "The article is empty."),
    ("paste", "binary", lambda w, t: paste(w, "".join(chr(c) for c in range(1, 32)) * 50), "looks binary"),
    ("paste", "too large", lambda w, t: paste(w, "a" * (LIMIT + 10)), "The article is too large"),
    (
        "paste",
        "javascript source",
        lambda w, t: paste(w, OK_TEXT, source_url="javascript:alert(1)"),
        SOURCES_PAGE_REFUSED,
    ),
    (
        "paste",
        "data source",
        lambda w, t: paste(w, OK_TEXT, source_url="data:text/html,<b>x</b>"),
        SOURCES_PAGE_REFUSED,
    ),
    ("paste", "file source", lambda w, t: paste(w, OK_TEXT, source_url="file:///etc/passwd"), SOURCES_PAGE_REFUSED),
    (
        "paste",
        "source with spaces",
        lambda w, t: paste(w, OK_TEXT, source_url="https://exa mple.org/"),
        "spaces or control",
    ),
    ("paste", "source too long", lambda w, t: paste(w, OK_TEXT, source_url="https://e.org/" + "a" * 2100), "2000"),
    ("paste", "title too long", lambda w, t: paste(w, OK_TEXT, title="T" * 600), "at most 500 characters"),
    # Uploads.
    ("upload", "pdf", lambda w, t: upload(w, "a.txt", b"%PDF-1.7\n..."), "is a PDF document, not text"),
    ("upload", "zip", lambda w, t: upload(w, "a.txt", b"PK\x03\x04rest"), "is a ZIP archive"),
    ("upload", "elf", lambda w, t: upload(w, "a.txt", b"\x7fELF\x02\x01"), "is an executable"),
    ("upload", "png", lambda w, t: upload(w, "a.md", b"\x89PNG\r\n\x1a\n"), "is a PNG image"),
    ("upload", "exe name", lambda w, t: upload(w, "a.exe", b"text"), "Only .txt, .md and .html"),
    ("upload", "no extension", lambda w, t: upload(w, "README", b"text"), "Only .txt, .md and .html"),
    ("upload", "empty file", lambda w, t: upload(w, "a.txt", b""), "The submitted file is empty."),
    ("upload", "zero-width file", lambda w, t: upload(w, "a.txt", ZW.encode() * 30), "The article is empty."),
    ("upload", "bad utf-16", lambda w, t: upload(w, "a.txt", b"\xff\xfe\x00\xd8"), "not valid utf-16"),
    ("upload", "20 MB", lambda w, t: upload(w, "a.txt", b"a" * (20 * MB)), "The file is too large (about 20.0"),
    # Submitting a URL.
    ("url", "javascript", lambda w, t: url_form(w, "javascript:alert(1)"), SOURCES_PAGE_REFUSED),
    ("url", "file", lambda w, t: url_form(w, "file:///etc/passwd"), SOURCES_PAGE_REFUSED),
    ("url", "gopher", lambda w, t: url_form(w, "gopher://127.0.0.1:6379/_INFO"), SOURCES_PAGE_REFUSED),
    ("url", "ftp", lambda w, t: url_form(w, "ftp://example.org/a"), SOURCES_PAGE_REFUSED),
    ("url", "no host", lambda w, t: url_form(w, "http://"), SOURCES_PAGE_REFUSED),
    ("url", "broken ipv6", lambda w, t: url_form(w, "http://[::1"), "not a valid web address"),
    (
        "url",
        "control character",
        lambda w, t: url_form(w, "https://example.org/\x00a"),
        "Null characters are not allowed.",
    ),
    ("url", "blank", lambda w, t: url_form(w, "   "), "This field is required."),
    # The API.
    ("api", "empty text", lambda w, t: api_article(w, {"text": ""}), "The article is empty."),
    ("api", "zero-width text", lambda w, t: api_article(w, {"text": ZW * 20}), "The article is empty."),
    ("api", "text is an object", lambda w, t: api_article(w, {"text": {"a": 1}}), "Not a valid string"),
    ("api", "text is a list", lambda w, t: api_article(w, {"text": ["a"]}), "Not a valid string"),
    ("api", "not an object", lambda w, t: api_article(w, "[1, 2]"), "non_field_errors"),
    ("api", "broken json", lambda w, t: api_article(w, '{"text": "a'), "JSON parse error"),
    ("api", "json nested 5000 deep", lambda w, t: api_article(w, "[" * 5000 + "]" * 5000), "nested too deeply"),
    ("api", "lone surrogate", lambda w, t: api_article(w, '{"text": "\\ud800 testo"}'), "Surrogate characters"),
    ("api", "text and url", lambda w, t: api_article(w, {"text": OK_TEXT, "url": "https://e.org"}), "(one)"),
    ("api", "javascript url", lambda w, t: api_article(w, {"url": "javascript:alert(1)"}), "must start with http"),
    ("api", "too large", lambda w, t: api_article(w, {"text": "a" * (LIMIT + 10)}), "too large"),
    (
        "api",
        "bad content type",
        lambda w, t: api_article(w, {"text": OK_TEXT, "content_type": "application/exe"}),
        "content_type",
    ),
    # Verdicts and their sources (API and page).
    (
        "api-verdict",
        "confidence 10**400",
        lambda w, t: api_verdict(
            w,
            '{"rating": "false", "confidence": 1'
            + "0" * 400
            + ', "explanation": "x", "as_of": null, "sources": [], "version": null}',
        ),
        "confidence",
    ),
    (
        "api-verdict",
        "confidence NaN",
        lambda w, t: api_verdict(
            w,
            {"rating": "false", "confidence": "NaN", "explanation": "x", "as_of": None, "sources": [], "version": None},
        ),
        "A valid integer is required.",
    ),
    (
        "api-verdict",
        "confidence 1e999",
        lambda w, t: api_verdict(
            w,
            '{"rating": "false", "confidence": 1e999, "explanation": "x", "as_of": null, "sources": [], "version": null}',
        ),
        "confidence",
    ),
    (
        "api-verdict",
        "date 0000-00-00",
        lambda w, t: api_verdict(
            w,
            {
                "rating": "false",
                "confidence": 5,
                "explanation": "x",
                "as_of": "0000-00-00",
                "sources": [],
                "version": None,
            },
        ),
        "Date has wrong format",
    ),
    (
        "api-verdict",
        "unknown rating",
        lambda w, t: api_verdict(
            w,
            {
                "rating": "pants-on-fire",
                "confidence": 5,
                "explanation": "x",
                "as_of": None,
                "sources": [],
                "version": None,
            },
        ),
        "does not exist",
    ),
    (
        "api-verdict",
        "31 sources",
        lambda w, t: api_verdict(
            w,
            {
                "rating": "false",
                "confidence": 5,
                "explanation": "x",
                "as_of": None,
                "sources": [{"url": f"https://e.org/{i}"} for i in range(31)],
                "version": None,
            },
        ),
        "at most 30 sources",
    ),
    (
        "api-verdict",
        "javascript source",
        lambda w, t: api_verdict(
            w,
            {
                "rating": "false",
                "confidence": 5,
                "explanation": "x",
                "as_of": None,
                "sources": [{"url": "javascript:alert(1)"}],
                "version": None,
            },
        ),
        "must start with http",
    ),
    (
        "api-verdict",
        "source without url",
        lambda w, t: api_verdict(
            w,
            {
                "rating": "false",
                "confidence": 5,
                "explanation": "x",
                "as_of": None,
                "sources": [{"url": "", "title": "t"}],
                "version": None,
            },
        ),
        "may not be blank",
    ),
    (
        "api-verdict",
        "version past int range",
        lambda w, t: api_verdict(
            w, {"rating": "false", "confidence": 5, "explanation": "x", "as_of": None, "sources": [], "version": 10**30}
        ),
        "version",
    ),
    (
        "page-verdict",
        "javascript source",
        lambda w, t: page_verdict(w, "javascript:alert(1)"),
        "must start with http://",
    ),
    (
        "page-verdict",
        "data source",
        lambda w, t: page_verdict(w, "data:text/html;base64,PHNjcmlwdD4="),
        "must start with http://",
    ),
    ("page-verdict", "vbscript source", lambda w, t: page_verdict(w, "vbscript:msgbox(1)"), "must start with http://"),
    # import_claimreview.
    ("claimreview", "not json", lambda w, t: claimreview(w, b"\x00\x01garbage", t), "reviews.json"),
    ("claimreview", "json nested 5000 deep", lambda w, t: claimreview(w, "[" * 5000 + "]" * 5000, t), "reviews.json"),
    (
        "claimreview",
        "javascript review url",
        lambda w, t: claimreview(
            w,
            json.dumps(
                {
                    "@type": "ClaimReview",
                    "url": "javascript:alert(1)",
                    "claimReviewed": "Il PIL cresce.",
                    "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "Falso"},
                }
            ),
            t,
        ),
        "rejected",
    ),
    (
        "claimreview",
        "no claim reviewed",
        lambda w, t: claimreview(
            w,
            json.dumps(
                {
                    "@type": "ClaimReview",
                    "url": "https://e.org/r",
                    "reviewRating": {"@type": "Rating", "alternateName": "Falso"},
                }
            ),
            t,
        ),
        "rejected",
    ),
    ("claimreview", "empty file", lambda w, t: claimreview(w, b"", t), "reviews.json"),
    # The CLI.
    ("cli", "extract missing file", lambda w, t: cli(w, "extract_claims", None, t), "no such file"),
    ("cli", "extract a folder", lambda w, t: cli(w, "extract_claims", "<dir>", t), "not a regular file"),
    ("cli", "extract a pdf", lambda w, t: cli(w, "extract_claims", b"%PDF-1.4 x", t), "is a PDF document"),
    ("cli", "extract zero-width", lambda w, t: cli(w, "extract_claims", ZW.encode() * 10, t), "The article is empty."),
    ("cli", "ingest binary", lambda w, t: cli(w, "ingest", bytes(range(256)) * 20, t), "looks binary"),
    (
        "cli",
        "ingest 20 MB",
        lambda w, t: cli(w, "ingest", b"a" * (20 * MB), t),
        "The input is too large (20.0 MB); the limit is 2.0 MB.",
    ),
    ("cli", "extract 20 MB", lambda w, t: cli(w, "extract_claims", b"a" * (20 * MB), t), "(20.0 MB)"),
    # Logins.
    ("login", "10000-character user name", lambda w, t: login(w, "x" * 10_000, "y"), "didn't match"),
    ("login", "NUL in the user name", lambda w, t: login(w, "rita\x00", "pw-rita"), "didn't match"),
]

# Query strings and redirects: answered, never a 500 nor a redirect off the site.
ANSWERED = [
    ("queue", "score not a number", "/queue/?min_score=abc"),
    ("queue", "score NaN", "/queue/?max_score=NaN"),
    ("queue", "score inf", "/queue/?min_score=inf"),
    ("queue", "sort injection", "/queue/?sort=;DROP TABLE claims_claim"),
    ("queue", "page 10**23", "/queue/?page=99999999999999999999999"),
    ("queue", "status unknown", "/queue/?status=zzz"),
    ("queue", "article not an id", "/queue/?article=1e9"),
    ("api", "claims filter junk", "/api/claims/?min_score=1e999&assigned=-1"),
    ("api", "page junk", "/api/claims/?page=-1"),
    ("article", "fix not a number", "/articles/1/?fix=../../etc"),
    ("export", "unknown format", "/queue/export.exe"),
]

# Accepted on purpose: each must end ready, or failed with its reason.
ACCEPTED = [
    (
        "paste",
        "309-digit number",
        lambda w, t: paste(w, f"Il debito è salito a {BIG_NUMBER} euro nel 2024 secondo l'Istat."),
    ),
    ("api", "1 x 1.9M", lambda w, t: api_article(w, {"text": "Secondo l'Istat " + "1" * 1_900_000 + " persone."})),
    (
        "api",
        "1.000, x 300k",
        lambda w, t: api_article(w, {"text": "Secondo l'Istat " + "1.000," * 300_000 + " persone."}),
    ),
    (
        "paste",
        "link with parentheses",
        lambda w, t: paste(
            w,
            '<p>Secondo <a href="https://it.wikipedia.org/wiki/Disoccupazione_(economia)">ISTAT</a>, il dato è salito al 7,5 per cento nel 2024.</p>',
        ),
    ),
    (
        "paste",
        "script in the title",
        lambda w, t: paste(
            w,
            "<html><head><title>Titolo<script>alert(1)</script></title></head><body><h1>Titolo <script>alert(1)</script></h1><p>"
            + OK_TEXT
            + "</p></body></html>",
        ),
    ),
    (
        "upload",
        "5000 nested divs",
        lambda w, t: upload(w, "deep.html", ("<div>" * 5000 + f"<p>{OK_TEXT}</p>" + "</div>" * 5000).encode()),
    ),
    ("paste", "right-to-left override", lambda w, t: paste(w, f"Il file fattura\u202efdp.exe contiene {OK_TEXT}")),
    ("url", "loopback address", lambda w, t: url_form(w, "http://127.0.0.1:6379/")),
    ("url", "metadata address", lambda w, t: url_form(w, "http://169.254.169.254/latest/meta-data/")),
    ("url", "ipv4 in ipv6", lambda w, t: url_form(w, "http://[::ffff:127.0.0.1]/")),
]


def _healthy(w):
    assert Client().get("/healthz").status_code == 200
    health = Client().get("/health")
    assert health.status_code == 200, health.content


@pytest.mark.parametrize("entry, run, expected", [pytest.param(e, r, x, id=f"{e}: {i}") for e, i, r, x in REFUSED])
def test_hostile_input_is_refused_clearly_and_stores_nothing(world, entry, run, expected, tmp_path):
    before = _stored()
    status, shown = run(world, tmp_path)
    assert status < 500
    assert expected in shown, shown[:3000]
    if entry in ("paste", "upload", "url", "api", "page-verdict", "api-verdict"):
        # A page that refuses shows the form again (200) or says 4xx; never a redirect to a
        # stored article.
        assert status in (200, 400, 413) or (entry == "page-verdict" and status == 200), status
    assert _stored() == before
    _healthy(world)


@pytest.mark.parametrize("entry, path", [pytest.param(e, p, id=f"{e}: {i}") for e, i, p in ANSWERED])
def test_hostile_query_strings_are_answered_without_a_server_error(world, entry, path):
    status, _ = get(world, path)
    assert status in (200, 400, 403, 404), (path, status)
    _healthy(world)


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_no_redirect_leaves_the_site(world, users, next_url):
    status, location = login(world, "rita", "pw-rita", next_url)
    assert status == 302 and location == "/queue/", location
    response = world["page"].post("/i18n/setlang/", {"language": "it", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/", response["Location"]


@pytest.mark.parametrize("entry, run", [pytest.param(e, r, id=f"{e}: {i}") for e, i, r in ACCEPTED])
def test_odd_but_acceptable_input_ends_ready_or_failed_with_a_reason(world, entry, run, tmp_path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * MB
    before = Article.objects.count()
    with world["capture"](execute=True):
        status, shown = run(world, tmp_path)
    assert status in (200, 201, 302), shown[:2000]
    assert Article.objects.count() == before + 1
    article = Article.objects.latest("pk")
    assert article.state in (Article.State.READY, Article.State.FAILED), article.state
    if article.state == Article.State.FAILED:
        assert article.error
        assert entry == "url", article.error  # only the private addresses are refused, by the fetcher
        assert "not" in article.error and "public" in article.error, article.error
    else:
        for signals in article.claims.values_list("signals", flat=True):
            json.dumps(signals, allow_nan=False)
    _healthy(world)


def test_the_suite_has_at_least_sixty_cases():
    assert len(REFUSED) + len(ANSWERED) + len(ACCEPTED) + 4 >= 60

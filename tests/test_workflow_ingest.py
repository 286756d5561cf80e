"""Submitting articles: bad input is refused with one line and stores nothing;
processing stores the claims or marks the article failed, never loses it."""

import pytest
from django.db import connection

from claims import services
from claims.models import Article, Claim
from claims.services import InputError, article_submit

pytestmark = pytest.mark.django_db


def _nothing_stored():
    return Article.objects.count() == 0 and Claim.objects.count() == 0


@pytest.mark.parametrize(
    "body,message",
    [
        (b"", "empty"),
        (b"   \n\t  \n", "empty"),
        ("", "empty"),
        ("  \n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Office"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 40, "binary"),
    ],
)
def test_it_refuses_bad_input_with_one_line_and_stores_nothing(body, message):
    with pytest.raises(InputError) as exc:
        article_submit(body=body, filename="upload.txt")
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)
    assert _nothing_stored()


def test_it_refuses_an_article_over_the_size_limit(settings):
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 1000
    with pytest.raises(InputError, match="too large"):
        article_submit(body="Il governo ha approvato la legge. " * 100)
    with pytest.raises(InputError, match="too large"):
        article_submit(body=b"x" * 1001)
    assert _nothing_stored()


def test_the_default_size_limit_is_2_mb(settings):
    assert settings.FACTCHECK_MAX_ARTICLE_BYTES == 2 * 1024 * 1024
    with pytest.raises(InputError, match="limit is 2.0 MB"):
        article_submit(body=b"a" * (2 * 1024 * 1024 + 1))


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_non_utf8_italian_decodes_correctly(encoding, submit):
    text = "Il caffè costa più di un euro. Perché? È così: l'ISTAT l'ha calcolato."
    article = submit(body=text.encode(encoding), filename="it.txt")
    article.refresh_from_db()
    assert article.body == text
    assert article.state == Article.State.READY


def test_cp1252_curly_quotes_and_dashes_decode():
    raw = "Il ministro ha detto \u201cbasta\u201d \u2013 e l\u2019ha ripetuto.".encode("cp1252")
    article = article_submit(body=raw)
    assert article.body == "Il ministro ha detto \u201cbasta\u201d \u2013 e l\u2019ha ripetuto."


def test_nul_bytes_are_removed_not_stored(seed_text, submit):
    article = submit(body=seed_text.replace("DeepSeek ha", "Deep\x00Seek ha").encode())
    article.refresh_from_db()
    assert "\x00" not in article.body
    assert "DeepSeek ha incontrato" in article.cleaned_text


def test_html_with_scripts_is_cleaned(submit):
    html = (
        "<html><head><title>Prezzi</title><script>document.write('<b>pwned</b>')</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Prezzi</h1>"
        "<p>Il prezzo del pane è aumentato del 3,5% nel 2024 secondo l'Istat.</p>"
        '<p onclick="alert(1)">Le vendite sono calate di 2 milioni di euro rispetto al 2023.</p>'
        "<script>alert('xss')</script></article><footer>© 2025 Giornale S.p.A.</footer></body></html>"
    )
    article = submit(body=html.encode(), filename="page.html")
    article.refresh_from_db()
    assert article.content_type == "text/html"
    assert article.state == Article.State.READY
    assert "alert" not in article.cleaned_text and "pwned" not in article.cleaned_text
    assert "Home" not in article.cleaned_text and "©" not in article.cleaned_text
    texts = list(article.claims.values_list("text", flat=True))
    assert texts == [
        "Prezzi",  # the page's headline, offered as a claim of type "headline"
        "Il prezzo del pane è aumentato del 3,5% nel 2024 secondo l'Istat.",
        "Le vendite sono calate di 2 milioni di euro rispetto al 2023.",
    ]


def test_submitting_stores_then_processes_the_seed_article(seed_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = article_submit(body=seed_bytes, filename="000.txt")
    # Processing is queued only once the row is committed (then, once the claims are
    # committed, their verification).
    assert "_enqueue_processing" in callbacks[0].__qualname__
    article.refresh_from_db()
    assert article.state == Article.State.READY
    assert article.language == "it"
    assert article.title.startswith("Impatto dei controlli sulle esportazioni di chip AI")
    claims = list(article.claims.order_by("position"))
    assert len(claims) >= 15
    for claim in claims:
        assert article.cleaned_text[claim.start : claim.end] == claim.text
    assert [c.position for c in claims] == list(range(len(claims)))


def test_a_failure_inside_processing_marks_the_article_failed_with_the_reason(
    monkeypatch, seed_bytes, submit, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("segmenter exploded")

    monkeypatch.setattr(services.articles, "extract", broken)
    article = submit(body=seed_bytes)
    article.refresh_from_db()
    assert article.state == Article.State.FAILED
    assert "segmenter exploded" in article.error
    assert article.claims.count() == 0
    # Fixed and re-run, the same article is processed: nothing was lost.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_reprocess([article.pk])
    article.refresh_from_db()
    assert article.state == Article.State.READY and article.claims.exists()


def test_an_article_with_nothing_but_boilerplate_fails_with_a_reason(submit):
    article = submit(body="Lascia un commento\n\nCondividi su Facebook\n\n© 2025 Giornale")
    article.refresh_from_db()
    assert article.state == Article.State.FAILED
    assert "no text left" in article.error


def test_processing_twice_leaves_one_set_of_claims(seed_bytes, submit, django_capture_on_commit_callbacks):
    article = submit(body=seed_bytes)
    first = list(article.claims.values_list("text", flat=True))
    assert services.article_process(article.pk) is None  # already ready: a duplicate delivery does nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.article_reprocess([article.pk])
    assert list(article.claims.values_list("text", flat=True)) == first


def test_a_very_long_claim_text_saves():
    sentence = "Il governo ha stanziato " + "1,5 miliardi di euro e " * 8000 + "altro."
    assert len(sentence) > 150_000
    article = Article.objects.create(title="x", body=sentence, body_sha256="0" * 64)
    claim = Claim.objects.create(article=article, text=sentence, start=0, end=len(sentence), position=0, score=0.9)
    claim.refresh_from_db()
    assert len(claim.text) == len(sentence)


def test_the_queue_index_does_not_cover_the_claim_text():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Claim._meta.db_table)
    for name, info in constraints.items():
        assert "text" not in (info["columns"] or []), name


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        "http://",
        "https://exa mple.org/",
        "http://example.org/\x00",
        "https://" + "a" * 2100 + ".org",
    ],
)
def test_hostile_source_urls_are_refused_and_nothing_is_stored(url, seed_bytes):
    with pytest.raises(InputError):
        article_submit(body=seed_bytes, source_url=url)
    assert _nothing_stored()


def test_a_source_url_is_kept(seed_bytes):
    article = article_submit(body=seed_bytes, source_url="https://www.example.it/tech/deepseek-r2")
    assert article.source_url == "https://www.example.it/tech/deepseek-r2"

"""What a public report says about its sources and who it varies for.

An "archived copy" is linked only when a fetch kept one; otherwise the report says what
happened (dead link, refused address, not fetched yet). Published data is the same for
every visitor; the headers say the translated report varies with the reader's language and
the feed does not."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Snapshot, Source

from .test_publishing import approve

pytestmark = pytest.mark.django_db

REUTERS = "https://www.reuters.com/technology/nvidia-h20"


@pytest.fixture
def article(submit, seed_bytes):
    return submit(body=seed_bytes, source_url="https://www.example-news.it/tech/deepseek-r2")


@pytest.fixture
def report(article, users):
    """One published claim citing Reuters; the test decides what archiving made of it."""
    from claims.services import publishing

    claim = article.claims.filter(checkworthy=True).order_by("position").first()
    approve(claim, users)
    publishing.article_publish(article=article, by=users.editor)
    return article, Source.objects.get(claim=claim, url=REUTERS)


def report_html(article, lang="en") -> str:
    return Client(headers={"accept-language": lang}).get(reverse("claims:report", args=[article.pk])).content.decode()


def snap(source, **values) -> Snapshot:
    return Snapshot.objects.create(source=source, requested_url=source.url, **values)


def test_a_source_never_fetched_says_so_and_links_no_copy(report, settings):
    article, _source = report
    html = report_html(article)  # the tests' default: archiving off (nothing leaves the machine)
    assert "not archived: archiving is off" in html and "archived copy" not in html
    settings.FACTCHECK_ARCHIVE_SOURCES = True  # on, but no worker has fetched it yet
    html = report_html(article)
    assert "not fetched yet" in html and "archived copy" not in html
    assert "non ancora scaricata" in report_html(article, "it")


def test_a_refused_address_is_named_and_its_empty_fetch_is_not_offered(report):
    article, source = report
    refused = snap(
        source,
        error="www.reuters.com resolves to 10.0.0.1, which is not a public address",
        error_code="blocked_address",
    )
    html = report_html(article)
    assert "refused: the address is not public" in html and "archived copy" not in html
    # The empty fetch's page itself says nothing was kept, instead of "HTTP —" and no hash.
    page = Client().get(reverse("claims:archived_copy", args=[refused.pk]))
    assert page.status_code == 404 and "No copy of this page was kept" in page.content.decode()
    assert "SHA-256" not in page.content.decode()


def test_a_dead_link_is_named_and_an_earlier_copy_is_still_linked(report):
    article, source = report
    kept = snap(source, status_code=200, sha256="a" * 64, text="Nvidia H20 …", title="Reuters")
    assert "archived copy" in report_html(article) and f"/reports/archive/{kept.pk}/" in report_html(article)
    later = snap(source, status_code=404, sha256="b" * 64, fetched_at=kept.fetched_at.replace(year=2099))
    html = report_html(article)
    assert f"/reports/archive/{kept.pk}/" in html and f"/reports/archive/{later.pk}/" not in html
    assert "dead link (HTTP 404)" in html
    page = Client().get(reverse("claims:archived_copy", args=[kept.pk]))
    assert page.status_code == 200 and "a" * 64 in page.content.decode() and "Nvidia H20" in page.content.decode()


def test_the_report_varies_with_the_language_and_its_claimreview_does_not(report):
    article, _source = report
    import extruct

    answers = {
        lang: Client(headers={"accept-language": lang}).get(reverse("claims:report", args=[article.pk]))
        for lang in ("en", "it")
    }
    for response in answers.values():
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
    assert answers["en"]["Content-Language"] == "en" and answers["it"]["Content-Language"] == "it"
    ld = {
        lang: extruct.extract(r.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
        for lang, r in answers.items()
    }
    assert ld["en"] == ld["it"] and ld["en"][0]["reviewRating"]["alternateName"] == "Quasi falso"


def test_the_feed_is_the_same_bytes_for_everyone_and_says_so(report):
    responses = [
        Client(headers={"accept-language": lang}).get(reverse("claims:claimreview_feed")) for lang in ("en", "it")
    ]
    bodies = [b"".join(r.streaming_content) for r in responses]
    assert bodies[0] == bodies[1] and json.loads(bodies[0])[0]["inLanguage"] == "it"
    for response in responses:
        assert "accept-language" not in response.get("Vary", "").lower()
        assert not response.has_header("Content-Language")


@pytest.mark.parametrize("n", [1, 4])
def test_the_report_reads_a_constant_number_of_queries(article, users, n, django_assert_num_queries):
    from claims.services import publishing

    claims = list(article.claims.filter(checkworthy=True).order_by("position")[:n])
    for claim in claims:
        approve(claim, users)
    publishing.article_publish(article=article, by=users.editor)
    for source in Source.objects.filter(claim__in=claims):
        snap(source, status_code=200, sha256="c" * 64)
        snap(source, error="timed out", error_code="timeout")
    # 1 article, 1 published verdicts with claim, article, rating and people, 1 their cited
    # sources, 1 the sources' snapshots, 1 superseded versions, 1 the claims linked to them
    # (their appearances), 1 the rating scale's bounds.
    with django_assert_num_queries(7):
        html = Client().get(reverse("claims:report", args=[article.pk])).content.decode()
    assert html.count("archived copy") == n and html.count("no answer in time") == n

"""Publishing: the public report, its ClaimReview JSON-LD read as a consumer would
(extruct, then pyld against schema.org's context, offline), corrections, exports and the
feed that import_claimreview reads back unchanged."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import FactCheck, Rating, Verdict
from claims.services import publishing, verdicts
from claims.services.factchecks import factcheck_import_claimreview
from claims.services.review import WorkflowError
from claims.services.verdicts import SourceInput
from claims.verification.claimreview import parse_claimreviews

pytestmark = pytest.mark.django_db

CONTEXT = Path(__file__).parent / "data" / "claimreview" / "schemaorgcontext.jsonld"
SCHEMA = "http://schema.org/"


@pytest.fixture
def article(submit, seed_bytes):
    return submit(body=seed_bytes, source_url="https://www.example-news.it/tech/deepseek-r2")


def approve(claim, users, rating="mostly-false", explanation="Le fonti pubbliche non lo confermano."):
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key=rating),
        confidence=70,
        explanation=explanation,
        as_of=None,
        sources=[SourceInput("https://www.reuters.com/technology/nvidia-h20", "Reuters", "H20 restricted", "refutes")],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    return verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)


@pytest.fixture
def published(article, users):
    claims = list(article.claims.filter(checkworthy=True).order_by("position")[:2])
    for claim in claims:
        approve(claim, users)
    assert publishing.article_publish(article=article, by=users.editor) == 2
    return claims


def _expand(node):
    from pyld import jsonld

    context = json.loads(CONTEXT.read_text())

    def loader(url, options=None):  # schema.org's context from disk: no network
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}

    return jsonld.expand(node, {"documentLoader": loader})


def test_the_public_report_needs_no_login_and_carries_claimreview(published, article):
    import extruct

    response = Client().get(reverse("claims:report", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for claim in published:
        assert claim.text[:60] in html
    assert "Mostly false" in html and "70%" in html and "Reuters" in html
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 2
    for node, claim in zip(data, published):
        expanded = _expand(node)[0]
        assert expanded["@type"] == [SCHEMA + "ClaimReview"]
        assert expanded[SCHEMA + "claimReviewed"][0]["@value"] == claim.text
        assert expanded[SCHEMA + "url"][0]["@id"].endswith(f"/reports/{article.pk}/#claim-{claim.pk}")
        rating = expanded[SCHEMA + "reviewRating"][0]
        assert rating["@type"] == [SCHEMA + "Rating"]
        assert rating[SCHEMA + "alternateName"][0]["@value"] == "Mostly false"
        assert rating[SCHEMA + "ratingValue"][0]["@value"] == 2
        assert rating[SCHEMA + "bestRating"][0]["@value"] == 5 and rating[SCHEMA + "worstRating"][0]["@value"] == 1
        assert rating[SCHEMA + "ratingExplanation"][0]["@value"].startswith("Le fonti pubbliche")
        assert expanded[SCHEMA + "author"][0][SCHEMA + "name"][0]["@value"] == "Fact-check desk"
        assert expanded[SCHEMA + "datePublished"][0]["@value"]
        item = expanded[SCHEMA + "itemReviewed"][0]
        assert item["@type"] == [SCHEMA + "Claim"]
        assert (
            item[SCHEMA + "appearance"][0][SCHEMA + "url"][0]["@id"] == "https://www.example-news.it/tech/deepseek-r2"
        )


def test_nothing_published_is_not_found_and_drafts_stay_private(article, users):
    claim = article.claims.filter(checkworthy=True).first()
    approve(claim, users)  # approved, not published
    assert Client().get(reverse("claims:report", args=[article.pk])).status_code == 404


def test_a_hostile_claim_cannot_break_out_of_the_json_ld_block(article, users):
    from claims.services import review

    claim = article.claims.filter(checkworthy=True).first()
    review.claim_edit(
        claim=claim,
        by=users.reviewer,
        version=claim.version,
        text='Il ministro ha detto </script><script>alert("x")</script> che il PIL cresce del 2%.',
    )
    claim.refresh_from_db()
    approve(claim, users)
    publishing.article_publish(article=article, by=users.editor)
    html = Client().get(reverse("claims:report", args=[article.pk])).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "\\u003C/script\\u003E" in html


def test_a_correction_is_a_new_version_and_the_page_says_when(published, article, users):
    claim = published[0]
    current = verdicts.current_verdict(claim)
    with pytest.raises(WorkflowError, match="cannot be edited"):  # published: never edited in place
        verdicts.verdict_save(
            claim=claim,
            by=users.editor,
            version=current.version,
            rating=None,
            confidence=None,
            explanation="x",
            as_of=None,
            sources=[],
        )
    draft = publishing.verdict_correct(claim=claim, by=users.reviewer)
    assert draft.number == 2 and draft.state == Verdict.State.DRAFT and draft.sources.count() == 1
    # While the correction is in review, the public page still shows what was published.
    html = Client().get(reverse("claims:report", args=[article.pk])).content.decode()
    assert "Corrected" not in html and "Mostly false" in html
    draft = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=draft.version,
        rating=Rating.objects.get(key="false"),
        confidence=90,
        explanation="Smentito dai dati doganali.",
        as_of=None,
        sources=[SourceInput("https://www.reuters.com/technology/nvidia-h20", "Reuters")],
    )
    draft = verdicts.verdict_submit(verdict=draft, by=users.reviewer, version=draft.version)
    verdicts.verdict_approve(verdict=draft, by=users.editor, version=draft.version)
    assert publishing.article_publish(article=article, by=users.editor) == 1
    assert list(claim.verdicts.order_by("number").values_list("state", flat=True)) == ["superseded", "published"]
    html = Client().get(reverse("claims:report", args=[article.pk])).content.decode()
    assert "Corrected" in html and "Version 1 rated it" in html and "Smentito dai dati doganali." in html


def test_only_editors_publish(article, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        publishing.article_publish(article=article, by=users.reviewer)


def test_the_feed_reads_back_unchanged_through_import_claimreview(published, article):
    feed = b"".join(Client().get(reverse("claims:claimreview_feed")).streaming_content)
    records, rejected = parse_claimreviews(feed)
    assert rejected == [] and len(records) == 2
    assert [r.claim_reviewed for r in records] == [c.text for c in published]
    assert {r.rating_name for r in records} == {"Mostly false"}
    first = factcheck_import_claimreview(feed)
    again = factcheck_import_claimreview(feed)
    assert (first.created, again.created, again.unchanged) == (2, 0, 2)
    imported = FactCheck.objects.filter(origin="claimreview").order_by("pk")
    assert [f.claim_reviewed for f in imported] == [c.text for c in published]


def test_article_and_queue_exports_stream_csv_and_json(published, article, users):
    client = Client()
    client.force_login(users.reviewer)
    response = client.get(reverse("claims:article_export", args=[article.pk, "csv"]))
    assert response.streaming and response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == article.claims.count()
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[published[0].pk]["rating"] == "Mostly false" and by_id[published[0].pk]["verdict_state"] == "published"
    data = json.loads(
        b"".join(client.get(reverse("claims:article_export", args=[article.pk, "json"])).streaming_content)
    )
    assert len(data) == article.claims.count()
    queue = json.loads(
        b"".join(client.get(reverse("claims:queue_export", args=["json"]) + "?status=published").streaming_content)
    )
    assert sorted(r["id"] for r in queue) == sorted(c.pk for c in published)
    assert client.get(reverse("claims:article_export", args=[article.pk, "xml"])).status_code == 403
    assert Client().get(reverse("claims:article_export", args=[article.pk, "csv"])).status_code == 302


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(article, users):
    from claims.services import review

    claim = article.claims.first()
    review.claim_edit(claim=claim, by=users.reviewer, version=claim.version, text='=HYPERLINK("http://evil")')
    client = Client()
    client.force_login(users.reviewer)
    body = b"".join(client.get(reverse("claims:article_export", args=[article.pk, "csv"])).streaming_content)
    assert "'=HYPERLINK" in body.decode("utf-8-sig")

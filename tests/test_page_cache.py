"""The page cache never serves what changed: every kind of write moves data_version()."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim
from claims.views.page_cache import data_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(submit, seed_bytes):
    return submit(body=seed_bytes)


def test_bulk_updates_deletions_and_new_rows_all_move_the_version(article):
    before = data_version(article.pk)
    Claim.objects.filter(article=article).update(score=0.5)  # a bulk UPDATE, no save()
    after_update = data_version(article.pk)
    assert after_update != before
    article.claims.order_by("position").last().delete()  # touches its article
    after_delete = data_version(article.pk)
    assert after_delete != after_update
    other = Article.objects.create(title="x", body="x", body_sha256="0" * 64)
    assert data_version(article.pk) != after_delete
    version = data_version(article.pk)
    other.delete()  # fewer articles
    assert data_version(article.pk) != version
    assert data_version(987654)[-1] is False


def _mark_classes(html: str, claim_id: int) -> str:
    import re

    return re.search(rf'<mark class="([^"]*)" data-claim="{claim_id}"', html)[1]


def test_a_reloaded_page_shows_what_a_worker_changed(article, users):
    from claims.services.verification import claims_refresh_state

    client = Client()
    client.force_login(users.reviewer)
    url = reverse("claims:article", args=[article.pk])
    for _ in range(3):  # the CSRF cookie arrives with the first view; the third is a reuse
        html = client.get(url).content.decode()
    claim = article.claims.filter(checkworthy=True).first()
    assert "verif-verified" in _mark_classes(html, claim.pk)
    Claim.objects.filter(pk=claim.pk).update(verification_state="failed")  # a worker's write
    assert "verif-failed" in _mark_classes(client.get(url).content.decode(), claim.pk)
    claims_refresh_state([claim.pk])
    assert "verif-verified" in _mark_classes(client.get(url).content.decode(), claim.pk)


def test_pages_with_messages_are_never_reused(article, users):
    client = Client()
    client.force_login(users.reviewer)
    url = reverse("claims:article", args=[article.pk])
    client.get(url)
    client.get(url)
    claim = article.claims.filter(checkworthy=True).first()
    response = client.post(
        reverse("claims:claim_discard", args=[claim.pk]), {"reason": "opinion", "version": claim.version}, follow=True
    )
    assert any("discarded" in str(m).lower() for m in response.context["messages"])
    assert "discarded" not in client.get(url).content.decode().lower().split("<main", 1)[1][:400]

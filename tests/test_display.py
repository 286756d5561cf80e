"""A claim never displays differently from its text: right-to-left overrides and zero-width
characters are kept (copying gives the real text, offsets stay right) but isolated and
marked wherever people's text is shown (issue 10)."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.display import show_text
from claims.models import Claim

from .test_views_queue import make_article

pytestmark = pytest.mark.django_db

SNEAKY = "Il file fattura\u202efdp.exe è sicuro e il PIL\u200b è cresciuto del 2%."


def test_each_invisible_character_is_kept_isolated_and_named():
    html = show_text(SNEAKY + "<b>")
    assert html.count('class="hidden-char"') == 2
    assert 'data-label="RLO" title="U+202E right-to-left override">\u202e</span>' in html
    assert 'data-label="ZWSP"' in html and "&lt;b&gt;" in html


def test_plain_text_is_only_escaped():
    assert show_text("3 < 4 & 5") == "3 &lt; 4 &amp; 5"


@pytest.fixture
def claim(users):
    article = make_article("Fatture")
    article.cleaned_text = SNEAKY
    article.save()
    return Claim.objects.create(
        article=article, text=SNEAKY, start=0, end=len(SNEAKY), position=0, score=0.9, checkworthy=True
    )


def test_queue_article_and_claim_pages_mark_them(claim, users):
    client = Client()
    client.force_login(users.editor)
    for url in (
        reverse("claims:queue"),
        reverse("claims:article", args=[claim.article_id]),
        reverse("claims:claim", args=[claim.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'data-label="RLO"' in html and 'data-label="ZWSP"' in html, url
        # Every override in the page sits alone in its isolating span.
        marked = 'data-label="RLO" title="U+202E right-to-left override">\u202e</span>'
        assert html.count("\u202e") == html.count(marked) > 0, url

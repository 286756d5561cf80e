"""The matcher's proposals on a claim's page, in a real browser: the earlier fact-check of
the same claim at the top with why it was proposed, a same-topic one with other numbers
below it marked "numbers differ", and a reviewer marking proposals with the keyboard."""

import json

import pytest
from playwright.sync_api import expect

from claims.models import MatchMark, Verdict
from claims.services import article_submit
from claims.services.factchecks import factcheck_import_claimreview
from claims.services.match_index import index_factchecks
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "Bici elettriche in città\n\n"
    "Il bike sharing elettrico a Milano costa 2 euro l'ora.\n\n"
    "Lo ha detto ieri l'assessore ai trasporti durante la presentazione del nuovo servizio."
)


def test_a_reviewer_sees_why_a_factcheck_was_proposed_and_marks_it_with_the_keyboard(new_page, users):
    records = [
        {
            "@type": "ClaimReview",
            "url": "https://facta.news/bike",
            "headline": "Quanto costa il bike sharing a Milano",
            "claimReviewed": "A Milano una bici elettrica in condivisione si affitta per appena due euro all'ora",
            "reviewRating": {"@type": "Rating", "alternateName": "Vero"},
            "author": {"name": "Facta"},
        },
        {
            "@type": "ClaimReview",
            "url": "https://facta.news/bike-costo",
            "claimReviewed": "Il bike sharing elettrico a Milano costa 5 euro l'ora",
            "reviewRating": {"@type": "Rating", "alternateName": "Falso"},
            "author": {"name": "Facta"},
        },
    ]
    index_factchecks(factcheck_import_claimreview(json.dumps(records), embed_later=False).changed_ids)
    article = article_submit(body=ARTICLE.encode(), filename="bici.txt", submitted_by=users.reviewer)
    claim = article.claims.get(text__startswith="Il bike sharing")

    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto(f"/claims/{claim.pk}/")
    proposals = page.locator("#matches [data-proposal]")
    assert proposals.count() == 2
    first, second = proposals.nth(0), proposals.nth(1)
    # The same claim first (its level's badge, not the mark button's label), with the words
    # and numbers it shares and the semantic score.
    assert first.locator(".badge").inner_text() == "Same claim"
    assert "same numbers: 2" in first.inner_text() and "meaning" in first.inner_text()
    # The other price: never proposed as the same claim, and the page says why.
    assert second.locator(".badge").inner_text() == "Related" and "numbers differ" in second.inner_text()
    screenshot(page, "claim-matches")

    # Keyboard: focus the first proposal, Y marks it the same claim; the second, N not the same.
    # Each mark is a form post that reloads the page with the mark shown pressed: wait for
    # that page, not for a URL the first mark already left the browser on.
    first.focus()
    page.keyboard.press("y")
    expect(page.locator('#matches [aria-pressed="true"]')).to_have_count(1)
    page.locator("#matches [data-proposal]").nth(1).focus()
    page.keyboard.press("n")
    expect(page.locator('#matches [aria-pressed="true"]')).to_have_count(2)
    marks = dict(MatchMark.objects.filter(claim=claim).values_list("factcheck__url", "same"))
    assert marks == {"https://facta.news/bike": True, "https://facta.news/bike-costo": False}
    # N on a proposal is only the mark: not also "save the verdict and open the next claim".
    assert f"/claims/{claim.pk}/" in page.url and not Verdict.objects.filter(claim=claim).exists()

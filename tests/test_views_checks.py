"""The automated checks are named for what they are: "Checks done: 2 matches, 0 evidence
passages", never "Verified" in green, which a fact-checker reads as a verdict; and the
article's progress counts only the claims still in work."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimMatch, FactCheck

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db


def client_for(user, lang="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(user)
    return client


@pytest.fixture
def checked(users):
    """A check-worthy claim whose checks ran and found two earlier fact-checks, no evidence."""
    claim = make_claims(
        make_article("Conti"), [{"text": "Il debito è salito del 3%.", "verification_state": "verified"}]
    )[0]
    for i in range(2):
        fc = FactCheck.objects.create(
            origin="claimreview",
            key=f"k{i}",
            claim_reviewed=f"fc {i}",
        )
        ClaimMatch.objects.create(claim=claim, factcheck=fc, rank=i, score=0.4)
    return claim


def test_the_queue_and_the_claim_page_say_what_the_checks_found(users, checked):
    client = client_for(users.reviewer)
    queue = client.get(reverse("claims:queue")).content.decode()
    claim = client.get(reverse("claims:claim", args=[checked.pk])).content.decode()
    for html in (queue, claim):
        assert "Checks done: 2 matches, 0 evidence passages" in html
        assert ">Verified<" not in html and "Verified" not in html


def test_in_italian_the_checks_are_counted_too(users, checked):
    html = client_for(users.reviewer, "it").get(reverse("claims:queue")).content.decode()
    assert "Controlli completati: 2 fact-check simili, 0 riscontri" in html


def test_the_progress_counts_only_check_worthy_claims_still_in_work(users):
    article = make_article("Avanzamento")
    make_claims(
        article,
        [
            {"checkworthy": True, "verification_state": "verified"},
            {"checkworthy": True, "verification_state": "pending"},
            # Checked, then discarded or marked not check-worthy: no longer work to follow.
            {"checkworthy": True, "verification_state": "verified", "status": Claim.Status.DISCARDED},
            {"checkworthy": False, "verification_state": "verified"},
        ],
    )
    data = client_for(users.reviewer).get(reverse("claims:article_progress", args=[article.pk])).json()
    assert data["counts"] == {"claims": 4, "checkworthy": 2, "verified": 1, "failed": 0, "pending": 1}
    assert data["percent"] == 50
    html = client_for(users.reviewer).get(reverse("claims:article", args=[article.pk])).content.decode()
    assert 'Check-worthy: <strong data-count="checkworthy">2</strong>' in html
    assert 'Checks done: <strong data-count="verified">1</strong>' in html

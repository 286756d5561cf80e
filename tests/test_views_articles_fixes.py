"""Fixing the machine's claims from the article page: every fix posts a form carrying the
claim's version, comes back to the article with a message, and never overwrites a change
made meanwhile."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, HistoryEntry
from tests.test_views_articles import ARTICLE, NEW, client_for, make_article, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    return make_article(3)


def test_csrf_is_enforced_on_actions(small, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.reviewer)
    claim = small.claims.get(position=1)
    url = reverse("claims:claim_discard", args=[claim.pk])
    assert client.post(url, {"version": claim.version, "reason": "opinion"}).status_code == 403
    assert client.post(NEW, {"how": "paste", "paste-body": ARTICLE}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW and Article.objects.count() == 1
    client.get(reverse("claims:article", args=[small.pk]))  # sets the CSRF cookie, as a browser's visit does
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"version": claim.version, "reason": "opinion", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISCARDED


# --- Fixing claims ------------------------------------------------------------------------


def fix(client, name, claim, **data):
    """Post a fix with the version the page showed; follow the redirect to read the message."""
    data.setdefault("version", claim.version)
    return client.post(reverse(f"claims:claim_{name}", args=[claim.pk]), data, follow=True)


def test_editing_a_claim(small, users):
    claim = small.claims.get(position=1)
    client = client_for(users.reviewer)
    response = fix(client, "edit", claim, text="Nel 1901 il comune ha speso 3 milioni.", checkworthy="true")
    assert response.redirect_chain[-1][0] == reverse("claims:article", args=[small.pk]) + f"#claim-{claim.pk}"
    assert "Claim saved." in messages_of(response)
    claim.refresh_from_db()
    assert (claim.text, claim.checkworthy, claim.version) == ("Nel 1901 il comune ha speso 3 milioni.", True, 2)
    assert HistoryEntry.objects.get(claim=claim).actor == users.reviewer
    fix(client, "edit", claim, text="Nel 1901 il comune ha speso 4 milioni.")  # no flag posted: left as it is
    claim.refresh_from_db()
    assert (claim.text, claim.checkworthy) == ("Nel 1901 il comune ha speso 4 milioni.", True)
    fix(client, "edit", claim, text=claim.text, checkworthy="false")
    claim.refresh_from_db()
    assert claim.checkworthy is False


def test_a_stale_version_is_a_conflict_and_changes_nothing(small, users):
    claim = small.claims.get(position=0)
    fix(client_for(users.reviewer2), "edit", claim, text="Prima modifica del collega, salvata.")
    for name, data in (
        ("edit", {"text": "La mia modifica, basata sulla vecchia versione."}),
        ("discard", {"reason": "opinion"}),
        ("split", {"at": 10}),
    ):
        response = fix(client_for(users.reviewer), name, claim, **data)  # claim.version is the old one
        assert any("Someone else changed this" in m for m in messages_of(response)), name
        assert any("edited the claim (remo)" in m for m in messages_of(response)), name
        # Back to the article with the claim's tools open on the fresh version.
        assert response.redirect_chain[-1][0].endswith(f"?fix={claim.pk}#claim-{claim.pk}")
        assert 'name="version" value="2"' in response.content.decode()
    claim.refresh_from_db()
    assert (claim.text, claim.status, claim.version) == ("Prima modifica del collega, salvata.", "new", 2)
    assert small.claims.count() == 3


def test_splitting_a_claim(small, users):
    claim = small.claims.get(position=0)  # "Nel 1900 il comune numero 0 ha speso 0 milioni di euro per le strade."
    at = claim.text.index(" ha speso")
    response = fix(client_for(users.reviewer), "split", claim, at=at)
    assert "Claim split in two." in messages_of(response)
    assert list(small.claims.values_list("text", flat=True)[:2]) == [
        "Nel 1900 il comune numero 0",
        "ha speso 0 milioni di euro per le strade.",
    ]
    response = fix(client_for(users.reviewer), "split", small.claims.get(position=0), at=0)
    assert "Ensure this value is greater than or equal to 1." in messages_of(response)


def test_merging_a_claim_with_the_next_one(small, users):
    first, second, _ = small.claims.all()
    response = fix(client_for(users.reviewer), "merge", first, other=second.pk, other_version=second.version)
    assert "Claims merged." in messages_of(response)
    first.refresh_from_db()
    assert small.claims.count() == 2 and first.text == " ".join(small.cleaned_text[first.start : second.end].split())


def test_merging_refuses_a_next_claim_changed_meanwhile(small, users):
    first, second, _ = small.claims.all()
    response = fix(client_for(users.reviewer), "merge", first, other=second.pk, other_version=second.version + 1)
    assert any("Someone else changed this" in m for m in messages_of(response))
    assert small.claims.count() == 3


def test_discarding_and_restoring_a_claim(small, users):
    client = client_for(users.reviewer)
    claim = small.claims.get(position=2)
    response = fix(client, "discard", claim, reason="duplicate", note="Come il primo.")
    assert "Claim discarded." in messages_of(response)
    claim.refresh_from_db()
    assert (claim.status, claim.discard_reason, claim.discard_note) == ("discarded", "duplicate", "Come il primo.")
    assert 'mark class="claim status-discarded' in response.content.decode()
    response = fix(client, "discard", claim, reason="bogus")
    assert any("Select a valid choice" in m for m in messages_of(response))
    response = fix(client, "restore", claim)
    claim.refresh_from_db()
    assert "Claim restored." in messages_of(response) and claim.status == "new"


def test_adding_a_claim_from_a_selection_or_a_pasted_sentence(users):
    article = make_article(3)
    text = article.cleaned_text
    article.claims.filter(position=1).delete()
    client = client_for(users.reviewer)
    url = reverse("claims:claim_add", args=[article.pk])
    start = text.index("Nel 1901")
    end = text.index("\n", start)
    response = client.post(url, {"start": start, "end": end}, follow=True)
    assert "Claim added and assigned to you." in messages_of(response)
    added = article.claims.get(start=start)
    assert (added.end, added.position, added.assignee) == (end, 1, users.reviewer)
    response = client.post(url, {"start": start, "end": end}, follow=True)
    assert "That text is already a claim." in messages_of(response)
    article.claims.filter(pk=added.pk).delete()
    response = client.post(url, {"text": "Nel 1901 il comune numero 1\n ha speso"}, follow=True)
    assert article.claims.filter(start=start, end=start + len("Nel 1901 il comune numero 1 ha speso")).exists()
    response = client.post(url, {"text": "Una frase che non c'è."}, follow=True)
    assert "That text is not in the article." in " ".join(messages_of(response))
    response = client.post(url, {}, follow=True)
    assert "Select the text of the claim in the article, or paste it." in messages_of(response)


def test_next_is_followed_only_within_the_site(small, users):
    client = client_for(users.reviewer)
    claim = small.claims.get(position=0)
    here = reverse("claims:claim", args=[claim.pk])
    response = client.post(
        reverse("claims:claim_edit", args=[claim.pk]), {"version": 1, "text": "Testo nuovo della frase.", "next": here}
    )
    assert response.url == here
    response = client.post(
        reverse("claims:claim_edit", args=[claim.pk]),
        {"version": 2, "text": "Testo ancora nuovo.", "next": "https://evil.example/"},
    )
    assert response.url == reverse("claims:article", args=[small.pk]) + f"#claim-{claim.pk}"


def test_fixes_are_post_only(small, users):
    claim = small.claims.first()
    assert client_for(users.reviewer).get(reverse("claims:claim_edit", args=[claim.pk])).status_code == 405

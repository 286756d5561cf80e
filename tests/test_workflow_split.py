"""Splitting a claim: each part is scored again and its check-worthy flag follows its own score,
so a reviewer's queue gains the real claim split out of an opinion and loses the fragment split
off a statistic."""

import pytest

from claims.models import Article, Claim, HistoryEntry, VerificationRun
from claims.services import review

pytestmark = pytest.mark.django_db


def _article_with_one_claim(text: str, *, checkworthy: bool) -> Claim:
    article = Article.objects.create(
        title="Bollette", body=text, cleaned_text=text, language="it", state=Article.State.READY
    )
    return Claim.objects.create(
        article=article,
        text=text,
        start=0,
        end=len(text),
        position=0,
        language="it",
        score=0.9 if checkworthy else 0.1,
        checkworthy=checkworthy,
        claim_type="statistic" if checkworthy else "opinion",
    )


def test_a_fragment_split_off_a_checkworthy_claim_is_not_checkworthy(users, django_capture_on_commit_callbacks):
    claim = _article_with_one_claim(
        "Le bollette del gas sono calate del 18,4% a febbraio, secondo gli analisti.", checkworthy=True
    )
    with django_capture_on_commit_callbacks():
        first, second = review.claim_split(
            claim=claim, at=claim.text.index(", secondo"), by=users.reviewer, version=claim.version
        )
    assert first.text == "Le bollette del gas sono calate del 18,4% a febbraio"
    assert first.checkworthy and first.claim_type == "statistic"
    assert second.text == "secondo gli analisti."
    assert not second.checkworthy and second.score < first.score
    # Only the part that is a claim is researched.
    assert VerificationRun.objects.filter(claim=first).exists()
    assert not VerificationRun.objects.filter(claim=second).exists()


def test_a_claim_split_out_of_an_opinion_becomes_checkworthy(users, django_capture_on_commit_callbacks):
    claim = _article_with_one_claim(
        "Penso che sia una vergogna, ma il Pil è cresciuto dell'1,2% nel 2024 secondo l'Istat.", checkworthy=False
    )
    with django_capture_on_commit_callbacks():
        first, second = review.claim_split(
            claim=claim, at=claim.text.index(", ma"), by=users.reviewer, version=claim.version
        )
    assert first.text == "Penso che sia una vergogna"
    assert not first.checkworthy and first.claim_type == "opinion"
    assert second.text == "ma il Pil è cresciuto dell'1,2% nel 2024 secondo l'Istat."
    assert second.checkworthy and second.claim_type == "statistic"
    assert VerificationRun.objects.filter(claim=second).exists()
    assert not VerificationRun.objects.filter(claim=first).exists()


def test_the_history_says_when_a_split_changed_the_flag(users):
    claim = _article_with_one_claim(
        "Le bollette del gas sono calate del 18,4% a febbraio, secondo gli analisti.", checkworthy=False
    )
    first, _ = review.claim_split(claim=claim, at=claim.text.index(", secondo"), by=users.reviewer, version=1)
    entry = HistoryEntry.objects.get(claim=first, action="split")
    assert entry.changes["checkworthy"] == [False, True]

"""The history reads in the reader's language: actions, field names, states, ratings and
stances are stored as keys and put into words when the page is drawn. Every action is
rendered in Italian here, and any English (or raw key) left in it fails the test."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from claims.models import Claim, HistoryEntry, Rating, VerdictSource
from claims.selectors.archive import PROBLEMS
from claims.selectors.history import FIELD_LABELS
from claims.services import verdicts
from claims.services.history import record
from claims.services.verdicts import SourceInput

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db
Action = HistoryEntry.Action

# One entry of every action, with changes covering every field the services write.
CHANGES = {
    Action.ADDED: {"text": [None, "Il debito è salito."]},
    Action.EDITED: {"text": ["Il debito sale.", "Il debito è salito."], "checkworthy": [False, True]},
    Action.SPLIT: {"text": ["A, B", "A"]},
    Action.CREATED_BY_SPLIT: {"text": [None, "B"]},
    Action.MERGED: {"text": ["A", "A B"]},
    Action.DISCARDED: {"status": ["new", "discarded"], "discard_reason": [None, "opinion"]},
    Action.RESTORED: {"status": ["discarded", "new"]},
    Action.ASSIGNED: {"assignee": [None, "rita"]},
    Action.STATUS: {"status": ["new", "in_review"], "assignee": [None, "rita"]},
    Action.VERDICT_CREATED: {},
    Action.VERDICT_SAVED: {
        "rating": [None, "mostly-true"],
        "confidence": [None, 70],
        "explanation": [None, "Secondo l'Istat."],
        "as_of": [None, "2026-03-11"],
        "sources": [[], [["https://www.istat.it/x", "Istat", "", "supports"], ["https://e.org", "", "", "refutes"]]],
    },
    Action.SOURCE_ADDED: {"url": [None, "https://www.istat.it/x"]},
    Action.SUBMITTED: {"state": ["draft", "submitted"], "claim_status": ["in_review", "submitted"]},
    Action.APPROVED: {"state": ["submitted", "approved"], "claim_status": ["submitted", "approved"]},
    Action.SENT_BACK: {"state": ["submitted", "sent_back"], "claim_status": ["submitted", "in_review"]},
    Action.PUBLISHED: {"state": ["approved", "published"], "corrects": [None, "1"]},
    Action.CORRECTION_STARTED: {"version": [1, 2]},
    Action.LINK_DEAD: {"http_status": [None, 404]},
    Action.LINK_ARCHIVED: {"http_status": [None, 200], "problem": [None, "blocked_address"]},
    Action.MATCH_MARKED: {"same_claim": [None, True]},
    Action.LINKED: {"status": ["new", "linked"]},
    Action.UNLINKED: {"status": ["linked", "new"]},
}
RAW_KEYS = ["in_review", "sent_back", "claim_status", "discard_reason", "as_of", "mostly-true", "http_status"]


def english_words() -> set[str]:
    """Every word the history may show, in English: where the Italian differs, finding one
    of these in the Italian page means a string was left untranslated."""
    with translation.override("en"):
        english = [str(label) for _, label in Action.choices]
        english += [str(label) for label in FIELD_LABELS.values()]
        english += [str(label) for _, label in Claim.Status.choices]
        english += [str(label) for _, label in Claim.DiscardReason.choices]
        english += [str(label) for _, label in VerdictSource.Stance.choices]
        english += [str(label) for label in PROBLEMS.values()]
        english += [r.label_en for r in Rating.objects.all()]
    with translation.override("it"):
        italian = set([str(label) for _, label in Action.choices] + [str(v) for v in FIELD_LABELS.values()])
    # Single words shared by both languages ("URL") are not evidence of anything.
    return {w for w in english if w not in italian and len(w) > 3}


def history_text(html: str) -> str:
    section = html[html.index('id="history"') :]
    section = section[: section.index("</section>")]
    return unescape(re.sub(r"<[^>]+>", " ", section))


def test_every_history_action_reads_in_italian(users):
    claim = make_claims(make_article("Storia"), [{"text": "Il debito è salito."}])[0]
    for action, changes in CHANGES.items():
        record(claim, users.reviewer, action, changes=changes)
    assert set(CHANGES) == set(Action), "a new action needs a line in CHANGES"
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    client.force_login(users.editor)
    text = history_text(client.get(reverse("claims:claim", args=[claim.pk])).content.decode())

    with translation.override("it"):
        for action in Action:
            assert str(action.label) in text, action
    assert "stato dell'affermazione" in text and "Inviata per l'approvazione" not in text
    assert "In revisione" in text and "Rimandato indietro" in text  # states, not keys
    assert "Quasi vero" in text and "Mostly true" not in text  # the rating in the reader's language
    assert "Conferma" in text and "Smentisce" in text  # stances
    assert "11 marzo 2026" in text  # "as of" as Italian writes a date
    leftovers = [w for w in english_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert leftovers == []
    assert [k for k in RAW_KEYS if k in text] == []


def test_the_same_history_reads_in_english(users):
    claim = make_claims(make_article("Storia"), [{"text": "Il debito è salito."}])[0]
    record(claim, users.reviewer, Action.SENT_BACK, changes=CHANGES[Action.SENT_BACK])
    record(claim, users.reviewer, Action.VERDICT_SAVED, changes=CHANGES[Action.VERDICT_SAVED])
    client = Client()
    client.force_login(users.editor)
    text = history_text(client.get(reverse("claims:claim", args=[claim.pk])).content.decode())
    assert "sent the verdict back" in text and "claim status" in text and "Sent back" in text
    assert "Mostly true" in text and "Supports" in text and "11 March 2026" in text


def test_an_action_nobody_can_read_is_refused(users):
    claim = make_claims(make_article("Storia"), [{"text": "x"}])[0]
    with pytest.raises(ValueError):
        record(claim, users.reviewer, "match marked")


def test_a_verdict_saved_in_english_reads_in_italian(users):
    """The rating is stored as its key: whoever saved it, each reader sees their own words."""
    claim = make_claims(make_article("Storia"), [{"text": "Il debito è salito del 3%."}])[0]
    with translation.override("en"):
        verdicts.verdict_save(
            claim=claim,
            by=users.reviewer,
            version=None,
            rating=Rating.objects.get(key="mostly-false"),
            confidence=60,
            explanation="Not quite.",
            as_of=None,
            sources=[SourceInput("https://www.istat.it/a", "Istat", "", "refutes")],
        )
    saved = HistoryEntry.objects.get(claim=claim, action=Action.VERDICT_SAVED)
    assert saved.changes["rating"] == [None, "mostly-false"]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    client.force_login(users.editor)
    text = history_text(client.get(reverse("claims:claim", args=[claim.pk])).content.decode())
    assert "Quasi falso" in text and "Mostly false" not in text and "Smentisce" in text


def test_the_migration_turns_stored_words_into_keys(users):
    """Entries written before actions were keys: English actions, field names with spaces,
    ratings in their writer's language, sentences of ours in notes."""
    migration = __import__("claims.migrations.0015_history_actions_as_keys", fromlist=["forwards"])
    claim = make_claims(make_article("Storia"), [{"text": "x"}])[0]
    old = [
        (
            "sent back",
            {"state": ["submitted", "sent_back"], "claim status": ["submitted", "in_review"]},
            "Manca Istat.",
        ),
        ("verdict saved", {"rating": ["Mostly true", "Quasi falso"]}, ""),
        ("published", {"state": ["approved", "published"]}, "Correzione della versione 1, 2"),
        ("correction started", {}, "Draft version 3 of a published verdict"),
        ("discarded", {"status": ["new", "discarded"]}, "Opinion. Solo un parere"),
        ("link dead", {"status": [None, 404]}, "the server answered 404"),
    ]
    for action, changes, note in old:
        HistoryEntry.objects.create(claim=claim, actor=users.reviewer, action=action, changes=changes, note=note)
    migration.forwards(apps, None)
    rows = list(HistoryEntry.objects.filter(claim=claim).order_by("pk").values_list("action", "changes", "note"))
    assert rows == [
        (
            "sent_back",
            {"state": ["submitted", "sent_back"], "claim_status": ["submitted", "in_review"]},
            "Manca Istat.",
        ),
        ("verdict_saved", {"rating": ["mostly-true", "mostly-false"]}, ""),
        ("published", {"state": ["approved", "published"], "corrects": [None, "1, 2"]}, ""),
        ("correction_started", {"version": [None, 3]}, ""),
        ("discarded", {"status": ["new", "discarded"], "discard_reason": [None, "opinion"]}, "Solo un parere"),
        ("link_dead", {"http_status": [None, 404]}, ""),
    ]

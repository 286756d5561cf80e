"""Every refusal a form can give, in Italian: each case is submitted in English and in
Italian, and the Italian errors must differ from the English ones and hold no English phrase
of the catalogue (tests/i18n_phrases.py). The history's actions are test_history_i18n.py's."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.i18n_phrases import english_phrases

from .test_views_queue import make_article, make_claims
from .test_views_review import verdict_data

pytestmark = pytest.mark.django_db


def errors(html: str) -> list[str]:
    """The refusals a page shows: field and form error lists, error messages and boxes."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    found += re.findall(r'<li class="msg-(?:error|warning|info)">(.*?)</li>', html, re.S)
    found += re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", x)).split()) for x in found]
    return [t for t in texts if t]


def claim_of(users):
    return make_claims(make_article("Errori"), [{"text": "Il debito è salito del 3% nel 2024, dice l'Istat."}])[0]


def upload(name, data):
    return {"how": "upload", "upload-file": SimpleUploadedFile(name, data), "upload-title": "", "upload-source_url": ""}


# (name, who, method, url builder, data builder): each a refusal a reviewer or an editor can meet.
CASES = [
    (
        "paste empty",
        "reviewer",
        lambda c: reverse("claims:article_new"),
        lambda c: {"how": "paste", "paste-body": "  "},
    ),
    (
        "paste bad source",
        "reviewer",
        lambda c: reverse("claims:article_new"),
        lambda c: {"how": "paste", "paste-body": "Testo.", "paste-source_url": "javascript:alert(1)"},
    ),
    ("upload empty", "reviewer", lambda c: reverse("claims:article_new"), lambda c: upload("a.txt", b"   ")),
    ("upload pdf", "reviewer", lambda c: reverse("claims:article_new"), lambda c: upload("a.txt", b"%PDF-1.4 x")),
    (
        "upload binary",
        "reviewer",
        lambda c: reverse("claims:article_new"),
        lambda c: upload("a.txt", bytes(range(32)) * 50),
    ),
    ("url missing", "reviewer", lambda c: reverse("claims:article_new"), lambda c: {"how": "url", "url-url": ""}),
    ("url bad", "reviewer", lambda c: reverse("claims:article_new"), lambda c: {"how": "url", "url-url": "ftp://x"}),
    (
        "verdict everything wrong",
        "reviewer",
        lambda c: reverse("claims:verdict_save", args=[c.pk]),
        lambda c: verdict_data(
            action="submit",
            rating="",
            confidence=150,
            explanation="",
            sources=[("javascript:x", "A", "", "supports"), ("", "Senza URL", "", "context")],
        ),
    ),
    (
        "verdict without sources",
        "reviewer",
        lambda c: reverse("claims:verdict_save", args=[c.pk]),
        lambda c: verdict_data(action="submit", sources=()),
    ),
    (
        "verdict bad date and rating",
        "reviewer",
        lambda c: reverse("claims:verdict_save", args=[c.pk]),
        lambda c: {**verdict_data(), "as_of": "ieri", "rating": "99999", "confidence": "molto"},
    ),
    (
        "edit empty",
        "reviewer",
        lambda c: reverse("claims:claim_edit", args=[c.pk]),
        lambda c: {"version": c.version, "text": " "},
    ),
    (
        "discard no reason",
        "reviewer",
        lambda c: reverse("claims:claim_discard", args=[c.pk]),
        lambda c: {"version": c.version},
    ),
    (
        "split outside",
        "reviewer",
        lambda c: reverse("claims:claim_split", args=[c.pk]),
        lambda c: {"version": c.version, "at": 0},
    ),
    (
        "assign nobody",
        "editor",
        lambda c: reverse("claims:queue_assign"),
        lambda c: {"action": "assign", "assignee": "", "claim": [c.pk]},
    ),
    ("assign nothing", "editor", lambda c: reverse("claims:queue_assign"), lambda c: {"action": "me"}),
    (
        "saved view no name",
        "reviewer",
        lambda c: reverse("claims:saved_view_save"),
        lambda c: {"name": "", "query": ""},
    ),
]


@pytest.mark.parametrize("name, who, url, data", CASES, ids=[c[0] for c in CASES])
def test_every_form_error_reads_in_italian(users, name, who, url, data):
    claim = claim_of(users)
    shown = {}
    for lang in ("en", "it"):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        client.force_login(getattr(users, who))
        response = client.post(url(claim), data(claim), follow=True)
        shown[lang] = errors(response.content.decode())
    assert shown["en"], f"{name}: no error shown"
    assert len(shown["it"]) == len(shown["en"]), name
    phrases = english_phrases()
    for english, italian in zip(shown["en"], shown["it"]):
        assert italian != english, f"{name}: {italian!r} is the English"
        left = [p for p in phrases if p in italian]
        assert left == [], f"{name}: {italian!r} holds {left}"


def test_the_send_back_without_a_comment_reads_in_italian(users):
    from .test_views_review import submitted

    claim = claim_of(users)
    verdict = submitted(claim, users.reviewer)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    client.force_login(users.editor)
    html = client.post(
        reverse("claims:verdict_send_back", args=[claim.pk]), {"version": verdict.version, "comment": ""}
    )
    assert "Indica cosa va modificato" in " ".join(errors(html.content.decode()))

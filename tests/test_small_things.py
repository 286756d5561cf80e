"""The smaller things a reviewer's day ran into: each pinned as they would notice it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Source, Verdict
from claims.services import review

from .test_views_queue import make_article, make_claims
from .test_views_review import save

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parent.parent / "README.md"


def as_user(user, lang="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(user)
    return client


def test_the_favicon_is_there():
    response = Client().get("/favicon.ico", follow=True)
    assert response.status_code == 200 and response.redirect_chain
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("lang, why", [("en", "This page is for editors"), ("it", "Questa pagina è per gli editor")])
def test_a_reviewer_on_an_editors_page_is_told_why(users, lang, why):
    response = as_user(users.reviewer, lang).get(reverse("claims:approvals"))
    html = response.content.decode()
    assert response.status_code == 403 and why in html
    assert 'class="topbar"' in html and "rita" in html  # the app's own page, not a bare "403 Forbidden"


def test_someone_without_a_role_is_told_why(users):
    html = as_user(users.outsider).get(reverse("claims:queue")).content.decode()
    assert "no newsroom role yet" in html


def test_splitting_at_a_comma_leaves_no_trailing_comma(users):
    article = make_article("Divisione")
    text = "Il debito è salito del 3%, secondo l'Istat."
    article.cleaned_text = text
    article.save()
    (claim,) = make_claims(article, [{"text": text, "origin": "machine"}])
    Claim.objects.filter(pk=claim.pk).update(start=0, end=len(text))
    claim.refresh_from_db()
    first, second = review.claim_split(claim=claim, at=text.index(",") + 1, by=users.reviewer, version=claim.version)
    assert first.text == "Il debito è salito del 3%" and second.text == "secondo l'Istat."
    assert article.cleaned_text[first.start : first.end] == first.text  # the highlight ends at the word too


def test_one_state_has_one_name():
    assert str(Verdict.State.SUBMITTED.label) == str(Claim.Status.SUBMITTED.label) == "Awaiting approval"


def test_a_source_an_editor_added_says_who_added_it(users):
    (claim,) = make_claims(make_article("Fonti"), [{"text": "Il debito è salito."}])
    save(claim, users.editor)
    source = Source.objects.get(claim=claim)
    assert source.added_by == users.editor
    html = as_user(users.reviewer).get(reverse("claims:claim", args=[claim.pk])).content.decode()
    archived = html[html.index('id="archive"') :]
    assert "Added by elena" in archived and "Added by a reviewer" not in html


def test_the_readmes_page_table_is_one_table_and_the_app_is_not_being_built():
    text = README.read_text(encoding="utf-8")
    opening = text.split("\n## ", 1)[0]
    assert "being built" not in opening
    lines = text.splitlines()
    # A row that starts a table after a blank line, without a header, is a broken table.
    for i, line in enumerate(lines):
        if line.startswith("| ") and i > 0 and lines[i - 1] == "":
            assert i + 1 < len(lines) and set(lines[i + 1].replace("|", "").strip()) <= {"-", ":", " "}, line


def test_an_edited_claim_is_shown_apart_from_the_articles_own_words(users):
    article = make_article("Contesto")
    text = "Il comune ha speso 3 milioni. Il debito è salito del 3% nel 2024. Lo dice l'Istat."
    article.cleaned_text = text
    article.save()
    sentence = "Il debito è salito del 3% nel 2024."
    (claim,) = make_claims(article, [{"text": sentence}])
    Claim.objects.filter(pk=claim.pk).update(start=text.index(sentence), end=text.index(sentence) + len(sentence))
    claim.refresh_from_db()
    client = as_user(users.reviewer)
    html = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    context = html[html.index('class="article-text context"') : html.index("</p>", html.index("article-text context"))]
    assert "Il comune ha speso 3 milioni." in context and sentence in context and "Lo dice l&#x27;Istat." in context
    assert "edited-claim" not in html
    review.claim_edit(claim=claim, by=users.reviewer, version=claim.version, text="Il debito pubblico è salito del 3%.")
    html = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    context = html[html.index('class="article-text context"') : html.index("</p>", html.index("article-text context"))]
    assert sentence in context and "Il debito pubblico è salito" not in context  # the article's words, unchanged
    edited = html[html.index('class="edited-claim"') :]
    assert "Il debito pubblico è salito del 3%." in edited[: edited.index("</div>")]


def test_the_editor_reads_the_verdict_before_the_decision_box(users):
    from .test_views_review import submitted

    (claim,) = make_claims(make_article("Ordine"), [{"text": "Il debito è salito."}])
    submitted(claim, users.reviewer)
    html = as_user(users.editor).get(reverse("claims:claim", args=[claim.pk])).content.decode()
    assert html.index('id="verdict"') < html.index('id="decision"')
    assert "Your decision" in html

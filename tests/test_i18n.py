"""The app in Italian and in English: the key pages render in both, with the language
chosen by the switcher (cookie) or the browser, and numbers and dates as each writes them."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Rating
from claims.services import publishing, verdicts
from claims.services.verdicts import SourceInput

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    # make test compiles them first; compiling again here keeps `pytest` alone honest.
    call_command("compile_translations", verbosity=0)


@pytest.fixture
def world(submit, seed_bytes, users):
    article = submit(body=seed_bytes, source_url="https://www.example-news.it/deepseek")
    claim = article.claims.filter(checkworthy=True).order_by("position").first()
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="mostly-false"),
        confidence=70,
        explanation="Nessuna fonte lo conferma.",
        as_of=None,
        sources=[SourceInput("https://www.reuters.com/x", "Reuters", "", "refutes")],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)
    publishing.article_publish(article=article, by=users.editor)
    return article, claim


def client(lang: str, user=None) -> Client:
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        c.force_login(user)
    return c


PAGES = {
    # name: (url builder, Italian text, English text)
    "queue": (lambda a, c: reverse("claims:queue"), "Affermazioni da verificare", "Claims to check"),
    "article": (lambda a, c: reverse("claims:article", args=[a.pk]), "Esporta le affermazioni", "Export the claims"),
    "claim": (lambda a, c: reverse("claims:claim", args=[c.pk]), "Cronologia", "History"),
    "submit": (lambda a, c: reverse("claims:article_new"), "Invia un articolo", "Submit an article"),
    "approvals": (lambda a, c: reverse("claims:approvals"), "Approvazioni", "Approvals"),
    "dashboard": (lambda a, c: reverse("claims:dashboard"), "Cruscotto", "Dashboard"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_key_pages_render_in_italian_and_english(world, users, page):
    article, claim = world
    url, italian, english = PAGES[page]
    it_html = client("it", users.editor).get(url(article, claim)).content.decode()
    en_html = client("en", users.editor).get(url(article, claim)).content.decode()
    assert '<html lang="it">' in it_html and italian in it_html and english not in it_html
    assert '<html lang="en">' in en_html and english in en_html


def test_the_public_report_and_login_follow_the_browsers_language(world):
    article, _ = world
    it_html = Client(HTTP_ACCEPT_LANGUAGE="it").get(reverse("claims:report", args=[article.pk])).content.decode()
    assert "Rapporto di fact-checking" in it_html or "Fonti" in it_html
    assert "Quasi falso" in it_html  # the rating's Italian label (from the scale, not the catalogue)
    en_html = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("claims:report", args=[article.pk])).content.decode()
    assert "Mostly false" in en_html and "Sources" in en_html
    assert "Accedi" in Client(HTTP_ACCEPT_LANGUAGE="it").get(reverse("login")).content.decode()


def test_numbers_and_dates_follow_the_language(world, users):
    article, claim = world
    score_it = f"{claim.score:.2f}".replace(".", ",")
    # The claim is published: finished work, listed under "Everything".
    it_queue = client("it", users.editor).get(reverse("claims:queue") + "?show=all").content.decode()
    en_queue = client("en", users.editor).get(reverse("claims:queue") + "?show=all").content.decode()
    assert f">{score_it}<" in it_queue and f">{claim.score:.2f}<" in en_queue
    it_claim = client("it", users.editor).get(reverse("claims:claim", args=[claim.pk])).content.decode()
    en_claim = client("en", users.editor).get(reverse("claims:claim", args=[claim.pk])).content.decode()
    italian_months = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
    assert re.search(rf"\b\d{{1,2}} ({italian_months})\b", it_claim, re.I) or re.search(
        r"\d{1,2}/\d{1,2}/\d{4}", it_claim
    )
    assert re.search(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d",
        en_claim,
    )


def test_the_switcher_changes_the_language_and_comes_back(world, users):
    c = client("en", users.reviewer)
    response = c.post(reverse("set_language"), {"language": "it", "next": reverse("claims:queue")}, follow=True)
    assert "Affermazioni da verificare" in response.content.decode()
    assert 'id="lang-select"' in response.content.decode()


def test_every_message_has_an_italian_translation():
    from babel.messages.pofile import read_po

    catalog = read_po(open(settings.LOCALE_PATHS[0] / "it" / "LC_MESSAGES" / "django.po", "rb"))
    missing = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert missing == [] and not [m.id for m in catalog if m.id and m.fuzzy]
    assert not [(m.id, e) for m, errors in catalog.check() for e in errors]

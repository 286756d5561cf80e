"""Headline claims where reviewers meet them: first on the article page, with the flag when the
headline's figure differs from the body's, on the claim page, and in extract_claims' JSON."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from claims.services import review

pytestmark = pytest.mark.django_db

ARTICLE = (
    "# Bollette, calano del 18%\n\n"
    "## Il calo del prezzo del gas spinge giù le tariffe delle famiglie\n\n"
    "Pubblicato il 3 marzo 2026 alle 18:42 | Aggiornato alle 19:10\n\n"
    "Le bollette del gas delle famiglie sono calate del 18,4% a febbraio, secondo l'Arera. "
    "La spesa media annua resta di 1.200 euro.\n"
)


@pytest.fixture
def article(submit):
    return submit(body=ARTICLE.encode(), filename="bollette.md")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_headline_claims_come_first_with_the_mismatch_flag(article, users):
    title, standfirst, first = article.claims.order_by("position")[:3]
    assert (title.claim_type, title.text) == ("headline", "Bollette, calano del 18%")
    assert (standfirst.claim_type, standfirst.text) == (
        "headline",
        "Il calo del prezzo del gas spinge giù le tariffe delle famiglie",
    )
    assert first.text.startswith("Le bollette del gas") and first.claim_type == "statistic"

    html = _client(users.reviewer).get(reverse("claims:article", args=[article.pk])).content.decode()
    table = html.split('id="claims-table"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr ")[1:]  # the header row is a bare <tr>
    assert 'class="headline' in rows[0] and ">Bollette, calano del 18%</a>" in rows[0]
    assert 'class="headline' in rows[1] and ">Il calo del prezzo del gas" in rows[1]
    assert ">Le bollette del gas delle famiglie" in rows[2] and "headline" not in rows[2]
    assert "Headline says 18%, the article 18,4%" in rows[0]
    assert 'class="mismatch"' not in rows[1]  # the standfirst has no figure to differ


def test_the_flag_is_in_italian_on_the_italian_page_and_on_the_claim_page(article, users):
    client = _client(users.reviewer)
    client.cookies["django_language"] = "it"
    html = client.get(reverse("claims:article", args=[article.pk])).content.decode()
    assert "Il titolo dice 18%, l&#x27;articolo 18,4%" in html or "Il titolo dice 18%, l'articolo 18,4%" in html
    title = article.claims.get(position=0)
    page = _client(users.reviewer).get(reverse("claims:claim", args=[title.pk])).content.decode()
    assert "Headline says 18%, the article 18,4%" in page


def test_the_headline_opens_the_article_text_highlighted_and_splits_like_any_claim(article, users):
    title = article.claims.get(position=0)
    assert article.cleaned_text[title.start : title.end] == "Bollette, calano del 18%"
    html = _client(users.reviewer).get(reverse("claims:article", args=[article.pk])).content.decode()
    assert f'data-claim="{title.pk}" data-offset="0"' in html
    # Split near the top of the text: positions are renumbered without a clash.
    first, second = review.claim_split(
        claim=title, at=title.text.index(", calano"), by=users.reviewer, version=title.version
    )
    assert (first.text, second.text) == ("Bollette", "calano del 18%")
    assert article.cleaned_text[second.start : second.end] == "calano del 18%"
    assert list(article.claims.order_by("position").values_list("text", flat=True)[:2]) == [
        "Bollette",
        "calano del 18%",
    ]


def test_merging_the_title_with_the_standfirst_keeps_both_texts(article, users):
    title, standfirst = article.claims.order_by("position")[:2]
    merged = review.claim_merge(claim=title, other_id=standfirst.pk, by=users.reviewer, version=title.version)
    assert merged.text == "Bollette, calano del 18% Il calo del prezzo del gas spinge giù le tariffe delle famiglie"
    assert Claim.objects.filter(pk=standfirst.pk).count() == 0


def test_extract_claims_json_has_headline_claims_with_the_mismatch(tmp_path):
    path = tmp_path / "bollette.md"
    path.write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_claims", str(path), "--format", "json", stdout=out)
    claims = json.loads(out.getvalue())["claims"]
    assert [c["type"] for c in claims[:2]] == ["headline", "headline"]
    assert claims[0]["text"] == "Bollette, calano del 18%"
    assert claims[0]["signals"]["mismatch"][0]["headline"] == "18%"
    assert claims[0]["signals"]["mismatch"][0]["body"] == "18,4%"
    assert all(c["type"] != "headline" for c in claims[2:])
    text = io.StringIO()
    call_command("extract_claims", str(path), "--format", "text", stdout=text)
    assert "headline says 18%, the article 18,4%" in text.getvalue()

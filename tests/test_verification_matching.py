"""Claim matching against earlier fact-checks, on PostgreSQL's machinery and on the
portable fallback, and importing ClaimReview."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import FactCheck
from claims.services.factchecks import factcheck_import_claimreview
from claims.verification import matching
from claims.verification.normalize import normalize

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "claimreview"

# (stored fact-check, a claim worded differently, language): accents, apostrophes,
# inflection, word order and the way numbers are written all differ.
SAME_CLAIM = [
    (
        "Il PIL italiano è cresciuto dell'1,5% nel 2024 secondo l'Istat.",
        "Secondo l’ISTAT nel 2024 la crescita del pil in Italia e' stata dell'1.5 per cento",
        "it",
    ),
    (
        "Il governo ha speso 1,5 miliardi di euro per la sanità in Sicilia.",
        "In Sicilia per la sanita il governo spende 1500 milioni di euro",
        "it",
    ),
    (
        "La disoccupazione giovanile è scesa al 20,3% a marzo.",
        "A marzo è calata la disoccupazione dei giovani: 20,3 per cento",
        "it",
    ),
    (
        "Unemployment fell to 3.5% in 2019, the lowest rate in fifty years.",
        "In 2019 the unemployment rate falls to 3.5 percent, lowest in 50 years",
        "en",
    ),
    (
        "The government spent $1.5 billion on new hospitals in Texas.",
        "Texas: $1.5bn spent by the government on a new hospital",
        "en",
    ),
]
UNRELATED = [
    ("Il numero di migranti sbarcati in Italia è raddoppiato nel 2023.", "it"),
    ("The Eiffel Tower was completed in 1889 for the World's Fair.", "en"),
    ("Le esportazioni di vino sono calate del 4% verso la Germania.", "it"),
]


def _store(text: str, lang: str, key: str, claim=None) -> FactCheck:
    return FactCheck.objects.create(
        origin="claimreview",
        key=key,
        claim_reviewed=text,
        language=lang,
        rating_name="Vero",
        match_text=normalize(text, lang),
        claim=claim,
    )


@pytest.fixture
def library():
    stored = [_store(text, lang, f"same:{i}") for i, (text, _, lang) in enumerate(SAME_CLAIM)]
    for i, (text, lang) in enumerate(UNRELATED):
        _store(text, lang, f"other:{i}")
    return stored


def test_the_database_uses_postgresql_machinery():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'claims_factcheck'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"factcheck_search_gin", "factcheck_trgm_gin"} <= indexes


@pytest.mark.parametrize("i", range(len(SAME_CLAIM)))
def test_a_reworded_claim_finds_its_earlier_factcheck_first(library, i):
    _, reworded, lang = SAME_CLAIM[i]
    found = matching.find_matches(reworded, lang)
    assert found, reworded
    assert found[0].factcheck_id == library[i].pk
    assert found[0].score >= 0.5
    # Both engines agree on the best match and its score.
    fallback = sorted(matching._fallback_candidates(normalize(reworded, lang), lang, None), key=lambda m: -m.score)
    assert fallback[0].factcheck_id == library[i].pk
    assert abs(fallback[0].score - found[0].score) < 0.15


def test_an_unrelated_claim_matches_nothing(library):
    assert matching.find_matches("Il ponte sullo Stretto di Messina costerà 14 miliardi.", "it") == []


def test_a_claim_never_matches_its_own_published_verdict(library, submit, seed_bytes):
    article = submit(body=seed_bytes)
    claim = article.claims.filter(checkworthy=True).first()
    own = _store(claim.text, "it", "internal:1", claim=claim)
    found = matching.find_matches(claim.text, "it", exclude_claim_id=claim.pk)
    assert own.pk not in [m.factcheck_id for m in found]
    assert own.pk in [m.factcheck_id for m in matching.find_matches(claim.text, "it")]


def test_import_claimreview_reports_the_official_examples(capsys):
    call_command(
        "import_claimreview",
        str(DATA / "example-eg-0324-ClaimReview.jsonld"),
        str(DATA / "example-eg-0325-ClaimReview.jsonld"),
    )
    out = capsys.readouterr().out
    assert "example-eg-0324-ClaimReview.jsonld: 1 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "example-eg-0325-ClaimReview.jsonld: 0 created" in out and "reviewRating" in out
    fc = FactCheck.objects.get()
    assert fc.rating_name == "True" and fc.url.startswith("http://www.politifact.com/")
    assert fc.author_url == "http://www.politifact.com/" and fc.claimant == "Rich Perry"
    # Importing again changes nothing.
    call_command("import_claimreview", str(DATA / "example-eg-0324-ClaimReview.jsonld"), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["unchanged"]) == (0, 1)
    assert FactCheck.objects.count() == 1


def test_import_claimreview_refuses_junk_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_claimreview", str(bad))
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(bad)) and "\n" not in err
    assert FactCheck.objects.count() == 0


def test_an_import_is_all_or_nothing_for_valid_records_and_lists_the_rejected():
    records = [
        {
            "@type": "ClaimReview",
            "claimReviewed": "Il PIL è cresciuto",
            "url": "https://example.org/1",
            "reviewRating": {"alternateName": "Vero"},
        },
        {"@type": "ClaimReview", "claimReviewed": "Senza verdetto", "url": "https://example.org/2"},
        {
            "@type": "ClaimReview",
            "claimReviewed": "Link ostile",
            "url": "javascript:alert(1)",
            "reviewRating": {"alternateName": "Falso"},
        },
    ]
    report = factcheck_import_claimreview(json.dumps(records))
    assert report.created == 1
    assert [r.index for r in report.rejected] == [1, 2]
    assert "reviewRating" in report.rejected[0].reason

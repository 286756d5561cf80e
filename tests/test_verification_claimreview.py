"""Reading other fact-checkers' ClaimReview: what is imported, what is refused and why."""

import json
from datetime import date
from pathlib import Path

import pytest

from claims.verification.claimreview import (
    ClaimReviewError,
    ClaimReviewRecord,
    parse_claimreviews,
    to_claimreview_jsonld,
)

DATA = Path(__file__).parent / "data" / "claimreview"
EG_0324 = (DATA / "example-eg-0324-ClaimReview.jsonld").read_bytes()
EG_0325 = (DATA / "example-eg-0325-ClaimReview.jsonld").read_bytes()


def review(
    claim="Il 40% degli italiani non legge libri.",
    url="https://pagellapolitica.it/fact-checking/libri",
    rating="Falso",
    **extra,
) -> dict:
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    node.update(extra)
    return node


def parse_one(node) -> ClaimReviewRecord:
    records, rejected = parse_claimreviews(json.dumps(node))
    assert rejected == [] and len(records) == 1
    return records[0]


def reason_for(node) -> str:
    records, rejected = parse_claimreviews(json.dumps(node))
    assert records == [] and len(rejected) == 1
    return rejected[0].reason


# --- schema.org's own examples ---------------------------------------------------------


def test_the_valid_official_example_is_accepted_with_its_fields():
    records, rejected = parse_claimreviews(EG_0324)
    assert rejected == []
    (record,) = records
    assert record.claim_reviewed == (
        'More than 3,000 homicides were committed by "illegal aliens" over the past six years.'
    )
    assert record.rating_name == "True"
    assert (record.rating_value, record.best_rating, record.worst_rating) == (1.0, 6.0, None)
    assert record.url.startswith("http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/")
    assert record.author_name == ""  # the example names its publisher only by url
    assert record.author_url == "http://www.politifact.com/"
    assert record.date_published == date(2014, 7, 23)
    assert record.claimant == "Rich Perry"
    assert record.claim_date == date(2014, 7, 17)
    assert record.language == "" and record.appearance_urls == []
    assert record.raw == json.loads(EG_0324)


def test_the_official_example_without_a_rating_is_rejected():
    records, rejected = parse_claimreviews(EG_0325)
    assert records == []
    (rejection,) = rejected
    assert rejection.index == 0
    assert "reviewRating" in rejection.reason
    assert rejection.excerpt.startswith('{"@context": "https://schema.org", "@type": "ClaimReview"')
    assert len(rejection.excerpt) <= 120


# --- containers ------------------------------------------------------------------------------


def test_a_list_mixing_valid_and_invalid_records_reports_each_position():
    nodes = [
        review(url="https://a.example/1"),
        review(url="javascript:alert(1)"),
        {"@type": "Organization", "name": "Not a review"},  # skipped, takes no position
        review(url="https://a.example/3"),
        json.loads(EG_0325),
    ]
    records, rejected = parse_claimreviews(json.dumps(nodes))
    assert [r.url for r in records] == ["https://a.example/1", "https://a.example/3"]
    assert [(r.index, r.reason) for r in rejected] == [(1, "url is not http(s)"), (3, "missing reviewRating")]


def test_a_google_datafeed_is_read():
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": "2024-01-01",
                "item": [review(url="https://a.example/1"), review(url="https://a.example/2")],
            },
            {"@type": "DataFeedItem", "item": review(url="https://a.example/3")},
        ],
    }
    records, rejected = parse_claimreviews(json.dumps(feed))
    assert rejected == []
    assert [r.url for r in records] == ["https://a.example/1", "https://a.example/2", "https://a.example/3"]


def test_a_graph_is_read_and_its_references_resolved():
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://facta.news/#org", "name": "Facta", "url": "https://facta.news/"},
            {"@type": "WebPage", "@id": "https://facta.news/a", "name": "A page"},
            review(url="https://facta.news/a", author={"@id": "https://facta.news/#org"}),
        ],
    }
    record = parse_one(doc)
    assert (record.author_name, record.author_url) == ("Facta", "https://facta.news/")


def test_json_lines_are_read_line_by_line():
    lines = [json.dumps(review(url=f"https://a.example/{i}")) for i in range(3)]
    lines.insert(2, '{"@type": "ClaimReview", "url": ')  # truncated line
    records, rejected = parse_claimreviews("\n".join(lines) + "\n")
    assert [r.url for r in records] == ["https://a.example/0", "https://a.example/1", "https://a.example/2"]
    assert [(r.index, r.reason) for r in rejected] == [(2, "line 3 is not valid JSON (Expecting value)")]


def test_an_html_page_gives_the_claimreviews_of_its_ld_json_scripts():
    page = f"""<!doctype html><html><head>
    <script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": "x"})}</script>
    <script type='application/ld+json'>
      {json.dumps(review(url="https://a.example/1"))}
    </script></head><body><p>Testo dell'articolo.</p>
    <script type="text/javascript">var x = {{"@type": "ClaimReview"}};</script>
    <script TYPE="application/ld+json"><!--
      {json.dumps([review(url="https://a.example/2"), review(url="ftp://a.example/3")])}
    --></script>
    <script type="application/ld+json">{{ broken</script>
    </body></html>"""
    records, rejected = parse_claimreviews(page.encode())
    assert [r.url for r in records] == ["https://a.example/1", "https://a.example/2"]
    assert [(r.index, r.reason) for r in rejected] == [
        (2, "url is not http(s)"),
        (3, "ld+json block 4 is not valid JSON (Expecting property name enclosed in double quotes)"),
    ]


def test_an_html_page_without_claimreview_gives_nothing():
    assert parse_claimreviews("<html><body><p>Nessuna verifica qui.</p></body></html>") == ([], [])


# --- each reason -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"claimReviewed": None}, "missing claimReviewed"),
        ({"claimReviewed": "  <b> </b> \n"}, "claimReviewed is empty"),
        ({"claimReviewed": {"@type": "Thing"}}, "claimReviewed is not text"),
        ({"reviewRating": None}, "missing reviewRating"),
        ({"reviewRating": "False"}, "reviewRating is not a Rating object"),
        (
            {"reviewRating": {"@type": "Rating", "bestRating": 5}},
            "reviewRating has no alternateName, name or ratingValue",
        ),
        (
            {"reviewRating": {"alternateName": "Falso", "ratingValue": "two"}},
            "reviewRating.ratingValue is not a number",
        ),
        ({"reviewRating": {"alternateName": "Falso", "bestRating": [5]}}, "reviewRating.bestRating is not a number"),
        ({"reviewRating": {"alternateName": "Falso", "worstRating": True}}, "reviewRating.worstRating is not a number"),
        ({"url": None}, "missing url"),
        ({"url": ""}, "missing url"),
        ({"url": "javascript:alert(document.cookie)"}, "url is not http(s)"),
        ({"url": "data:text/html;base64,PHNjcmlwdD4="}, "url is not http(s)"),
        ({"url": "/fact-checking/libri"}, "url is not http(s)"),
        ({"url": "https://"}, "url is not a valid web address"),
        ({"url": "https://a.example/with space"}, "url is not a valid web address"),
        ({"url": "https://a.example:99999/"}, "url is not a valid web address"),
        ({"url": "https://a.example/" + "x" * 2100}, "url is too long"),
    ],
)
def test_each_rejection_has_its_reason(change, reason):
    node = review()
    for key, value in change.items():
        if value is None:
            del node[key]
        else:
            node[key] = value
    assert reason_for(node) == reason


def test_nan_and_infinity_ratings_are_not_numbers():
    text = json.dumps(review()).replace('"alternateName": "Falso"', '"alternateName": "Falso", "ratingValue": NaN')
    records, rejected = parse_claimreviews(text)
    assert rejected[0].reason == "reviewRating.ratingValue is not a number"


def test_a_numeric_rating_alone_is_enough_and_strings_are_numbers():
    record = parse_one(
        review(reviewRating={"@type": "Rating", "ratingValue": " 2 ", "bestRating": "5", "worstRating": 1})
    )
    assert (record.rating_name, record.rating_value, record.best_rating, record.worst_rating) == ("", 2.0, 5.0, 1.0)


def test_rating_name_falls_back_to_name():
    assert parse_one(review(reviewRating={"name": "Pants on Fire"})).rating_name == "Pants on Fire"


def test_unparsable_dates_are_dropped_not_rejected():
    record = parse_one(review(datePublished="ieri", itemReviewed={"datePublished": "2024-02-30"}))
    assert record.date_published is None and record.claim_date is None
    record = parse_one(review(datePublished="2024-03-05T23:30:00-05:00", itemReviewed={"datePublished": "20240301"}))
    assert (record.date_published, record.claim_date) == (date(2024, 3, 5), date(2024, 3, 1))


# --- spellings publishers use ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        "ClaimReview",
        "schema:ClaimReview",
        "http://schema.org/ClaimReview",
        "https://schema.org/ClaimReview",
        ["Review", "ClaimReview"],
    ],
)
def test_every_spelling_of_the_type_is_a_claimreview(kind):
    assert parse_one(review(**{"@type": kind})).rating_name == "Falso"


def test_lists_prefixed_terms_and_value_objects_are_understood():
    node = {
        "@type": "schema:ClaimReview",
        "schema:url": "https://a.example/1",
        "schema:claimReviewed": [{"@value": "La Terra è piatta."}],
        "reviewRating": [{"@type": "Rating", "alternateName": "Falso"}, {"alternateName": "ignored"}],
        "author": [{"@type": "Organization", "name": "Facta", "url": "javascript:void(0)"}],
        "inLanguage": {"@type": "Language", "name": "Italian"},
        "itemReviewed": [
            {
                "@type": "Claim",
                "author": "Un post su Facebook",
                "appearance": ["https://facebook.com/p/1", {"url": "https://x.com/s/2"}, "ftp://no"],
                "firstAppearance": {"@type": "CreativeWork", "url": "https://t.me/c/0"},
            }
        ],
    }
    record = parse_one(node)
    assert record.claim_reviewed == "La Terra è piatta."
    assert (record.author_name, record.author_url) == ("Facta", "")  # a javascript: author url is dropped
    assert record.language == "it"
    assert record.claimant == "Un post su Facebook"
    assert record.appearance_urls == ["https://t.me/c/0", "https://facebook.com/p/1", "https://x.com/s/2"]


@pytest.mark.parametrize(
    "value,code",
    [
        ("it-IT", "it"),
        ("en_US", "en"),
        ("ita", "it"),
        ("English", "en"),
        ("EN", "en"),
        ("fil", "fil"),
        ("", ""),
        ("12", ""),
    ],
)
def test_languages_are_normalised_to_two_letters_when_possible(value, code):
    assert parse_one(review(inLanguage=value)).language == code


def test_html_is_stripped_from_text_fields():
    record = parse_one(
        review(
            claim="<p>Il <b>PIL</b> è cresciuto<br>del 3%&nbsp;nel 2023 &amp; 2024 (3 &lt; 5)</p>"
            "<script>alert(1)</script>",
            rating="<strong>Fal</strong>so",
            author={"name": "<i>Facta</i> &amp; Co"},
        )
    )
    assert record.claim_reviewed == "Il PIL è cresciuto del 3% nel 2023 & 2024 (3 < 5)"
    assert record.rating_name == "Falso"
    assert record.author_name == "Facta & Co"


def test_claim_text_is_collapsed_and_capped():
    record = parse_one(review(claim="  uno\n\n due\t tre " + "parola " * 2000))
    assert record.claim_reviewed.startswith("uno due tre parola")
    assert len(record.claim_reviewed) <= 5000


def test_an_italian_record_keeps_its_accents_in_any_encoding():
    node = review(
        claim="È falso che l'Università di Città di Castello sia più antica di quella di Perugia.",
        rating="Falso",
        author={"@type": "Organization", "name": "Pagella Politica"},
        inLanguage="it",
        itemReviewed={"@type": "Claim", "author": {"name": "Niccolò Rossi"}},
    )
    for data in (
        json.dumps(node, ensure_ascii=False).encode("utf-8"),
        json.dumps(node, ensure_ascii=False).encode("cp1252"),
        json.dumps(node, ensure_ascii=False).encode("utf-16"),
        json.dumps(node),
    ):  # \u00e8 escapes
        (record,), _ = parse_claimreviews(data)
        assert record.claim_reviewed.startswith("È falso che l'Università di Città")
        assert record.claimant == "Niccolò Rossi"
        assert record.author_name == "Pagella Politica"


# --- identity and round trip ------------------------------------------------------------------


def test_duplicates_are_all_reported_and_share_a_key():
    first = review(url="http://a.example/check/")
    second = review(url="https://a.example/check", claim="  il 40% degli ITALIANI non legge libri. ")
    other = review(url="https://a.example/check", claim="Un'altra affermazione.")
    records, _ = parse_claimreviews(json.dumps([first, first, second, other]))
    assert len(records) == 4
    assert records[0].key() == records[1].key() == records[2].key() != records[3].key()
    assert len(records[0].key()) == 52 == len(parse_one(review(url="https://a.example/" + "x" * 1900)).key())


def test_records_survive_a_round_trip_through_jsonld():
    nodes = [
        json.loads(EG_0324),
        review(
            claim="Il «decreto flussi» ha portato 500.000 lavoratori.",
            rating="Impreciso",
            reviewRating={
                "@type": "Rating",
                "name": "Impreciso",
                "ratingValue": "2.5",
                "bestRating": 5,
                "worstRating": 1,
            },
            author=[{"@type": "Organization", "name": "Facta", "url": "https://facta.news/"}],
            datePublished="2024-05-02T10:00:00+02:00",
            inLanguage="it-IT",
            itemReviewed={
                "@type": "Claim",
                "datePublished": "2024-04-30",
                "author": {"@type": "Organization", "name": "Ministero dell'Interno"},
                "firstAppearance": "https://example.org/a",
                "appearance": ["https://example.org/b"],
            },
        ),
        review(reviewRating={"ratingValue": 0}),
    ]
    records, rejected = parse_claimreviews(json.dumps(nodes))
    assert rejected == [] and len(records) == 3
    exported = json.dumps([to_claimreview_jsonld(r) for r in records])
    again, rejected = parse_claimreviews(exported)
    assert rejected == []
    assert again == records  # raw is left out of equality
    assert [r.key() for r in again] == [r.key() for r in records]
    assert to_claimreview_jsonld(records[1])["itemReviewed"]["author"]["@type"] == "Organization"


# --- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,fragment",
    [
        (b"", "empty"),
        (" \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(256)) * 40, "not JSON-LD"),
        ("Il governo ha detto che il PIL cresce.", "not JSON-LD"),
        ('{"@type": "ClaimReview", "url": "https://a.example/",', "not valid JSON (line 1"),
        ('[\n  {"a": 1},\n  oops\n]', "not valid JSON (line 3"),
    ],
)
def test_input_that_is_not_claimreview_at_all_is_refused_in_one_line(data, fragment):
    with pytest.raises(ClaimReviewError) as exc:
        parse_claimreviews(data)
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value)


def test_input_over_50_mb_is_refused_before_parsing():
    with pytest.raises(ClaimReviewError, match="too large"):
        parse_claimreviews(b"[" + b" " * (50 * 1024 * 1024) + b"]")


@pytest.mark.parametrize("depth", [10_000, 500])
def test_deep_nesting_is_refused_without_crashing(depth):
    # 10,000 levels is past what json can read (refused whole); 500 is readable but no review.
    text = json.dumps(review(itemReviewed=None)).replace(
        '"itemReviewed": null', '"itemReviewed": ' + "[" * depth + "]" * depth
    )
    try:
        records, rejected = parse_claimreviews(text)
    except ClaimReviewError as exc:
        assert "nested too deeply" in str(exc)
    else:
        assert records == [] and rejected[0].reason == "record is nested too deeply"


def test_a_claimreview_buried_too_deep_is_not_looked_for():
    doc = review()
    for _ in range(100):
        doc = {"@type": "Thing", "hasPart": doc}
    assert parse_claimreviews(json.dumps(doc)) == ([], [])


def test_a_huge_list_is_read():
    nodes = [review(url=f"https://a.example/{i}") for i in range(20_000)]
    records, rejected = parse_claimreviews(json.dumps(nodes).encode())
    assert len(records) == 20_000 and rejected == []


def test_a_record_over_1_mb_is_rejected():
    assert reason_for(review(reviewBody="x" * 1_100_000)) == "record is larger than 1 MB"


def test_nul_bytes_are_dropped():
    data = json.dumps(review(claim="Il PIL\x00 cresce.")).encode().replace(b"\\u0000", b"\x00")
    (record,), _ = parse_claimreviews(data)
    assert record.claim_reviewed == "Il PIL cresce."


def test_a_line_or_script_nested_too_deeply_is_rejected_alone():
    deep = "[" * 10_000 + "]" * 10_000
    records, rejected = parse_claimreviews(json.dumps(review()) + "\n" + deep + "\n")
    assert len(records) == 1 and [(r.index, r.reason) for r in rejected] == [(1, "line 2 is nested too deeply")]
    page = f'<script type="application/ld+json">{deep}</script>'
    assert [r.reason for r in parse_claimreviews(page)[1]] == ["ld+json block 1 is nested too deeply"]


def test_escaped_nul_and_lone_surrogates_never_reach_the_database():
    # PostgreSQL refuses both in text and JSONB columns; they arrive as JSON escapes.
    text = json.dumps(review(claim="Il PIL\u0000 cresce\ud800.", author={"name": "Facta\u0007"}, note="a\\u0000b"))
    (record,), _ = parse_claimreviews(text)
    assert record.claim_reviewed == "Il PIL cresce?."
    assert record.author_name == "Facta"
    dumped = json.dumps(record.raw, ensure_ascii=False)
    assert "\\u0000" not in dumped.replace("\\\\u0000", "") and "\ud800" not in dumped
    assert record.raw["note"] == "a\\u0000b"  # a literal backslash-u in the text is kept
    dumped.encode("utf-8")


def test_broken_urls_and_deep_values_met_through_references_do_not_crash():
    deep = "[" * 500 + '"Facta"' + "]" * 500
    doc = (
        '{"@graph": [{"@id": "#org", "@type": "Organization", "name": '
        + deep
        + "}, "
        + json.dumps(review(url="http://[::1", author={"@id": "#org"}))[:-1]
        + "}, "
        + json.dumps(review(author={"@id": "#org"}))
        + "]}"
    )
    records, rejected = parse_claimreviews(doc)
    assert [r.reason for r in rejected] == ["url is not a valid web address"]
    assert records[0].author_name == ""

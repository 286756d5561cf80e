"""Extraction on the inputs issue 10's probe broke it with: numbers too large for a float,
links whose address holds parentheses, script text in titles, markup nested deeper than
libxml2 reads, text of invisible characters only."""

import json
import math

import pytest

from claims.extraction.decode import decode_bytes, normalize_text
from claims.extraction.errors import InputError
from claims.extraction.numbers import find_numbers
from claims.extraction.pipeline import extract

HUGE = "9" * 309  # past float's range: float(HUGE) is inf


def _no_infinity(value):
    raise ValueError(f"non-finite number in JSON: {value}")


@pytest.mark.parametrize(
    "text",
    [
        f"Il debito pubblico è salito a {HUGE} euro secondo l'Istat nel 2024.",
        "Secondo l'Istat, " + "1" * 100_000 + " persone hanno perso il lavoro.",
        "Secondo l'Istat " + "1.000," * 30_000 + " persone sono disoccupate.",
        f"In {HUGE[:5000]} marzo 2024 il governo ha speso troppo.",  # a "day" of 5,000 digits
    ],
)
def test_numbers_past_the_float_range_never_become_infinity(text):
    result = extract(text)
    encoded = json.dumps(result.as_dict(), allow_nan=False)  # raises on Infinity / NaN
    json.loads(encoded, parse_constant=_no_infinity)
    for claim in result.claims:
        for number in claim.signals.get("numbers", []):
            assert not isinstance(number["value"], float) or math.isfinite(number["value"])


def test_an_ordinary_large_number_is_still_read():
    numbers = find_numbers("Il debito è di 3.000 miliardi di euro.", "it")
    assert [n["value"] for n in numbers] == [3e12]


@pytest.mark.parametrize(
    "html, anchor, url",
    [
        (
            '<p>Secondo <a href="https://it.wikipedia.org/wiki/Disoccupazione_(economia)">ISTAT</a>, il dato '
            "è salito al 7,5 per cento nel 2024 in tutta Italia secondo le stime.</p>",
            "Secondo ISTAT, il dato è salito",
            "https://it.wikipedia.org/wiki/Disoccupazione_(economia)",
        ),
        (
            '<p>Lo dice <a href="https://en.wikipedia.org/wiki/Mercury_(planet)">la NASA</a> in un rapporto '
            "pubblicato nel 2023 con dati raccolti in dieci anni di osservazioni.</p>",
            "Lo dice la NASA in un rapporto",
            "https://en.wikipedia.org/wiki/Mercury_(planet)",
        ),
    ],
)
def test_a_link_whose_address_has_parentheses_keeps_the_claim_text_and_the_link(html, anchor, url):
    page = f"<html><body><article>{html}<p>Un secondo paragrafo, abbastanza lungo da contare come testo.</p></article></body></html>"
    result = extract(page, content_type="text/html")
    first = result.claims[0]
    assert first.text.startswith(anchor) and ">" not in first.text and ")" not in first.text.split(",")[0]
    assert first.links == [url]
    assert url in result.links


def test_markdown_links_with_parentheses_and_angle_brackets():
    text = (
        "Secondo [ISTAT](https://it.wikipedia.org/wiki/Disoccupazione_(economia)) il tasso è al 7,5% nel 2024.\n\n"
        "E [la Banca d'Italia](<https://www.bancaditalia.it/a b>) conferma il dato del 2024 in un rapporto."
    )
    result = extract(text, content_type="text/markdown")
    assert [c.links for c in result.claims] == [
        ["https://it.wikipedia.org/wiki/Disoccupazione_(economia)"],
        ["https://www.bancaditalia.it/a b"],
    ]
    assert result.claims[0].text.startswith("Secondo ISTAT il tasso")


def test_script_text_never_reaches_the_title():
    page = (
        "<html><head><title>Titolo<script>alert(1)</script></title></head><body>"
        "<h1>Titolo <script>alert(1)</script><style>h1{}</style></h1>"
        "<p>Il governo ha speso 3 miliardi di euro nel 2023 per le strade del paese.</p></body></html>"
    )
    result = extract(page, content_type="text/html")
    assert result.title == "Titolo"
    assert all("alert" not in c.text for c in result.claims)


@pytest.mark.parametrize("depth", [300, 5000])
def test_the_paragraph_of_deeply_nested_markup_is_extracted(depth):
    sentence = "Il governo ha speso 3 miliardi di euro nel 2023 per le strade del paese."
    page = "<div>" * depth + f"<p>{sentence}</p><script>alert(1)</script>" + "</div>" * depth
    result = extract(page, content_type="text/html")
    assert [c.text for c in result.claims] == [sentence]


@pytest.mark.parametrize(
    "text",
    [
        "\u200b" * 50,
        "\u200b\u200c\u200d\u2060\ufeff \n\u202e\u202d\u2066\u2069",
        " \u00a0\u3000\u200b\t",
    ],
)
def test_text_of_invisible_characters_only_is_refused_as_empty(text):
    with pytest.raises(InputError, match="empty"):
        normalize_text(text)
    with pytest.raises(InputError, match="empty"):
        decode_bytes(text.encode("utf-8"))


def test_invisible_characters_inside_real_text_are_kept():
    assert normalize_text("Il PIL\u200b è cresciuto.") == "Il PIL\u200b è cresciuto."

"""Page furniture in English and Italian, in plain text and Markdown: no furniture line survives
as a claim or in the cleaned text, and no sentence of the article around it is lost.

The corpus is tests/data/furniture/{en,it}.txt (its format is described at the top of en.txt).
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claims.extraction.pipeline import MARKDOWN, TEXT, extract

CORPUS = Path(__file__).resolve().parent / "data" / "furniture"
FORMATS = {"text": TEXT, "markdown": MARKDOWN}


@dataclass
class Article:
    name: str
    lang: str
    content_type: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (tag, text) in order

    def tagged(self, tag: str) -> list[str]:
        return [text for t, text in self.lines if t == tag]

    @property
    def body(self) -> str:
        parts = []
        for tag, text in self.lines:
            if parts:
                parts.append("\n" if tag.islower() else "\n\n")
            parts.append(text)
        return "".join(parts) + "\n"


def load(lang: str) -> list[Article]:
    articles = []
    for raw in (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("=== "):
            name, fmt = raw[4:].split()
            articles.append(Article(name, lang, FORMATS[fmt]))
        elif raw[:3] in ("T: ", "S: ", "F: ", "K: ", "t: ", "s: ", "f: ", "k: "):
            articles[-1].lines.append((raw[0], raw[3:]))
        elif raw.strip() and not raw.startswith("#"):
            raise ValueError(f"{lang}.txt: unreadable line {raw!r}")
    return articles


ARTICLES = load("en") + load("it")


def _plain(line: str) -> str:
    """A title or standfirst line as a reader sees it (without the Markdown heading marks)."""
    return line.lstrip("#").strip()


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_corpus_has_at_least_40_distinct_furniture_lines_per_language(lang):
    lines = {text for article in ARTICLES if article.lang == lang for text in article.tagged("F") + article.tagged("f")}
    assert len(lines) >= 40, len(lines)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.name}")
def test_no_furniture_line_survives_and_no_sentence_is_lost(article):
    result = extract(article.body, content_type=article.content_type)
    assert result.language == article.lang
    body_claims = [c for c in result.claims if c.type != "headline"]

    # Every furniture line is gone from the cleaned text, as written or as a reader saw it
    # ("*Source: Ofgem*" is shown as "Source: Ofgem").
    text_lines = [line.strip() for line in result.cleaned_text.split("\n")]
    for line in article.tagged("F") + article.tagged("f"):
        shown = _plain(line).strip("*_")
        assert line not in text_lines and shown not in text_lines, line
        if len(shown) >= 20:  # long enough not to be a word of a real sentence ("Sponsored")
            assert shown not in result.cleaned_text, line

    # Every article paragraph comes out whole, as its sentences in order, and nothing else
    # does: no furniture line is a claim.
    kept = article.tagged("K") + article.tagged("k")
    covered = []
    for paragraph in kept:
        inside = [c.text for c in body_claims if c.text in paragraph]
        assert " ".join(inside) == paragraph, (paragraph, inside)
        covered.extend(inside)
    assert [c.text for c in body_claims] == covered


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.lang}-{a.name}")
def test_the_title_and_standfirst_are_headline_claims(article):
    result = extract(article.body, content_type=article.content_type)
    title = _plain((article.tagged("T") or [""])[0])
    assert result.title == title
    expected = [title] + [_plain(s) for s in article.tagged("S")]
    assert [c.text for c in result.claims if c.type == "headline"] == expected

"""Text normalisation for claim matching: query cleaning, tokenising, stemming.

- `clean_query(text)` removes what a pasted tweet or post carries besides the claim:
  the "— Name (@handle) Month D, YYYY" trailer (kept apart as author and date), URLs,
  pic.twitter.com links, "via @site", emojis; @handles and #hashtags become words
  (#StopTheSteal -> "Stop The Steal"; a one-case hashtag is split with a word list when
  a `segmenter` is given: #stopthesteal -> "stop the steal").
- `analyze(text, lang)` gives the index terms: lower case, no accents, apostrophes split,
  numbers in one canonical form in both languages (see numbers.py), stop words out,
  Snowball stems (PyStemmer when installed, else the pure-Python snowballstemmer: same
  algorithms, same output).
- `entities(text)` and `numbers(terms)` feed the features and the number/entity guard.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from .numbers import canonical_tokens
from .stopwords import stopwords

# ------------------------------------------------------------------ stemming


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    name = {"it": "italian", "en": "english"}.get(lang, "english")
    try:
        import Stemmer  # PyStemmer: C, ~20x faster

        return Stemmer.Stemmer(name, 0).stemWord
    except ImportError:  # pragma: no cover - the pure-Python fallback
        import snowballstemmer

        return snowballstemmer.stemmer(name).stemWord


@lru_cache(maxsize=50_000)  # bounded: the vocabulary of a large collection keeps growing
def stem(word: str, lang: str) -> str:
    return _stemmer(lang)(word)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ------------------------------------------------------------------ query cleaning

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_TRAILER = re.compile(
    r"[\s\"]*[—–]\s*(?P<name>[^—–\n]{0,80}?)\s*\(@(?P<handle>\w{1,20})\)\s*"
    r"(?P<date>(?:" + _MONTHS + r")\s+\d{1,2},\s+\d{4})\s*\"?\s*$"
)
_PIC = re.compile(r"pic\.twitter\.com/\w+", re.I)
_URL = re.compile(
    r"https?://t\.co/\w{10}|https?://[^\s#\"“”]+|\bwww\.[^\s#]+"
    r"|\b[\w-]+\.(?:com|org|net|ly|co)/\S*",
    re.I,
)
_VIA = re.compile(r"\bvia\s+@\w+", re.I)
_HANDLE = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SPACES = re.compile(r"\s+")


@dataclass
class CleanQuery:
    text: str
    author: str = ""
    handle: str = ""
    date: date | None = None
    hashtags: list[str] = field(default_factory=list)


def _drop_symbols(text: str) -> str:
    """Emojis, pictographs, variation selectors and other symbols out; letters, digits, punctuation stay."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co", "Cn", "Mn", "Me", "Cf") and ch not in "°":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def split_camel(word: str) -> str:
    return _CAMEL.sub(" ", word)


class WordSegmenter:
    """Splits a one-case run of letters into words ("stopthesteal" -> "stop the steal").

    Unigram dynamic programming (as in Norvig's segmenter) over word counts, usually the
    counts of the indexed fact-checks' words, so the vocabulary follows the collection.
    Only complete splits into known words count (words of 3+ letters, or a short
    function word); anything else stays whole, so unknown names are not chopped up
    ("cenkuygur" stays, "jacindaardern" -> "jacinda ardern").
    """

    SHORT = frozenset("a i of to in on is at by my we us no be do go me he it or up so an as".split())

    def __init__(self, counts: dict[str, int], max_len: int = 24, min_count: int = 2):
        self.counts = counts
        self.total = float(sum(counts.values())) or 1.0
        self.max_len = max_len
        self.min_count = min_count

    def _cost(self, word: str) -> float:
        c = self.counts.get(word, 0)
        if c < self.min_count or (len(word) < 3 and word not in self.SHORT):
            return math.inf
        return -math.log(c / self.total) + 2.0  # +2 a word: fewer, longer words first

    def split(self, text: str) -> list[str]:
        low = text.lower()
        if len(low) < 6 or self.counts.get(low, 0) >= self.min_count:
            return [text]
        n = len(low)
        best = [0.0] + [math.inf] * n
        back = [0] * (n + 1)
        for end in range(1, n + 1):
            for start in range(max(0, end - self.max_len), end):
                if best[start] == math.inf:
                    continue
                cost = best[start] + self._cost(low[start:end])
                if cost < best[end]:
                    best[end], back[end] = cost, start
        if best[n] == math.inf:
            return [text]
        words, end = [], n
        while end > 0:
            words.append(low[back[end] : end])
            end = back[end]
        return words[::-1]


def _tag_words(tag: str, segmenter: WordSegmenter | None) -> str:
    """Words of a hashtag or handle: CamelCase split, one-case runs segmented, _ as space."""
    out = []
    for piece in tag.replace("_", " ").split():
        if any(c.islower() for c in piece) and any(c.isupper() for c in piece[1:]):
            out.append(split_camel(piece))
            continue
        for part in split_camel(piece).split():
            words = segmenter.split(part) if (segmenter is not None and part.isalpha()) else [part]
            out.extend(words if len(words) > 1 else [part])  # unsplit: keep its case
    return " ".join(out)


def clean_query(text: str, segmenter: WordSegmenter | None = None, *, handles: str = "words") -> CleanQuery:
    """The claim in a pasted post, without the furniture. `handles`: 'words' or 'drop'."""
    text = html.unescape(text).replace("\u00a0", " ")
    text = text.strip().strip('"').strip()
    found = _TRAILER.search(text)
    author = handle = ""
    when = None
    if found:
        author = _SPACES.sub(" ", _drop_symbols(found.group("name"))).strip(" \"'")
        handle = found.group("handle")
        try:
            when = datetime.strptime(found.group("date").replace("  ", " "), "%B %d, %Y").date()
        except ValueError:
            when = None
        text = text[: found.start()]
    text = _PIC.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _VIA.sub(" ", text)
    hashtags = _HASHTAG.findall(text)
    text = _HASHTAG.sub(lambda m: " " + _tag_words(m.group(1), segmenter) + " ", text)
    if handles == "drop":
        text = _HANDLE.sub(" ", text)
    else:
        text = _HANDLE.sub(lambda m: " " + _tag_words(m.group(1), segmenter) + " ", text)
    text = _drop_symbols(text)
    text = text.replace('""', '"')
    text = _SPACES.sub(" ", text).strip(" -—–:|")
    return CleanQuery(text=text, author=author, handle=handle, date=when, hashtags=hashtags)


# ------------------------------------------------------------------ tokenising

_APOSTROPHES = str.maketrans({"’": " ", "'": " ", "`": " ", "´": " ", "‘": " "})
# numbers may carry an attached scale ("$80M", "1.5bn", "5k"): one token, parsed in numbers.py
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:bn|mln|mld|mrd|mn|k|m|b)(?![^\W_])|\d+(?:[.,]\d+)*|[^\W\d_]+|%|[$€£]")
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound"}
_MONEY_WORDS = {
    "dollar",
    "dollars",
    "usd",
    "euro",
    "euros",
    "eur",
    "pound",
    "pounds",
    "sterline",
    "sterlina",
    "dollari",
    "$",
    "€",
    "£",
}
_SEI_VERB = {"tu", "non", "ne", "ci", "se", "che", "lo", "la", "mi", "ti", "gia", "ora"}


def raw_tokens(text: str) -> list[str]:
    """Lower-cased, accent-free tokens; numbers keep their separators ('1,167,982')."""
    text = strip_accents(unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES))
    tokens = _TOKEN.findall(text)
    # "5m"/"2b" are millions/billions only after a currency sign ("$80M"); else metres, bytes...
    for i, tok in enumerate(tokens):
        if (
            tok[-1] in "mb"
            and tok[0].isdigit()
            and not tok.endswith(("bn", "mn"))
            and not (i and tokens[i - 1] in _CURRENCY)
        ):
            tokens[i] = tok[:-1]
    return tokens


def analyze(text: str, lang: str = "en") -> list[str]:
    """Index terms of a text: canonical numbers, Snowball stems, no stop words."""
    return analyze_full(text, lang)[0]


def analyze_full(text: str, lang: str = "en") -> tuple[list[str], set[str]]:
    """(index terms, quantities): quantities are 'unit=value' strings for the number guard.

    A quantity's unit is 'money' (a currency next to it), 'pct', or the stem of the next
    content word ("6 million people" -> 'peopl=6000000'); bare numbers and years
    (1800-2100 with no unit) are not quantities: fact-checkers add dates the post lacks.
    """
    lang = "it" if lang == "it" else "en"
    tokens = raw_tokens(text)
    if lang == "it":  # "tu sei" is a verb, "sei mesi" a number
        tokens = [("essere" if t == "sei" and i and tokens[i - 1] in _SEI_VERB else t) for i, t in enumerate(tokens)]
    tokens = canonical_tokens(tokens, lang)
    stop = stopwords(lang)
    out, quantities = [], set()
    for i, tok in enumerate(tokens):
        if tok[0].isdigit():
            out.append(tok)
            unit = _unit(tokens, i, stop, lang)
            if unit:
                quantities.add(f"{unit}={tok}")
            continue
        if tok in _CURRENCY:
            tok = _CURRENCY[tok]
        if tok in stop or len(tok) < 2:
            continue
        out.append(stem(tok, lang))
    return out, quantities


def _unit(tokens: list[str], i: int, stop: frozenset, lang: str) -> str:
    prev = tokens[i - 1] if i else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if prev in _MONEY_WORDS or nxt in _MONEY_WORDS:
        return "money"
    if nxt == "pct":
        return "pct"
    for j in range(i + 1, min(i + 3, len(tokens))):
        word = tokens[j]
        if word[0].isdigit() or word in ("pct",):
            return ""
        if word in stop or len(word) < 3 or word in _CALENDAR:
            continue
        return stem(word, lang)
    return ""


_CALENDAR = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday gennaio febbraio marzo aprile maggio giugno luglio agosto "
    "settembre ottobre novembre dicembre lunedi martedi mercoledi giovedi venerdi sabato domenica".split()
)
_SENT_START = re.compile(r"(?:^|[.!?:;\"“”(\n]\s*)$")


def entities(text: str, lang: str = "en") -> set[str]:
    """Stems of capitalised words that do not open a sentence (names, places, brands).

    A text mostly in capitals (a shouted tweet, a Title Case headline) gives no entities:
    capitals there say nothing.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return set()
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.5:
        return set()
    stop = stopwords(lang)
    # Title Case ("Amy Schumer Goes From Red Carpet To Jail"): function words capitalised too
    function_words = [
        m.group(0)
        for m in re.finditer(r"[^\W\d_]+", text)
        if m.group(0).lower() in stop and len(m.group(0)) > 1 and not _SENT_START.search(text[: m.start()])
    ]
    if len(function_words) >= 2 and sum(w[0].isupper() for w in function_words) >= len(function_words) / 2:
        return set()
    out = set()
    for m in re.finditer(r"[^\W\d_][\w'’-]*", text):
        word = m.group(0)
        if not word[0].isupper():
            continue
        if _SENT_START.search(text[: m.start()]):
            continue
        for part in raw_tokens(word):
            if part in stop or part in _CALENDAR or len(part) < 2 or part[0].isdigit():
                continue
            out.add(stem(part, "it" if lang == "it" else "en"))
    return out

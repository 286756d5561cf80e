"""Text normalisation shared by claim matching and evidence search.

Two wordings of one claim differ in accents ("città"/"citta"), apostrophes
("dell'Istat"/"dell’Istat"), case, word order, inflection and how numbers are written
("1,5 miliardi di euro" / "1.5 billion euros" / "1500 milioni di euro"). normalize()
removes the first four and writes every number in one canonical form; inflection is
left to the stemmers (PostgreSQL's text search configurations, or Snowball here in
the portable fallback) and word order to set-based similarity.
"""

import re
import unicodedata
from functools import lru_cache

from claims.extraction.numbers import find_numbers

_APOSTROPHES = str.maketrans({"’": " ", "'": " ", "`": " ", "´": " ", "‘": " "})
_NON_WORD = re.compile(r"[^\w]+")
_UNIT = re.compile(r"[^a-z0-9]+")

# Function words the fallback ignores (PostgreSQL's configurations have their own lists).
STOPWORDS = frozenset(
    """il lo la i gli le un uno una di a da in con su per tra fra e o ma che non del dello della dei degli delle
    al allo alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui
    sugli sulle è sono ha hanno era come anche più si ci l d un questo questa questi queste quello quella suo sua
    suoi sue loro essere stato stata stati
    the a an of to in on at by for with from and or but not is are was were be been has have had it its this that
    these those as than which who their his her they he she we our dell nell sull all dall quell""".split()
)


def _number_token(item: dict) -> str:
    value = item["value"]
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    else:
        text = str(value)  # dates come as ISO strings
    token = "n" + text.replace(".", "p").replace("-", "m")
    unit = _UNIT.sub("", str(item.get("unit", "")).lower().replace("%", "pct"))
    return f"{token} {unit}" if unit else token


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str, lang: str = "") -> str:
    """Lower case, no accents or apostrophes, punctuation as spaces, numbers canonical."""
    if any(ch.isdigit() for ch in text):
        parts, pos = [], 0
        for item in find_numbers(text, lang or "xx"):
            at = text.find(item["text"], pos)
            if at < 0:
                continue
            parts.append(text[pos:at])
            parts.append(f" {_number_token(item)} ")
            pos = at + len(item["text"])
        parts.append(text[pos:])
        text = "".join(parts)
    text = strip_accents(text.translate(_APOSTROPHES).lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    import snowballstemmer

    name = {"it": "italian", "en": "english"}.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=200_000)
def stem_word(word: str, lang: str = "") -> str:
    # Snowball in pure Python costs ~50 us a word; news vocabulary repeats, so a cache
    # makes it a dictionary lookup after the first few articles.
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word) if stemmer else word


def stems(match_text: str, lang: str = "") -> frozenset[str]:
    """The set of stems of a normalised text, without function words (the fallback's lexemes)."""
    return frozenset(
        stem_word(w, lang) for w in match_text.split() if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    )


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two lexeme sets: 1.0 for the same words in any order."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))

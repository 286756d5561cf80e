"""The headline and the standfirst as claims, and their numbers against the body's.

The title and the sub-heading under it are often the claim a fact-checker is asked about
("Bollette, calano del 18%" while the body says 18,4%). They are offered as claims of type
"headline", scored like any sentence and listed first. When a headline's figure for a quantity
differs from the body's figure for the same quantity, the claim says so in
signals["mismatch"]: [{"headline": "18%", "body": "18,4%", "sentence": "<the body sentence>"}].
"""

import re

from .blocks import LIST_ITEM, QUOTE, Block
from .clean import looks_like_title_line
from .entities import STOPWORDS
from .numbers import STATISTIC_KINDS

HEADLINE = "headline"

# A standfirst is a sentence-like line: at least this many words.
_MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{4,}")
# Words too common to tie a headline to a body sentence.
_COMMON = frozenset(w.lower() for w in STOPWORDS) | frozenset(
    """della delle dello degli dalla dalle nella nelle sulla sulle questo questa sono essere hanno
    anche come dopo prima oltre ancora molto tutti tutte with from that this have been will were
    their they about after over more than into also""".split()
)


def standfirst_index(blocks: list[Block]) -> int | None:
    """The standfirst: the first block of the body when it reads like a sub-heading (one line, no
    final full stop, a few words), not a list item or a quotation."""
    if not blocks:
        return None
    first = blocks[0]
    if first.kind in (LIST_ITEM, QUOTE) or not looks_like_title_line(first.text):
        return None
    if len(first.text.split()) < _MIN_WORDS or first.text.rstrip().endswith("?"):
        return None  # "Il contesto" is a section heading; a question is no claim
    return 0


def _stems(text: str) -> set[str]:
    # Four letters tie "calano" to "calate" and "bollette" to "bolletta"; common words are left out.
    return {w[:4] for w in map(str.lower, _WORD.findall(text)) if w not in _COMMON}


def mismatches(headline: str, numbers: list[dict], body: list[tuple[str, list[dict]]]) -> list[dict]:
    """The headline's figures that the body gives differently for the same quantity.

    body: (sentence, its numbers) in order. A figure is matched with the body's figures of the
    same kind and unit (a percentage with percentages, euros with euros); none equal to it, the
    one in the sentence sharing most words with the headline (then the nearest in value) is the
    body's figure for that quantity. A sentence sharing no word is about something else."""
    found = []
    words = _stems(headline)
    for figure in numbers:
        if figure["kind"] not in STATISTIC_KINDS:
            continue
        same = [
            (sentence, other)
            for sentence, others in body
            for other in others
            if other["kind"] == figure["kind"] and other["unit"] == figure["unit"]
        ]
        if not same or any(other["value"] == figure["value"] for _, other in same):
            continue  # the body says nothing of it, or says the same
        sentence, other = max(
            same, key=lambda pair: (len(words & _stems(pair[0])), -abs(pair[1]["value"] - figure["value"]))
        )
        if words & _stems(sentence):
            found.append({"headline": figure["text"], "body": other["text"], "sentence": sentence})
    return found

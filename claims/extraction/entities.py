"""Named-entity proxy without a model: capitalised words, acronyms and product codes."""

import re

from . import lexicon_en, lexicon_it

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# Words that may sit inside a name: "Banca d'Italia", "Presidente della Repubblica",
# "University of Texas". Whether they really do is decided by HEAD_NOUNS below.
_CONNECTOR = (
    r"d['’]|dell['’]|della|delle|dello|degli|dei|del|di|of\s+the|of|for|de|da|van|von"
    r"|der|y"
)

_MONTH_NAMES = "|".join(lexicon_en.MONTHS)

# What follows the first capital of a candidate. phrases.py puts it in its word scan (after a
# space); _ENTITY below is the standalone search.
_REST = (
    r"(?:"
    # Title-case words, joined by spaces and by connectors ("Stati Uniti", "New York Times").
    # Possessive quantifiers (*+, ++): nothing here needs backtracking, and the engine skips
    # the bookkeeping for it (a fifth of the search time).
    rf"[{_LO}]\w*+(?:-[{_UP}]\w*+)*+"
    rf"(?:\s++(?:(?:{_CONNECTOR})\s*+)?[{_UP}][{_LO}]\w*+(?:-[{_UP}]\w*+)*+"
    # A number between two of them belongs to the name: "Il Sole 24 Ore", "Channel 4 News"
    # (not to a date: "Friday 3 March").
    rf"|\s++\d{{1,4}}+(?=\s[{_UP}][{_LO}])(?!\s(?:{_MONTH_NAMES})\b))*+"
    # Product and model codes stay whole and alone: H20, R2, GPT-4, COVID-19, F-35, A380.
    rf"|[{_UP}]*+-?\d\w*+(?:-\w+)*+"
    # Dotted acronyms: U.S., S.p.A.
    rf"|(?:\.[{_UP}{_LO}])++\.?"
    # Acronyms (NVIDIA, AI, AT&T, GPUs) are not joined to neighbours: "GPU NVIDIA H20 AI" is four.
    rf"|[{_UP}&]++s?(?!\w)"
    r")"
)
UPPER = frozenset(chr(c) for c in range(0x41, 0x5B)) | frozenset(chr(c) for c in range(0xC0, 0xDF) if c != 0xD7)
ENTITY_BODY = rf"[{_UP}]{_REST}"
# The first capital must start a word: "iPhone" is not "Phone", "dell'Istat" is "Istat". The
# lookbehind comes after the capital so that the engine can skip ahead by charset.
_ENTITY = re.compile(rf"[{_UP}](?<!\w[{_UP}]){_REST}")
# The same on the scan's prepared text (" " in front, brackets and quotation marks made
# spaces): a literal space in front lets the engine jump from word to word instead
# of testing every character. It misses names glued to an elision ("dell'Istat"); the phrase
# scan reports those (phrases.ELIDED_NAME) and analyse() then uses _ENTITY.
_SPACED = re.compile(rf" ({ENTITY_BODY})")
_HAS_CONNECTOR = re.compile(rf"\s(?:{_CONNECTOR})(?:\s|(?<=['’]))")
_SPLIT_CONNECTOR = re.compile(rf"(\s+(?:{_CONNECTOR})\s*)(?=[{_UP}])")

STOPWORDS = frozenset(lexicon_it.STOPWORDS | lexicon_en.STOPWORDS)
HEAD_NOUNS = frozenset(lexicon_it.HEAD_NOUNS | lexicon_en.HEAD_NOUNS)
NUMBERED_NAMES = frozenset(lexicon_it.NUMBERED_NAMES | lexicon_en.NUMBERED_NAMES)
# Capitalised mid-sentence, an article opens a title: "Lo riporta Il Sole 24 Ore", "La Stampa".
_TITLE_ARTICLES = frozenset(("The", "Il", "Lo", "La", "I", "Gli", "Le"))
# Never an entity on their own: function words, month and day names ("March", "Lunedì").
_ALONE_NOT_ENTITY = frozenset(
    STOPWORDS
    | lexicon_en.DAYS
    | lexicon_it.DAYS
    | set(lexicon_en.MONTHS)
    | {m.capitalize() for m in lexicon_it.MONTHS}
    | {""}
)
# Words that open phrases of the lexicons ("Pare che", "Penso che", "Because"): capitalised at
# the start of a sentence, still not names.
_LEXICON_OPENERS = frozenset(
    word.capitalize()
    for lex in (lexicon_it, lexicon_en)
    for table in (lex.ATTRIBUTION, lex.HEDGES, lex.OPINION, lex.PREDICTION, lex.COMPARISON, lex.CAUSAL, lex.EVALUATIVE)
    for entry in table
    for word in [(entry if isinstance(entry, str) else entry[0]).lstrip("=").split(" ")[0]]
    if word.isalpha()
)
# A sentence opening with a common noun or a verb ("Impatto dei controlli", "Cresce il PIL",
# "Renting an H20 server") shows it by a preposition or an article straight after; a name
# rarely does ("Huawei ha", "Reuters reported").
_AFTER_COMMON_OPENER = frozenset(
    {
        "di",
        "del",
        "dei",
        "della",
        "delle",
        "degli",
        "dello",
        "dell",
        "il",
        "lo",
        "la",
        "gli",
        "le",
        "un",
        "uno",
        "una",
        "l",
        "che",
        "of",
        "a",
        "an",
        "the",
        "this",
        "these",
        "its",
        "their",
        "his",
        "her",
        "that",
    }
)
_HAS_DIGIT = re.compile(r"\d")
_LEADING_PUNCT = " \t\"'“”«»‘’([{-–—*•"


def find_entities(sentence):
    return clean(_ENTITY.findall(sentence), sentence)


# Raw candidates, in order: searched in a sentence, or, faster, in the scan's prepared text
# (" " in front, brackets and quotes made spaces), which must then have no name glued to an
# elision. phrases.scan() picks one.
candidates = _ENTITY.findall
candidates_spaced = _SPACED.findall


def clean(candidates, sentence):
    """Entity candidates (raw capitalised runs, in order) -> entities, without duplicates."""
    if not candidates:
        return candidates
    first = candidates[0]
    if first in STOPWORDS:
        pass  # dropped below ("Il", "The", "Secondo")
    elif sentence.startswith(first):
        candidates[0] = _strip_opener(first, sentence)
    elif sentence[:1] in _LEADING_PUNCT:
        opening = sentence.lstrip(_LEADING_PUNCT)
        if opening.startswith(first):
            candidates[0] = _strip_opener(first, opening)
    if len(candidates) > 64 or len(sentence) > 10_000:
        return _clean_many(candidates)
    found = []
    for text in candidates:
        if " " in text:
            # "Stati Uniti".istitle(): no lowercase connector inside, nothing to split.
            if not text.istitle() and _HAS_CONNECTOR.search(text):
                for part in _parts(text):
                    if part not in found:
                        found.append(part)
                continue
            space = text.find(" ")
            # "Per Mario Rossi" -> "Mario Rossi"; mid-sentence, a capitalised article opens a
            # title: "The Information", "Il Sole 24 Ore".
            if text[:space] in STOPWORDS and text[:space] not in _TITLE_ARTICLES:
                text = text[space + 1 :]
        if text.rpartition(" ")[2] in NUMBERED_NAMES:
            text = _with_its_number(text, sentence)
        if text not in found and text not in _ALONE_NOT_ENTITY:
            found.append(text)
    return found


_NUMBER_AFTER = re.compile(r" (\d{1,4})(?![\d.,]\d)")


def _with_its_number(name, sentence):
    """ "Radio" -> "Radio 24" when the sentence writes the name with its number."""
    at = sentence.find(name)
    number = _NUMBER_AFTER.match(sentence, at + len(name)) if at >= 0 else None
    return name + " " + number.group(1) if number else name


def _parts(text):
    """A multi-word candidate -> its entities (usually itself); clean() inlines the usual case."""
    if not text.istitle() and _HAS_CONNECTOR.search(text):
        return [part for part in _split_at_foreign_connectors(text) if part not in _ALONE_NOT_ENTITY]
    space = text.find(" ")
    if text[:space] in STOPWORDS and text[:space] != "The":
        text = text[space + 1 :]
    return [] if text in _ALONE_NOT_ENTITY else [text]


def _clean_many(candidates):
    """clean() for a pathological "sentence" (100 KB of names): no quadratic duplicate tests."""
    found = {}
    for text in candidates:
        if " " in text:
            found.update(dict.fromkeys(_parts(text)))
        elif text not in _ALONE_NOT_ENTITY:
            found[text] = None
    return list(found)


def _strip_opener(text, sentence):
    """The first word of a sentence is capitalised anyway: "Secondo Reuters", "The European
    Union" lose the function word; "Impatto dei controlli" (a common noun followed by a
    preposition) is dropped, "Huawei ha" is kept."""
    space = text.find(" ")
    if space >= 0:
        # "Il Sole 24 Ore": a title with a number keeps its article even at the start.
        if text[:space] in STOPWORDS and not (text[:space] in _TITLE_ARTICLES and _HAS_DIGIT.search(text)):
            return text[space + 1 :]
        return text
    if text in STOPWORDS or not text.istitle():
        return text  # dropped later as a stopword; "DeepSeek", "NVIDIA" are names
    if text in _LEXICON_OPENERS or sentence[len(text) : len(text) + 1] in ("'", "’"):
        return ""  # "Pare che ...", "Nell'anno ...": an elided preposition is no name
    start = len(text) + 1
    end = sentence.find(" ", start)
    following = sentence[start : end if end > 0 else len(sentence)].lower()
    for mark in "'’":  # "Cresce l'inflazione": the elided article is the word
        cut = following.find(mark)
        if cut > 0:
            following = following[:cut]
    return "" if following in _AFTER_COMMON_OPENER else text


def _split_at_foreign_connectors(text):
    """Keep "Banca d'Italia" whole, but split "DeepSeek della Cina" into two names."""
    pieces = _SPLIT_CONNECTOR.split(text)
    parts = []
    current = [pieces[0]]
    for k in range(1, len(pieces) - 1, 2):
        joiner, following = pieces[k], pieces[k + 1]
        if current[-1].rsplit(None, 1)[-1] in HEAD_NOUNS:
            current += (joiner, following)
        else:
            parts.append("".join(current))
            current = [following]
    parts.append("".join(current))
    return parts

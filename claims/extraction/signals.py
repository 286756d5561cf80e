"""What a fact-checker wants to see in a claim, and what kind of claim it is.

    signals, claim_type = analyse("Secondo alcune fonti, DeepSeek ...", "it")

`signals` (JSON-serialisable; every list in order of appearance, without duplicates):
    numbers      [{"text", "value", "unit", "kind"}]   see numbers.py
    entities     ["DeepSeek", "Stati Uniti", "H20"]     see entities.py
    attribution  ["Secondo alcune fonti", "ha espresso"] phrases as written
    hedges       ["sarebbe", "si era ipotizzato"]      phrases as written
    quotes       ["non è vero"]                         text inside «», “”, ""

Italian ("it") and English ("en") each use their own phrase tables; any other language code
uses both. Plain `re`, compiled at import. analyse_many() takes about 5.5 us per sentence of the
Italian seed and 7 us per sentence of a number-heavy English news paragraph (bench/signals.py).
"""

import gc
import re

from .entities import clean as clean_entities
from .numbers import STATISTIC_KINDS, find_numbers
from .phrases import (
    ADVOCACY,
    CAUSAL,
    COMPARISON,
    EVALUATIVE,
    OPINION,
    PREDICTION,
    QUOTE_HINT,
    RATIO,
    RULE_NOUN,
    RULE_VERB,
    candidates,
)
from .phrases import (
    scan as scan_phrases,
)

CLAIM_TYPES = ("statistic", "quote", "causal", "comparison", "prediction", "opinion", "other")

# The body excludes the opening mark too, so an unclosed run of marks stays linear.
_QUOTED = re.compile(r'«\s*([^«»]+?)\s*»|“\s*([^“”]+?)\s*”|"\s*([^"]+?)\s*"')
# A quoted statement has a few words; “R2” or “società fantasma” is a name or scare quotes.
_STATEMENT_WORDS = 3


def analyse(sentence: str, lang: str) -> tuple[dict, str]:
    """Return (signals, claim_type) for one sentence. lang: 'it', 'en' or other (both lexicons)."""
    attribution, hedges, prepared, starts, flags = scan_phrases(sentence, lang)
    # The scan saw where numbers start ("H20" and "R2" do not start after a space).
    numbers = find_numbers(sentence, lang, starts) if starts is None or starts else []
    quotes = _quotes(sentence) if flags & QUOTE_HINT else []
    signals = {
        "numbers": numbers,
        "entities": clean_entities(candidates(sentence, prepared, flags), sentence),
        "attribution": attribution,
        "hedges": hedges,
        "quotes": quotes,
    }
    return signals, _claim_type(flags, numbers, attribution, quotes)


def analyse_many(sentences: list[str], lang: str, *, policy: list | None = None) -> list[tuple[dict, str]]:
    """analyse() for many sentences. `policy`, when given, receives one bool per sentence: whether
    it states a policy fact (a rule and what it does, when it applies or whom it covers), which
    checkworthy.lift_policy_facts() needs."""
    # The results are a few small dicts and lists per sentence, all kept: the cyclic garbage
    # collector would walk them again and again while the batch grows (0.5 us a sentence,
    # measured). They hold no cycles, so it is paused for the batch, as for a JSON load.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _analyse_batch(sentences, lang, policy)
    finally:
        if paused:
            gc.enable()


def _analyse_batch(sentences, lang, policy=None):
    """analyse() for many sentences, one stage at a time: each stage's regexes and code stay in
    the processor's caches across the batch instead of evicting each other per sentence
    (1.3 us a sentence, measured). Same results as analyse(), which the tests check."""
    scans = [scan_phrases(sentence, lang) for sentence in sentences]
    raw_names = [candidates(sentence, scan[2], scan[4]) for sentence, scan in zip(sentences, scans)]
    numbers = [
        find_numbers(sentence, lang, scan[3]) if scan[3] is None or scan[3] else []
        for sentence, scan in zip(sentences, scans)
    ]
    names = [clean_entities(raw, sentence) for sentence, raw in zip(sentences, raw_names)]
    results = []
    for sentence, (attribution, hedges, _, _, flags), found, entities in zip(sentences, scans, numbers, names):
        quotes = _quotes(sentence) if flags & QUOTE_HINT else []
        signals = {
            "numbers": found,
            "entities": entities,
            "attribution": attribution,
            "hedges": hedges,
            "quotes": quotes,
        }
        results.append((signals, _claim_type(flags, found, attribution, quotes)))
    if policy is not None:
        policy.extend([scan[4] & _POLICY_BITS == _POLICY_FACT for scan in scans])
    return results


def _quotes(sentence):
    return list(dict.fromkeys(a or b or c for a, b, c in _QUOTED.findall(sentence)))


def _claim_type(flags, numbers, attribution, quotes):
    """The most informative type when several apply, checked in this order (the labelling
    rules of tests/data/claim_types/README.md, which bench/claim_types.py measures):

    1. opinion     an explicit opinion marker ("secondo me", "è evidente che", "I think",
                   "clearly"), or evaluative words ("vergognoso", "ridiculous") in a sentence
                   with no number and no attribution: the claim is the writer's judgement, and
                   no figure in it changes that.
    2. prediction  future tense (sarà, -ranno, "will"), "si prevede", "dovrebbe"/"potrebbe" +
                   infinitive, "is expected to", "could rise", "entro il 2030": what is claimed
                   about the future cannot be checked against data yet, even with a figure, a
                   comparison or a source in it. A rule's entry into force or scope is not a
                   prediction ("the ban will apply from June"): it is checked against the rule;
                   nor is a future tense inside a quotation ("«Non ci arrenderemo», ha detto").
    3. statistic   a money, percent, quantity or count figure: a sentence built around a
                   number is checked against data, even with "secondo ..." or "than" in it.
    4. comparison  "più ... di", "rispetto a", "il doppio", "than", "the largest".
    5. causal      "a causa di", "deriva da", "perché", "because", "led to".
    6. quote       an attribution phrase or a quoted statement: checked by finding the source.
                   (A quoted statement also comes before a prediction: what is claimed is that
                   it was said.)
    7. other
    """
    if flags & OPINION or (flags & EVALUATIVE and not numbers and not attribution):
        return "opinion"
    if flags & PREDICTION and not is_policy_fact(flags) and not _statement_quoted(quotes):
        return "prediction"
    for number in numbers:
        if number["kind"] in STATISTIC_KINDS:
            return "statistic"
    if flags & RATIO:
        return "statistic"
    if flags & COMPARISON:
        return "comparison"
    if flags & CAUSAL:
        return "causal"
    if attribution or _statement_quoted(quotes):
        return "quote"
    return "other"


def _statement_quoted(quotes):
    for quote in quotes:
        if quote.count(" ") + 1 >= _STATEMENT_WORDS:
            return True
    return False


_POLICY_BITS = RULE_NOUN | RULE_VERB | ADVOCACY
_POLICY_FACT = RULE_NOUN | RULE_VERB


def is_policy_fact(flags):
    """A rule and what it does, when it applies or whom it covers, stated rather than asked for."""
    return flags & _POLICY_BITS == _POLICY_FACT

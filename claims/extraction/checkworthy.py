"""Check-worthiness score 0..1 for each sentence, so a reviewer queue can be ranked.

Two logistic-regression models, trained on English debate sentences (ClaimBuster 3xNCS, see
model/ATTRIBUTION.md) by `python -m claims.extraction.model.train`:

  checkworthy_en.json     English: lowercased word unigrams and bigrams plus the classes below.
  checkworthy_xling.json  Any other language: only language-independent classes (pronoun person,
                          modality, reporting verbs, numbers, capitalised names, length ...).
                          Words reach a class through the hand-written lexicons below, which
                          exist in English (to train) and Italian (to score).

Every feature belongs to one whitespace token or to the sentence as a whole, and the weighting
(see `reference_logit`) keeps the logit a sum over tokens. So the scorer caches one number per
distinct token and spends a few microseconds per sentence. `sentence_features` spells the same
features out by name; training uses it, so what is measured is what ships.
"""

from __future__ import annotations

import json
import math
import re
import string
import sys
from collections.abc import Callable, Iterable
from itertools import pairwise, repeat
from pathlib import Path

from .checkworthy_lexicon import FIRST_WORD_LEXICON, LEXICON, PREFIX_RULES, RULE_EXCEPTIONS, SUFFIX_RULES

MODEL_DIR = Path(__file__).with_name("model")
MODEL_FILES = {"en": MODEL_DIR / "checkworthy_en.json", "xling": MODEL_DIR / "checkworthy_xling.json"}

# Scores at or above this count as check-worthy. It is the F1-maximising threshold found on
# training folds only (nested cross-validation in bench/checkworthy_claimbuster.py: 0.35 for
# the English model, 0.36 cross-lingual, averaged over folds), rounded to 0.05. It is below 0.5
# because only one training sentence in four is check-worthy.
DEFAULT_THRESHOLD = 0.35


def _build_lexicon(table: dict[str, tuple[str, str]], side: int) -> dict[str, tuple[str, ...]]:
    lexicon: dict[str, tuple[str, ...]] = {}
    for cls, words in table.items():
        for word in words[side].split():
            lexicon[word] = lexicon.get(word, ()) + (cls,)
    return lexicon


class Lexicon:
    """One language's word -> classes mapping, with its inflection rules."""

    def __init__(self, sides: tuple[int, ...], rule_langs: tuple[str, ...]):
        self.words: dict[str, tuple[str, ...]] = {}
        self.first_words: dict[str, tuple[str, ...]] = {}
        # Later sides win on a clash, so for "other" languages the Italian reading is kept.
        for side in sides:
            self.words.update(_build_lexicon(LEXICON, side))
            self.first_words.update(_build_lexicon(FIRST_WORD_LEXICON, side))
        self.rules = tuple(
            (str.startswith, affixes, cls, min_len)
            for lang in rule_langs
            for affixes, cls, min_len in PREFIX_RULES[lang]
        ) + tuple(
            (str.endswith, affixes, cls, min_len) for lang in rule_langs for affixes, cls, min_len in SUFFIX_RULES[lang]
        )

    def classes(self, word: str) -> tuple[str, ...]:
        listed = self.words.get(word)
        if listed is not None:
            return listed
        if word in RULE_EXCEPTIONS:
            return ()
        return tuple(
            cls for matches, affixes, cls, min_len in self.rules if len(word) >= min_len and matches(word, affixes)
        )


LEXICONS = {
    "en": Lexicon((0,), ("en",)),
    "it": Lexicon((1,), ("it",)),
    # Unknown languages get both word lists: mixed articles and loanwords are common, and the
    # shape features (numbers, names, length) carry most of the signal anyway.
    "other": Lexicon((0, 1), ("en", "it")),
}


def lexicon_for(lang: str) -> Lexicon:
    return LEXICONS.get(lang) or LEXICONS["other"]


# --------------------------------------------------------------------------------------------
# Features. A token is a whitespace-separated chunk; its punctuation is stripped but informs
# the shape classes (%, currency signs, '?').
# --------------------------------------------------------------------------------------------
_STRIP = string.punctuation + "“”‘’«»„‚‹›–—…•·°¿¡"
_CLOSERS = string.whitespace + "\"'”’»)]*"
_APOSTROPHES = re.compile(r"['’`´]")
_YEAR = re.compile(r"(?:19|20)\d\d(?:s|'s)?")
_HAS_DIGIT = re.compile(r"\d")
_CURRENCY = frozenset("$€£¥")
# Upper bounds, in tokens. The training sentences have at least 5 tokens, so the first bucket
# also takes the shorter ones rather than leaving them with an unlearnt (zero) weight.
_LENGTH_BUCKETS = (6, 8, 10, 13, 16, 20, 25, 30, 40)
_LENGTH_CAP = _LENGTH_BUCKETS[-1] + 1


def _length_bucket(n_tokens: int) -> int:
    for i, bound in enumerate(_LENGTH_BUCKETS):
        if n_tokens <= bound:
            return i
    return len(_LENGTH_BUCKETS)


_LENGTH_FEATURE = tuple(f"len:{_length_bucket(n)}" for n in range(_LENGTH_CAP + 1))
BIGRAM_PREFIX = "b:"


def normalise(token: str) -> str:
    """The word an n-gram feature sees: lowercase, no edge punctuation, numbers folded."""
    core = token.strip(_STRIP)
    if _HAS_DIGIT.search(core):
        return "#year" if _YEAR.fullmatch(core) else "#num"
    return _APOSTROPHES.sub("'", core.lower())


def _case_class(part: str) -> str | None:
    # One capital letter is "I", "A", "È": a word, not a name.
    if len(part) > 1 and part[0].isupper():
        return "ACRONYM" if part.isupper() else "CAPITALISED"
    return None


def token_classes(token: str, lexicon: Lexicon) -> list[str]:
    """Language-independent classes of one whitespace token (one entry per occurrence)."""
    classes = []
    core = token.strip(_STRIP)
    if "%" in token:
        classes.append("PERCENT")
    if not _CURRENCY.isdisjoint(token):
        classes.append("MONEY")
    if "?" in token:
        classes.append("QMARK")
    if not core:
        return classes
    if _HAS_DIGIT.search(core):
        classes.append("YEAR" if _YEAR.fullmatch(core) else "NUMBER")
    for part in _APOSTROPHES.split(core):
        if part:
            case = _case_class(part)
            if case == "ACRONYM":
                classes.append(case)  # and not a word: "US" is not "us", nor "AI" "ai"
                continue
            if case:
                classes.append(case)
            classes.extend(lexicon.classes(part.lower()))
    return classes


def first_word_classes(token: str, lexicon: Lexicon) -> list[str]:
    first_part = _APOSTROPHES.split(token.strip(_STRIP), 1)[0]
    classes = list(lexicon.first_words.get(first_part.lower(), ()))
    if _case_class(first_part) == "CAPITALISED":
        # Offsets the CAPITALISED that every sentence-initial word gets for its position.
        classes.append("CAPITALISED")
    return classes


def _ending(sentence: str) -> str:
    last = sentence.rstrip(_CLOSERS)[-1:]
    return last if last and last in ".?!:" else "other"


def token_features(token: str, lexicon: Lexicon, ngrams: bool) -> list[str]:
    features = ["c:" + cls for cls in token_classes(token, lexicon)]
    if ngrams:
        features.append("w:" + normalise(token))
    return features


def sentence_features(sentence: str, lang: str, ngrams: bool) -> list[str]:
    """Every feature of a sentence by name, repeated as often as it occurs.

    ngrams=True is the English model's feature set, False the cross-lingual one. The fast
    scorer below adds up exactly these features' weights (tests hold it to that).
    """
    lexicon = lexicon_for(lang)
    tokens = sentence.split()
    features = [f for token in tokens for f in token_features(token, lexicon, ngrams)]
    if ngrams:
        words = [normalise(t) for t in tokens]
        features.extend(f"{BIGRAM_PREFIX}{a} {b}" for a, b in pairwise(words))
    features.append(_LENGTH_FEATURE[min(len(tokens), _LENGTH_CAP)])
    features.append("end:" + _ending(sentence))
    if tokens:
        features.extend("first:" + cls for cls in first_word_classes(tokens[0], lexicon))
    return features


# --------------------------------------------------------------------------------------------
# Weighting and scoring. A feature's value is count * idf / norm, where
#   norm = sqrt(sum of idf^2 over every occurrence of a feature that is not a bigram).
# That is the usual l2 norm except that repeats add linearly and bigrams stay out of it, which
# makes the numerator and the norm sums over tokens: each distinct token's share is computed
# once and cached, and bigrams cost one dict lookup each. Cross-validated, it ranks as well
# as the exact l2 norm.
# --------------------------------------------------------------------------------------------
def idf(df: int, n_documents: int) -> float:
    """scikit-learn's smoothed idf; training builds its matrix with this same function."""
    return math.log((1 + n_documents) / (1 + df)) + 1.0


def in_norm(feature: str) -> bool:
    return not feature.startswith(BIGRAM_PREFIX)


def reference_logit(features: list[str], model: dict) -> float:
    """The model's logit from named features: slow, plain, and the definition the scorer meets."""
    table, n = model["features"], model["n_documents"]
    numerator = norm2 = 0.0
    for name in features:
        entry = table.get(name)
        if entry is not None:
            coef, df = entry
            weight = idf(df, n)
            numerator += coef * weight
            if in_norm(name):
                norm2 += weight * weight
    return model["bias"] + (numerator / math.sqrt(norm2) if norm2 else 0.0)


_CACHE_LIMIT = 200_000  # distinct tokens per cache; cleared when full to bound memory
_CACHE_MAX_TOKEN = 64  # longer "tokens" (URLs, pasted blobs) are scored but not kept


class _Memo(dict):
    """token -> value computed on first sight; a worker's vocabulary is small next to its text."""

    def __init__(self, compute: Callable[[str], object]):
        super().__init__()
        self.compute = compute

    def __missing__(self, token: str):
        value = self.compute(token)
        if len(token) <= _CACHE_MAX_TOKEN:
            if len(self) >= _CACHE_LIMIT:
                self.clear()
            self[token] = value
        return value


class Scorer:
    """One model applied with one language's lexicon.

    A token's cached share is a complex number: real part = sum of coef * idf, imaginary part =
    sum of idf^2, so one C-level sum() per sentence yields both the numerator and the norm.
    """

    def __init__(self, model: dict, lang: str):
        n = model["n_documents"]
        share: dict[str, complex] = {}
        bigrams: dict[tuple[str, str], float] = {}
        for name, (coef, df) in model["features"].items():
            weight = idf(df, n)
            if in_norm(name):
                share[name] = complex(coef * weight, weight * weight)
            else:
                # Interned, so a hit compares the pair's strings by identity.
                first, second = name[len(BIGRAM_PREFIX) :].split(" ", 1)
                bigrams[(sys.intern(first), sys.intern(second))] = coef * weight
        get = share.get
        lexicon = lexicon_for(lang)
        ngrams = self.ngrams = bool(model["ngrams"])
        self.bias = float(model["bias"])

        def token_share(token: str) -> complex:
            return sum([get(f, 0j) for f in token_features(token, lexicon, ngrams)], 0j)

        def first_share(token: str) -> complex:
            return sum([get("first:" + c, 0j) for c in first_word_classes(token, lexicon)], 0j)

        self._token = _Memo(token_share)
        self._first = _Memo(first_share)
        self._words = _Memo(lambda token: sys.intern(normalise(token)))
        self._bigrams = bigrams
        self._length = [get(name, 0j) for name in _LENGTH_FEATURE]
        self._end = {e: get("end:" + e, 0j) for e in ".?!:"}  # the common, cheap case
        self._end_other = get("end:other", 0j)

    def scores(self, sentences: Iterable[str]) -> list[float]:
        # Everything is bound to locals and the sigmoid is inline: this loop is the budget.
        token = self._token.__getitem__
        first = self._first.__getitem__
        words = self._words.__getitem__
        bigram = self._bigrams.get
        length = self._length
        end = self._end.get
        ending = self._ending_share
        bias = self.bias
        ngrams = self.ngrams
        cap = _LENGTH_CAP
        zeros = repeat(0.0)
        sqrt = math.sqrt
        exp = math.exp
        out = []
        append = out.append
        for sentence in sentences:
            tokens = sentence.split()
            s = sum(map(token, tokens), length[min(len(tokens), cap)])
            e = end(sentence[-1:])
            s += ending(sentence) if e is None else e
            if tokens:
                s += first(tokens[0])
            numerator = s.real
            if ngrams and tokens:
                numerator += sum(map(bigram, pairwise(map(words, tokens)), zeros))
            z = bias + numerator / sqrt(s.imag) if s.imag > 0 else bias
            if z >= 0:
                append(1.0 / (1.0 + exp(-z)))
            else:
                # Split by sign so a huge logit (a 100 KB "sentence") cannot overflow exp().
                ez = exp(z)
                append(ez / (1.0 + ez))
        return out

    def _ending_share(self, sentence: str) -> complex:
        return self._end.get(_ending(sentence), self._end_other)


_MODELS: dict[str, dict] = {}
_SCORERS: dict[tuple[str, str], Scorer] = {}


def load_model(kind: str) -> dict:
    """The shipped model "en" or "xling", parsed once per process."""
    model = _MODELS.get(kind)
    if model is None:
        with open(MODEL_FILES[kind], encoding="utf-8") as f:
            model = _MODELS[kind] = json.load(f)
    return model


def scorer_for(lang: str) -> Scorer:
    key = ("en", "en") if lang == "en" else ("xling", lang if lang in LEXICONS else "other")
    scorer = _SCORERS.get(key)
    if scorer is None:
        scorer = _SCORERS[key] = Scorer(load_model(key[0]), key[1])
    return scorer


def score_sentences(sentences: list[str], lang: str) -> list[float]:
    """Check-worthiness 0..1 for each sentence. lang: 'en', 'it' or other."""
    return scorer_for(lang).scores(sentences)


def score_sentence(sentence: str, lang: str) -> float:
    return score_sentences([sentence], lang)[0]


# A rule stated (what it does, when it applies, whom it covers: "The ban applies from 1 January
# to every device sold online.") is check-worthy however plain its words. The models learnt
# from debate speech, where such sentences are rare, and score it like small talk (0.05-0.3).
# signals.py recognises them; their score is mapped into [POLICY_FLOOR, 1], keeping their
# order among themselves. bench/checkworthy_claimbuster.py measures ROC-AUC with this applied.
POLICY_FLOOR = 0.5


def lift_policy_facts(scores: list[float], policy: list[bool]) -> list[float]:
    """The scores with those of policy facts lifted above the threshold."""
    return [POLICY_FLOOR + (1.0 - POLICY_FLOOR) * s if p else s for s, p in zip(scores, policy)]

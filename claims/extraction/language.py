"""Language identification: Italian and English get their own rules; anything else
is named and processed with the language-independent rules, and the result says so.

py3langid ships its model inside the package (no download), is deterministic and got
every case of our it/en test set right (see LIBRARIES.md). Its guesses on a few words
are noisy ("DeepSeek R1" -> Afrikaans), so short texts fall back to the better of
it/en and low-confidence guesses are marked unknown.
"""

import threading
from dataclasses import dataclass

SUPPORTED = ("it", "en")
# Characters read to decide: enough for a stable guess, cheap on a 2 MB article.
_SAMPLE = 6000
_SHORT = 60
_MIN_CONFIDENCE = 0.5

_lock = threading.Lock()
_identifier = None


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "" when unknown
    confidence: float
    supported: bool
    note: str = ""


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                # norm_probs gives probabilities, so a confidence threshold means something.
                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE:
        return text
    # Beginning, middle and end: a long article may open with a quote in another language.
    third = _SAMPLE // 3
    mid = len(text) // 2
    return " ".join((text[:third], text[mid - third // 2 : mid + third // 2], text[-third:]))


def detect_language(text: str, hint: str = "auto") -> LanguageGuess:
    if hint and hint != "auto":
        code = hint.lower()
        return LanguageGuess(code, 1.0, code in SUPPORTED, "" if code in SUPPORTED else _unsupported_note(code))
    sample = _sample(text).strip()
    if not sample:
        return LanguageGuess("", 0.0, False, "No text to identify the language of.")
    identifier = _get_identifier()
    ranked = identifier.rank(sample)
    probs = dict(ranked)
    code, confidence = ranked[0]
    if code not in SUPPORTED and (len(sample) < _SHORT or confidence < _MIN_CONFIDENCE):
        # Few words: trust the better of the two languages we expect when it is plausible.
        best = max(SUPPORTED, key=lambda c: probs.get(c, 0.0))
        if probs.get(best, 0.0) >= 0.01 or len(sample) < _SHORT:
            return LanguageGuess(best, probs.get(best, 0.0), True)
    if confidence < _MIN_CONFIDENCE and code not in SUPPORTED:
        return LanguageGuess(
            "",
            confidence,
            False,
            "The language could not be identified; claims were extracted with language-independent rules.",
        )
    return LanguageGuess(code, confidence, code in SUPPORTED, "" if code in SUPPORTED else _unsupported_note(code))


def _unsupported_note(code: str) -> str:
    return (
        f"Language '{code}' has no dedicated rules yet (Italian and English do); claims were extracted with "
        "language-independent rules and may be less accurate."
    )

"""Numbers written as digits or words, in English and Italian, to one canonical token.

"sei", "6", "six" -> "6";  "un miliardo e mezzo", "1,5 miliardi", "1.5 billion",
"$1.5bn" -> "1500000000";  "per cento", "percent", "%" -> "pct".

The entry point is `canonical_tokens(tokens, lang)`: it takes the raw lower-cased word
tokens of a text (numbers with their separators kept as one token, e.g. "1,167,982",
"3,5", "1.5bn") and returns the token list with every number, in digits or words,
replaced by its canonical string (`fmt(value)`); "%" and percent words become "pct".
Quantities for the number guard (a number with its unit) are read in text.analyze_full.
"""

from __future__ import annotations

import re
from functools import lru_cache

PCT = "pct"

# ---------------------------------------------------------------- English words
_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dozen": 12,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Plural scale words ("millions of") count as the scale.
_EN_SCALES.update({w + "s": v for w, v in list(_EN_SCALES.items())})

# ---------------------------------------------------------------- Italian words
_IT_UNITS = [
    "zero",
    "uno",
    "due",
    "tre",
    "quattro",
    "cinque",
    "sei",
    "sette",
    "otto",
    "nove",
    "dieci",
    "undici",
    "dodici",
    "tredici",
    "quattordici",
    "quindici",
    "sedici",
    "diciassette",
    "diciotto",
    "diciannove",
]
_IT_TENS = {
    "venti": 20,
    "trenta": 30,
    "quaranta": 40,
    "cinquanta": 50,
    "sessanta": 60,
    "settanta": 70,
    "ottanta": 80,
    "novanta": 90,
}
_IT_SCALES = {
    "milione": 1_000_000,
    "milioni": 1_000_000,
    "miliardo": 1_000_000_000,
    "miliardi": 1_000_000_000,
    "bilione": 1_000_000_000_000,
    "bilioni": 1_000_000_000_000,
    "mln": 1_000_000,
    "mld": 1_000_000_000,
    "mrd": 1_000_000_000,
}


def _it_0_999() -> dict[str, int]:
    """Every Italian number word from 0 to 999 (accents already stripped: "ventitre")."""
    words = {w: i for i, w in enumerate(_IT_UNITS)}
    for tens_word, tens in _IT_TENS.items():
        words[tens_word] = tens
        for unit in range(1, 10):
            unit_word = _IT_UNITS[unit]
            # "ventuno", "ventotto": the tens lose their last vowel before uno/otto
            stem = tens_word[:-1] if unit_word[0] in "uo" else tens_word
            words[stem + unit_word] = tens + unit
    below_100 = dict(words)
    for hundreds in range(1, 10):
        prefix = "" if hundreds == 1 else _IT_UNITS[hundreds]
        words[prefix + "cento"] = hundreds * 100
        for word, value in below_100.items():
            if value == 0:
                continue
            # "centottanta", "duecentotto": "cento" may drop its o before "ottanta"/"otto"
            words[prefix + "cento" + word] = hundreds * 100 + value
            if word.startswith("o"):
                words[prefix + "cent" + word] = hundreds * 100 + value
    return words


_IT_WORDS = _it_0_999()


@lru_cache(maxsize=20_000)
def italian_word_value(word: str) -> int | None:
    """The value of one Italian number word ("duemilaventi" -> 2020), or None."""
    if word in _IT_WORDS:
        return _IT_WORDS[word]
    if word.startswith("mille"):
        rest = word[5:]
        if not rest:
            return 1000
        tail = _IT_WORDS.get(rest)
        return 1000 + tail if tail else None
    if "mila" in word:
        head, _, rest = word.partition("mila")
        lead = _IT_WORDS.get(head)
        if lead is None or lead < 2:
            return None
        if not rest:
            return lead * 1000
        tail = _IT_WORDS.get(rest)
        return lead * 1000 + tail if tail else None
    return None


# ---------------------------------------------------------------- digits
_DIGITS = re.compile(r"^(\d+(?:[.,]\d+)*)(k|m|mn|mln|b|bn|mld|mrd|%)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "mld": 1e9, "mrd": 1e9}


def parse_digits(token: str, lang: str) -> tuple[float, bool] | None:
    """'1,167,982' -> 1167982; '3,5' -> 3.5; '1.5bn' -> 1.5e9; '10%' -> (10, True).

    Returns (value, is_percent) or None. A single separator followed by exactly three
    digits is a thousands separator when it is the language's own (',' in English, '.'
    in Italian), a decimal point otherwise.
    """
    m = _DIGITS.match(token)
    if not m:
        return None
    body, suffix = m.group(1), m.group(2)
    groups = re.split(r"[.,]", body)
    if len(groups) == 1:
        value = float(body)
    elif _THOUSANDS.match(body):
        sep = _THOUSANDS.match(body).group(1)
        if len(groups) > 2 or sep == ("," if lang != "it" else "."):
            value = float(body.replace(sep, ""))
        else:
            value = float(body.replace(",", "."))
    elif len(groups) == 2:
        value = float(groups[0] + "." + groups[1])
    else:  # mixed separators "1.234,5" / "1,234.5": the last one is the decimal point
        last = max(body.rfind("."), body.rfind(","))
        value = float(re.sub(r"[.,]", "", body[:last]) + "." + body[last + 1 :])
    if suffix == "%":
        return value, True
    if suffix:
        value *= _SUFFIX[suffix]
    return value, False


def fmt(value: float) -> str:
    """Canonical text of a number: '1500000', '1.5', '0.25'."""
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.6f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- word sequences
_PERCENT_WORDS = {"percent", "percento", "pct", "%"}
_ONE_BEFORE_SCALE = {"a", "an", "one", "un", "uno", "una"}
_HALF = {"en": "half", "it": "mezzo"}
_AND = {"en": "and", "it": "e"}


def _word_value(word: str, lang: str):
    """('unit'|'tens'|'scale', value) for a number word in `lang`, else None."""
    if lang == "it":
        if word in _IT_SCALES:
            return "scale", _IT_SCALES[word]
        if word in ("mila", "mille"):
            return "scale", 1000
        if word in ("cento",):
            return "unit", 100
        value = italian_word_value(word)
        if value is not None:
            return "unit", value
        return None
    if word in _EN_UNITS:
        return "unit", _EN_UNITS[word]
    if word in _EN_TENS:
        return "tens", _EN_TENS[word]
    if word in _EN_SCALES:
        return "scale", _EN_SCALES[word]
    return None


def _is_scale(word: str | None, lang: str) -> bool:
    if word is None:
        return False
    kind = _word_value(word, lang)
    return bool(kind and kind[0] == "scale") or word in _SCALE_ABBREVIATIONS


# abbreviations that stand alone after digits ("1.5 bn"); "m" and "b" do not (metres, ...)
_SCALE_ABBREVIATIONS = {"bn", "mn", "mln", "mld", "mrd"}


def canonical_tokens(tokens: list[str], lang: str) -> list[str]:
    """Replace numbers (digits or words, with scales and 'and a half') by canonical tokens.

    `tokens` are lower-cased, accent-free word tokens; digit tokens keep their separators.
    """
    lang = "it" if lang == "it" else "en"
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        # percent written as two words: "per cento" / "per cent"
        if tok == "per" and i + 1 < n and tokens[i + 1] in ("cento", "cent"):
            out.append(PCT)
            i += 2
            continue
        if tok in _PERCENT_WORDS:
            out.append(PCT)
            i += 1
            continue
        value, j, pct = _read_number(tokens, i, lang)
        if value is None:
            out.append(tok)
            i += 1
            continue
        out.append(fmt(value))
        if pct:
            out.append(PCT)
        i = j
    return out


def _read_number(tokens: list[str], i: int, lang: str):
    """Read one number starting at tokens[i]: (value, next index, is_percent) or (None, i, False)."""
    n = len(tokens)
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < n else None
    parsed = parse_digits(tok, lang) if tok[:1].isdigit() else None
    if parsed is not None:
        value, pct = parsed
        j = i + 1
        if pct:
            return value, j, True
        # "1.5 billion", "3 mila", "2 milioni e mezzo"
        while j < n and _is_scale(tokens[j], lang):
            scale = _word_value(tokens[j], lang)
            value *= scale[1] if scale else _SUFFIX[tokens[j]]
            j += 1
        value, j = _and_a_half(tokens, j, value, lang)
        return value, j, False
    if tok in _ONE_BEFORE_SCALE and not _is_scale(nxt, lang):
        # "one and a half billion" / "una e mezzo"
        half_then_scale = _half_before_scale(tokens, i + 1, lang)
        if half_then_scale:
            return 1.5 * half_then_scale[0], half_then_scale[1], False
    if tok in _ONE_BEFORE_SCALE:
        # "a million", "un miliardo": the article counts only before a scale word
        if not _is_scale(nxt, lang) or nxt in ("hundreds", "thousands", "millions", "billions"):
            return None, i, False
        total, j = _read_words(tokens, i + 1, lang, start=1)
        total, j = _and_a_half(tokens, j, total, lang)
        return total, j, False
    if _word_value(tok, lang) is None:
        return None, i, False
    # a bare plural scale ("millions of people") is a quantity word, not a number
    if tok in ("hundreds", "thousands", "millions", "billions", "trillions", "milioni", "miliardi"):
        return None, i, False
    total, j = _read_words(tokens, i, lang, start=None)
    if j == i:
        return None, i, False
    half_then_scale = _half_before_scale(tokens, j, lang)
    if half_then_scale:  # "two and a half million"
        return (total + 0.5) * half_then_scale[0], half_then_scale[1], False
    total, j = _and_a_half(tokens, j, total, lang)
    return total, j, False


def _read_words(tokens, i, lang, start):
    """Accumulate number words from tokens[i]; `start` is an implicit leading value (for 'a million')."""
    total, current = 0.0, float(start) if start is not None else None
    j, n = i, len(tokens)
    last_kind = None
    while j < n:
        word = tokens[j]
        kind = _word_value(word, lang)
        if kind is None:
            # "one hundred and five": 'and' joins only when a smaller number word follows
            if (
                word == _AND[lang]
                and lang == "en"
                and j + 1 < n
                and last_kind == "scale"
                and (_word_value(tokens[j + 1], lang) or ("", 0))[0] in ("unit", "tens")
            ):
                j += 1
                continue
            break
        kind_name, value = kind
        if kind_name == "scale":
            if current is None and total == 0:
                break  # a scale word with nothing before it
            base = current if current is not None else 0.0
            if value == 100:
                current = (base or 1) * 100
            else:
                total += (base or 1) * value
                current = None
        else:
            if current is not None and last_kind in ("unit",) and kind_name == "unit" and lang == "en":
                break  # "two three": two numbers, stop at the first
            if lang == "it" and current is not None and last_kind == "unit":
                break
            current = (current or 0.0) + value
        last_kind = kind_name
        j += 1
    if j == i:
        return 0.0, i
    return total + (current or 0.0), j


def _and_a_half(tokens, j, value, lang):
    """'... e mezzo' / '... and a half' adds half of the last scale (1.5 billion)."""
    n = len(tokens)
    if lang == "it" and j + 1 < n and tokens[j] == "e" and tokens[j + 1] == "mezzo":
        return value + _half_unit(value), j + 2
    if lang == "en" and j + 2 < n and tokens[j] == "and" and tokens[j + 1] == "a" and tokens[j + 2] == "half":
        return value + _half_unit(value), j + 3
    return value, j


def _half_before_scale(tokens, j, lang):
    """'and a half million' / 'e mezzo milioni' at tokens[j]: (scale, next index) or None."""
    words = ["and", "a", "half"] if lang == "en" else ["e", "mezzo"]
    k = j + len(words)
    if tokens[j:k] == words and k < len(tokens) and _is_scale(tokens[k], lang):
        kind = _word_value(tokens[k], lang)
        if kind and kind[1] >= 1000:
            return kind[1], k + 1
    return None


def _half_unit(value: float) -> float:
    for scale in (1e12, 1e9, 1e6, 1e3):
        if value >= scale:
            return scale / 2
    return 0.5

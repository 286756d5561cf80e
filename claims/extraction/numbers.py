"""Numbers and quantities in a sentence: money, percentages, measured quantities, counts, years,
dates, ordinals and ages, in Italian and English conventions. A number inside a name ("Il Sole
24 Ore", "Radio 24", "Boeing 737") is not one.

Each item is {"text", "value", "unit", "kind"}. `value` is a float, except for kind "date", whose
value is an ISO 8601 string ("2024-03-03", "2024-03", or "--03-03" when the year is missing).
Units: ISO 4217 codes for money ("EUR", "USD/hour"), "%" or "pp" (percentage points) for
percentages, a short unit name for quantities ("km", "t", "hour"), "" otherwise.
"""

import math
import re

from .entities import NUMBERED_NAMES, STOPWORDS
from .lexicon_en import DAYS as _DAYS_EN
from .lexicon_en import MONTHS as _MONTHS_EN
from .lexicon_en import NUMBER_LABELS as _LABELS_EN
from .lexicon_it import DAYS as _DAYS_IT
from .lexicon_it import MONTHS as _MONTHS_IT
from .lexicon_it import NUMBER_LABELS as _LABELS_IT

SCALES = {
    "mila": 3,
    "thousand": 3,
    "k": 3,
    "milione": 6,
    "milioni": 6,
    "mln": 6,
    "million": 6,
    "millions": 6,
    "mn": 6,
    "m": 6,
    "miliardo": 9,
    "miliardi": 9,
    "mld": 9,
    "mrd": 9,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "b": 9,
    # Italian keeps the long scale: "bilione" is 10^12.
    "bilione": 12,
    "bilioni": 12,
    "trillion": 12,
    "tn": 12,
}
CURRENCIES = {
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "€": "EUR",
    "dollari": "USD",
    "dollaro": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "$": "USD",
    "sterline": "GBP",
    "sterlina": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "£": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yen": "JPY",
    "jpy": "JPY",
    "¥": "JPY",
    "franchi": "CHF",
    "franco": "CHF",
    "francs": "CHF",
    "franc": "CHF",
    "chf": "CHF",
    "rupie": "INR",
    "rupees": "INR",
    "rupee": "INR",
    "inr": "INR",
    "rubli": "RUB",
    "rubles": "RUB",
    "ruble": "RUB",
    "roubles": "RUB",
    "rub": "RUB",
}
UNITS = {
    "km/h": "km/h",
    "mph": "mph",
    "km²": "km²",
    "km2": "km²",
    "m²": "m²",
    "mq": "m²",
    "km": "km",
    "chilometri": "km",
    "chilometro": "km",
    "kilometri": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miglia": "mi",
    "miles": "mi",
    "mile": "mi",
    "metri": "m",
    "metro": "m",
    "meters": "m",
    "metres": "m",
    "ettari": "ha",
    "hectares": "ha",
    "acres": "acre",
    "kg": "kg",
    "chili": "kg",
    "chilogrammi": "kg",
    "kilograms": "kg",
    "tonnellate": "t",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "litri": "l",
    "litres": "l",
    "liters": "l",
    "barili": "barrel",
    "barrels": "barrel",
    "barrel": "barrel",
    "kwh": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "twh": "TWh",
    "kw": "kW",
    "mw": "MW",
    "gw": "GW",
    "gb": "GB",
    "tb": "TB",
    "mb": "MB",
    "ghz": "GHz",
    "nm": "nm",
    "°c": "°C",
    "°f": "°F",
    "gradi": "deg",
    "degrees": "deg",
    "ore": "hour",
    "hours": "hour",
    "hour": "hour",
    "minuti": "minute",
    "minutes": "minute",
    "giorni": "day",
    "days": "day",
    "day": "day",
    "settimane": "week",
    "weeks": "week",
    "mesi": "month",
    "months": "month",
    "anni": "year",
    "years": "year",
    "year": "year",
    "volte": "times",
    "times": "times",
    "punti": "points",
    "points": "points",
}
MONTHS = {**{k.lower(): v for k, v in _MONTHS_EN.items()}, **_MONTHS_IT}
STATISTIC_KINDS = frozenset({"money", "percent", "quantity", "count"})
# Suffixes read only when glued to the digits: "1st", "3°", "$1.5bn", "$50k", "5m" ("5 m" and
# "5 b" are too ambiguous to read).
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th", "°", "º", "ª")
_GLUED_SCALES = {"bn": 9, "mn": 6, "tn": 12, "k": 3, "m": 6, "b": 9}

MONTH, SCALE, GLUED_SCALE, ORDINAL, CURRENCY, UNIT, PERCENT, PERCENT_START = range(8)


def _suffix_table():
    """Every word that may follow a number -> (role, payload), in the spellings running text
    uses (lower, Capitalised, UPPER), so that one dict lookup decides."""
    table = {word: (MONTH, number) for word, number in MONTHS.items()}
    table.update({word: (SCALE, exponent) for word, exponent in SCALES.items()})
    table.update({word: (GLUED_SCALE, exponent) for word, exponent in _GLUED_SCALES.items()})
    table.update({word: (ORDINAL, None) for word in _ORDINAL_SUFFIXES})
    table.update({word: (CURRENCY, code) for word, code in CURRENCIES.items()})
    table.update({word: (UNIT, name) for word, name in UNITS.items()})
    for name in UNITS.values():  # mixed-case spellings as is: "GWh", "kWh", "GHz"
        if name != name.lower() and name != name.upper():
            table.setdefault(name, (UNIT, name))
    table.update({"%": (PERCENT, "%"), "percent": (PERCENT, "%"), "percento": (PERCENT, "%"), "pp": (PERCENT, "pp")})
    # First words of "per cento", "punti percentuali", "percentage points", "p.p."; the
    # payload is the reading when the phrase does not follow ("5 punti" are points).
    for word in ("per", "punti", "punto", "percentage", "p"):
        table[word] = (PERCENT_START, table.get(word))
    del table["may"]  # "these 2 may differ"; only "May" is the month
    spelled = {}
    for word, info in table.items():
        forms = {word, word.capitalize(), word.upper()} if word.islower() else {word}
        for form in forms:
            spelled.setdefault(form, info)
    spelled["May"] = (MONTH, 5)
    spelled.pop("MAY", None)
    for glued in _GLUED_SCALES:  # "5M", "$3B", "$50K": glued capitals are scales too
        spelled[glued.upper()] = (GLUED_SCALE, _GLUED_SCALES[glued])
    return spelled


SUFFIXES = _suffix_table()

# Where a number can start; the full pattern is then tried there (see find_numbers).
_START = re.compile(r"[0-9$€£¥]")
# The digits and the word after them; _item() reads the word from SUFFIXES and looks further
# only when it asks for more ("1.5 miliardi di euro", "6 dollari l'ora", "3 marzo 2024").
# A generic word keeps this pattern small: the trie of every unit spelling made it 5 KB and
# three times slower.
_NUMBER = re.compile(
    r"([$€£¥]\s?)?"
    # Both conventions: 2.300,50 and 2,300.50; 1 000 with a no-break or thin space.
    r"(\d(?:[\d.,\u00a0\u202f]*\d)?)"
    r"(?:"
    # Numeric dates: 03/03/2024, 2024-03-03.
    r"(/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])|-\d{2}-\d{2}(?!\d))"
    # "15- percent", "25°C", "7nm", "$1.5bn", "10 mila".
    r"|(\s*-?\s*)([^\W\d_]+(?:²|/h)?|%|°[CF]?|[ºª€$£¥])"
    r")?"
)
# The word after a scale, an ordinal or a connector: "miliardi di euro", "1st of March".
_NEXT = re.compile(r"\s*(?:(?:di|of)\s+|d['’]\s*)?([^\W\d_]+|[%€$£¥])(?![\w²])")
_PERCENT_PHRASE = re.compile(
    r"\s*-?\s*(?:per\s?cento|per\s?cent|punti\s+percentuali|punto\s+percentuale"
    r"|percentage\s+points?|p\.p\.)(?!\w)"
)
# "6 dollari l'ora", "$15 an hour", "3 euro al chilo", "100 dollari al barile".
_RATE = re.compile(
    r"\s*(?:l['’]\s*|all['’]\s*|al\s+|a\s+|an\s+|per\s+|pro\s+|/\s?)"
    r"([^\W\d_]+)(?!\w)"
)
# What a rate's first two characters can be: " l'ora", " al mese", " a year", " per hour", "/h".
_RATE_OPENINGS = frozenset(
    {" l", " a", " p", "/h", "/o", "/m", "/a", "/y", "/d", "/w", "/k", "/b", "/c", "/g", "/ ", " /"}
)
_RATES = {
    "ora": "hour",
    "hour": "hour",
    "h": "hour",
    "giorno": "day",
    "day": "day",
    "settimana": "week",
    "week": "week",
    "mese": "month",
    "month": "month",
    "anno": "year",
    "year": "year",
    "capita": "capita",
    "capite": "capita",
    "chilo": "kg",
    "kg": "kg",
    "litro": "l",
    "barile": "barrel",
    "barrel": "barrel",
    "kwh": "kWh",
    "mwh": "MWh",
}
_CODE_TAIL = re.compile(r"[\w.,\-]*")
_DIGITS = re.compile(r"[\d.,]*")
_YEAR_AFTER = re.compile(r",?\s+(\d{4})(?!\d)")
_SIGNS = "+-−±"
_DASHES = frozenset("-–")
_DECIMAL_SEPARATOR = {"it": ",", "en": "."}
_DOLLAR_PREFIXES = (("US", "USD"), ("HK", "HKD"), ("NZ", "NZD"), ("A", "AUD"), ("C", "CAD"))
# Last three characters of a month name ("rch", "rzo", "an."): a cheap test before looking
# back for "March 3" or "marzo 2024".
_MONTH_ENDINGS = frozenset(
    {form[-3:] for m in MONTHS for form in (m, m.capitalize())}
    | {form[-2:] + "." for m in MONTHS for form in (m, m.capitalize())}
)
_CODE = object()  # _item() result for a product code: skip the whole token
_UNKNOWN = (None, None)
# Words that may follow a scale and change the kind: currencies, units, percent, connectors
# ("di euro", "of dollars", "d'euro").
_SCALE_FOLLOWERS = frozenset(
    {w for w, (role, _) in SUFFIXES.items() if role in (CURRENCY, UNIT, PERCENT)}
    | {"di", "of", "d'euro", "d’euro", "d'", "d’", "per", "Per"}
)
_KIND_OF = {CURRENCY: "money", UNIT: "quantity", PERCENT: "percent"}


def find_numbers(sentence, lang, starts=None):
    """Numbers in order of appearance, as items (see the module docstring).

    `starts` may list where numbers begin (phrases.scan() finds them on its pass: a digit or a
    currency sign after a space, so never inside "H20"); without it the sentence is searched."""
    if starts is None:
        starts = _starts(sentence)
    found = []
    # Texts already found: a list is faster for the usual one or two, a set for thousands.
    texts = [] if len(starts) < 16 else set()
    add = texts.append if len(starts) < 16 else texts.add
    pos = 0
    match = _NUMBER.match
    for i in starts:
        while i >= pos:
            m = match(sentence, i)
            if m is None:  # a lone currency sign
                break
            result = _item(sentence, m, i, sentence[i - 1] if i else " ", lang)
            if result is None:
                pos = m.end(2)
            elif result is _CODE:
                pos = _CODE_TAIL.match(sentence, m.end(2)).end()
            else:
                pos, item = result
                if item["text"] not in texts:
                    add(item["text"])
                    found.append(item)
            # The second end of a range starts after a dash, not a space: "2023-2024", "3-4%".
            if sentence[pos : pos + 1] in _DASHES and sentence[pos + 1 : pos + 2].isdigit():
                i = pos + 1
            else:
                break
    return found


def _starts(sentence):
    """Where numbers may start, skipping digits glued to letters: product and model codes such
    as H20, R2, A380, GPT-4, COVID-19, F-35 (5G, 4K and 3D are caught after the number)."""
    starts = []
    pos = 0
    while True:
        start_match = _START.search(sentence, pos)
        if start_match is None:
            return starts
        i = start_match.start()
        before = sentence[i - 1] if i else " "
        if sentence[i].isdigit() and (
            before.isalpha() or before == "_" or (before in "-‑" and i > 1 and sentence[i - 2].isalpha())
        ):
            pos = _CODE_TAIL.match(sentence, i + 1).end()
            continue
        starts.append(i)
        pos = _DIGITS.match(sentence, i + 1).end()


def _item(sentence, m, start, before, lang):
    """(end, item) for one match; None to skip it, _CODE for a product code ("5G")."""
    cur, num, ndate, space, word = m.groups()
    if ndate:
        return _numeric_date(sentence, start, m.end(3), num, ndate, lang)
    end = m.end(2)
    if cur is None and before == " " and num.isdigit() and _in_a_name(sentence, start, end):
        return None  # "Il Sole 24 Ore", "Radio 24", "Channel 4 News": a name, not a figure
    kind = "count"
    unit = ""
    exponent = 0
    if word is not None:
        role, payload = SUFFIXES.get(word, _UNKNOWN)
        if role is None:
            if not space:
                return _CODE  # "5G", "4K", "3D"
            if word == "of" or word == "di":
                # "3 of March", "1.000.000 di euro"; "5 of them" stays a count.
                following = _NEXT.match(sentence, end)
                if following:
                    role, payload = SUFFIXES.get(following.group(1), _UNKNOWN)
                    if role == MONTH or role == CURRENCY:
                        end = following.end()
                    else:
                        role = None
        else:
            end = m.end(5)
            if role == PERCENT_START:  # "per cento", "punti percentuali" (not "punti")
                phrase = _PERCENT_PHRASE.match(sentence, m.end(2))
                if phrase:
                    role = PERCENT
                    payload = "%" if word.lower() == "per" else "pp"
                    end = phrase.end()
                elif payload is not None:
                    role, payload = payload
                else:
                    role = None
                    end = m.end(2)
            elif role == GLUED_SCALE or role == ORDINAL:
                if space:
                    role = None  # "5 m", "5 b", "3 th": too ambiguous once detached
                    end = m.end(2)
                elif role == GLUED_SCALE and len(word) == 1 and not cur and word not in "mM":
                    return _CODE  # "4K", "8B": a resolution or a model size; "$50k" is money
        if role is not None:
            if role == PERCENT:
                kind, unit = "percent", payload
            elif role == SCALE:
                exponent = payload
                # "1.5 miliardi di euro", "5 million dollars", "2 milioni di tonnellate". Most
                # scales are followed by a noun ("23 million Americans"): a set lookup of the
                # next word rules those out without a regex match.
                following = sentence[end + 1 : end + 12].split(" ", 1)[0].rstrip(".,;:)")
                if following in _SCALE_FOLLOWERS:
                    following = _NEXT.match(sentence, end)
                    if following:
                        role2, payload2 = SUFFIXES.get(following.group(1), _UNKNOWN)
                        if role2 == CURRENCY or role2 == UNIT or role2 == PERCENT:
                            kind, unit = _KIND_OF[role2], payload2
                            end = following.end()
            elif role == CURRENCY:
                kind, unit = "money", payload
            elif role == UNIT:
                kind, unit = "quantity", payload
                if payload == "year" and sentence.startswith("-old", end):
                    kind, end = "age", end + 4  # "a 34-year-old man": who, not how much
            elif role == MONTH:
                return _day_month_date(sentence, start, end, num, payload)
            elif role == ORDINAL:
                kind = "ordinal"
                following = _NEXT.match(sentence, end)
                month = following and SUFFIXES.get(following.group(1))
                if month and month[0] == MONTH:  # "1° gennaio", "3rd of March"
                    return _day_month_date(sentence, start, following.end(), num, month[1])
            elif not cur and word in "mM":  # GLUED_SCALE
                kind, unit = "quantity", "m"  # "100m" without a currency: metres
            else:
                exponent = payload
    if cur is not None:
        kind = "money"
        unit = CURRENCIES[cur.strip()]
        if start and sentence[start - 1].isalpha() and cur[0] == "$":
            for prefix, code in _DOLLAR_PREFIXES:  # "US$", "HK$"
                if sentence.startswith(prefix, start - len(prefix)):
                    start -= len(prefix)
                    unit = code
                    break
    if (kind == "money" or kind == "quantity") and sentence[end : end + 2] in _RATE_OPENINGS:
        rate = _RATE.match(sentence, end)
        if rate is not None:
            per = _RATES.get(rate.group(1).lower())
            if per:
                unit += "/" + per
                end = rate.end()
    negative = False
    if before in _SIGNS and not (start > 1 and sentence[start - 2].isalnum()):
        start -= 1  # "+4,2%", "-3%"; "2023-2024" is a range, not a negative number
        negative = before in "-−"
    value = num if num.isdigit() else _decimal(num, lang)
    if kind == "count" and not exponent and "." not in value:
        if before == " ":
            if sentence[start - 4 : start - 1] in _MONTH_ENDINGS:
                month_date = _month_first_date(sentence, start, end, value)
                if month_date is not None:
                    return month_date
            if len(num) == 4 and 1800 <= int(value) <= 2100:
                kind = "year"
            elif _after_a_name(sentence, start) or _after_a_label(sentence, start):
                return None  # "Boeing 737", "Windows 11", "la linea 4": a name or a label
        elif len(num) == 4 and 1800 <= int(value) <= 2100:
            kind = "year"
    if exponent:  # parsed as text, so 1.1 billion is 1100000000.0, not 1100000000.0000002
        value = f"{value}e{exponent}"
    number = float(value)
    if not math.isfinite(number):
        # 309 digits or more overflow to infinity, which JSON (and PostgreSQL's json) cannot
        # hold: such a "number" is junk, not a quantity anyone reports.
        return None
    return end, {
        "text": sentence[start:end],
        "value": -number if negative else number,
        "unit": unit,
        "kind": kind,
    }


def _decimal(raw, lang):
    """Digits with separators -> a plain decimal string, by the language's convention.

    Italian writes 2.300,50 and English 2,300.50; when only one separator is followed by
    exactly three digits ("1.500", "5,000") the language decides, and for other languages
    it is read as a thousands separator."""
    if lang == "en" and "," not in raw and raw.count(".") == 1:
        return raw  # the common English case, "6.9"
    if not raw.isascii():
        raw = raw.replace("\u00a0", "").replace("\u202f", "")
    commas, dots = raw.count(","), raw.count(".")
    if not commas and not dots:
        return raw
    if commas and dots:  # the last separator is the decimal one
        head, _, tail = raw.rpartition("," if raw.rfind(",") > raw.rfind(".") else ".")
        return head.replace(",", "").replace(".", "") + "." + tail
    sep = "," if commas else "."
    if commas + dots > 1:
        return raw.replace(sep, "")
    head, tail = raw.split(sep)
    if len(tail) == 3 and head != "0":
        if sep != _DECIMAL_SEPARATOR.get(lang):
            return head + tail
    return head + "." + tail


def _day_month_date(sentence, start, end, day, month):
    """ "3 marzo 2024", "1° gennaio", "3rd of March, 2024"."""
    if not day.isdigit() or len(day) > 2 or not 1 <= int(day) <= 31:
        return None
    year = _YEAR_AFTER.match(sentence, end)
    if year:
        end = year.end()
    iso = f"{year.group(1) if year else '-'}-{month:02d}-{int(day):02d}"
    return end, {"text": sentence[start:end], "value": iso, "unit": "", "kind": "date"}


def _numeric_date(sentence, start, end, first, rest, lang):
    if rest[0] == "-":  # ISO 2024-03-03
        year, month, day = int(first), int(rest[1:3]), int(rest[4:6])
    else:
        a, b, year = int(first), *map(int, rest[1:].split("/"))
        # US order (month first) in English unless impossible; day first elsewhere.
        month, day = (a, b) if lang == "en" and a <= 12 else (b, a)
        if year < 100:
            year += 2000 if year < 50 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return end, {"text": sentence[start:end], "value": f"{year:04d}-{month:02d}-{day:02d}", "unit": "", "kind": "date"}


def _month_first_date(sentence, start, end, num):
    """ "March 3, 2024", "Jan. 5", "marzo 2024", "March 2024"."""
    word_start = sentence.rfind(" ", 0, start - 1) + 1
    word = sentence[word_start : start - 1].rstrip(".,")
    month_number = MONTHS.get(word.lower()) if word else None
    if month_number is None or word == "may":
        return None
    if len(num) == 4:
        iso = f"{num}-{month_number:02d}"
    elif len(num) <= 2 and 1 <= int(num) <= 31:
        year = _YEAR_AFTER.match(sentence, end)
        if year:
            end = year.end()
            iso = f"{year.group(1)}-{month_number:02d}-{int(num):02d}"
        else:
            iso = f"--{month_number:02d}-{int(num):02d}"
    else:
        return None
    return end, {"text": sentence[word_start:end], "value": iso, "unit": "", "kind": "date"}


# Capitalised words that are dates, not names: "Friday 3 March", "Giugno 2024".
_DATE_WORDS = frozenset(set(_MONTHS_EN) | {m.capitalize() for m in _MONTHS_IT} | set(_DAYS_EN) | set(_DAYS_IT))


def _in_a_name(sentence, start, end):
    """True for a bare number inside a name: after a word that takes a number ("Radio 24",
    "Formula 1"), or between two capitalised words ("Il Sole 24 Ore", "Channel 4 News")."""
    if start < 2:
        return False
    word = sentence[sentence.rfind(" ", 0, start - 1) + 1 : start - 1]
    if not word or not word[0].isupper() or not word.isalpha() or word in STOPWORDS or word in _DATE_WORDS:
        return False
    if word in NUMBERED_NAMES:
        return True
    if sentence[end : end + 1] != " ":
        return False
    following = sentence[end + 1 : end + 24].split(" ", 1)[0].rstrip(".,;:)»”")
    return following[:1].isupper() and following.isalpha() and following not in _DATE_WORDS


_NUMBER_LABELS = frozenset(_LABELS_EN | _LABELS_IT)


def _after_a_label(sentence, start):
    """True for a bare number after a word it labels: "la linea 4", "phase 2"."""
    word_start = sentence.rfind(" ", 0, start - 1) + 1
    return sentence[word_start : start - 1].lower() in _NUMBER_LABELS


def _after_a_name(sentence, start):
    """True for a bare number right after a capitalised word that does not open the sentence."""
    word_start = sentence.rfind(" ", 0, start - 1) + 1
    if word_start == 0:
        return False
    word = sentence[word_start : start - 1]
    return bool(word) and word[0].isupper() and word.isalnum() and word not in STOPWORDS

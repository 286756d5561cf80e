r"""One pass over the words of a sentence: attribution and hedge phrases, the markers behind the
claim type, and where numbers start.

Every phrase table of a language (lexicon_it.py, lexicon_en.py) is compiled, once at import, into
a regular expression shaped like a trie ("s(?:e(?:condo...)|a(?:id...))"). Python's `re` has no
Aho-Corasick: a flat alternation of 300 phrases is tried branch by branch at every position
(~9 us per sentence here), while a trie tries one literal per first letter. Measured on the seed
sentences, what keeps the pass near 1 us:
  - a literal " " in front, so the engine jumps from space to space with its fast literal search
    (a `\\W` charset is checked character by character and costs 3 us on its own);
  - lower-case tables with literal letters: a `[sS]` class is a function call per branch, and
    a second, capitalised copy of every first letter doubles the branches tried at each word;
  - number starts (a digit after a space) as one more branch of the same pass, instead of a
    search of every character: "H20" and "R2" never reach the number parser;
  - no capturing groups: marker groups cost twice the whole scan. Which table a phrase came from
    is looked up afterwards (a dict of literal phrases, then a second regex with an empty marker
    group per branch, run on the matched text only, memoised).
"""

import datetime
import re

from . import entities, lexicon_en, lexicon_it

ATTRIBUTION = 1
HEDGE = 2
OPINION = 4
PREDICTION = 8
COMPARISON = 16
CAUSAL = 32
EVALUATIVE = 64
PREDICTION_YEAR = 128  # "entro il 2030", "by 2030": a prediction only if the year is not past
NUMBER_HINT = 256  # "l'8%": an elided article before a number
QUOTE_HINT = 512  # a quotation mark: analyse() looks for quotes
ELIDED_NAME = 1024  # "dell'Istat": a name glued to an elision, missed by the spaced search
# A policy fact: a rule ("the ban", "il decreto") and what it does, when it applies or whom it
# covers ("applies from", "entra in vigore", "riguarda"). Both must be there.
RULE_NOUN = 2048
RULE_VERB = 4096
# What keeps a sentence about a rule from stating one: the writer or a hypothetical speaking
# ("we need a law that applies to everyone", "servirebbe una norma").
ADVOCACY = 8192
RATIO = 16384  # "un italiano su quattro", "one in five children": a proportion in words
SAYING_OR_OTHER = 32768  # an attribution ending in a verb of saying with another sense ("riporta")

_THIS_YEAR = datetime.date.today().year

# A phrase ends at a word boundary, right after an elision apostrophe ("all'", "dell'"), or
# after the digit that follows one ("l'8": the number goes on, "l'80%").
_GUARD = r"(?:(?<=['’\d])|(?!\w))"
# Numbers and names also follow an Italian elision: "l'8%", "dell'11%", "dell'Istat".
_ELIDED = ("l'", "dell'", "all'", "nell'", "dall'", "sull'", "d'", "un'", "quell'", "coll'")
# The number's first digit is part of the token (" l'8"), so that it differs from the name's
# (" l'"): scan() finds where the number starts by searching for the token.
_ELISIONS = (
    (tuple((elided, r"\d") for elided in _ELIDED), NUMBER_HINT),
    (tuple((elided, r"(?=[A-ZÀ-ÖØ-Þ])") for elided in _ELIDED), ELIDED_NAME),
)
# The branches that are not phrases: a digit, a currency sign, or a sign (checked before one
# in scan(): a class test per word is cheaper than a second branch with a lookahead), and
# "US$" (the other dollars, "HK$5", are rare enough to leave to find_numbers() alone).
_NUMBER_BRANCH = r"[0-9$€£¥+\-−]|US\$"
_NUMBER_FIRST = frozenset("0123456789$€£¥+-−U")
_DIGIT_OR_CURRENCY = frozenset("0123456789$€£¥")


def _tables(lex):
    return (
        (lex.ATTRIBUTION, ATTRIBUTION),
        (lex.HEDGES, HEDGE),
        (lex.OPINION, OPINION),
        (lex.PREDICTION, PREDICTION),
        (lex.PREDICTION_YEAR, PREDICTION_YEAR),
        (lex.COMPARISON, COMPARISON),
        (lex.CAUSAL, CAUSAL),
        (lex.EVALUATIVE, EVALUATIVE),
        (lex.RULE_NOUNS, RULE_NOUN),
        (lex.RULE_VERBS, RULE_VERB),
        (lex.RATIO, RATIO),
        (lex.IGNORED, 0),
    )


def _units(literal):
    """Regex units of a literal: a space is any whitespace run, ' is either apostrophe."""
    units = []
    for ch in literal:
        if ch == " ":
            units.append(r"\s+")
        elif ch in "'’":
            units.append("['’]")
        else:
            units.append(re.escape(ch))
    return units


def _normal(text):
    return " ".join(text.lower().replace("’", "'").split())


def _build_trie(tables):
    root = ({}, {})  # (children: unit -> node, leaves: tail -> bits)
    literals = {}
    for entries, bits in tables:
        for entry in entries:
            literal, tail = (entry, "") if isinstance(entry, str) else entry
            if tail and re.compile(tail).groups:
                raise ValueError(f"capturing group in the tail of {literal!r}")
            # A tail that is only a lookahead ("about" before a number) cannot be re-checked
            # on the matched text alone: such phrases are told by their literal too.
            if not tail or tail.startswith("(?="):
                key = _normal(literal.lstrip("="))
                literals[key] = literals.get(key, 0) | bits
            node = root
            for unit in _units(literal.lstrip("=")):
                node = node[0].setdefault(unit, ({}, {}))
            node[1][tail] = node[1].get(tail, 0) | bits
    return root, literals


def _branches(node, marks):
    """Regex branches of a trie node. With `marks` (a list), each branch ends in an empty group
    and its bits are appended in group order; with None, the regex has no groups."""
    branches = []
    for unit, child in node[0].items():
        inner = _branches(child, marks)
        branches.append(unit + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})"))
    # Longer readings first: a child continues the literal, a tail extends it, "" ends it.
    # No word-boundary guard here: one guard after the whole trie makes the engine backtrack
    # into it just the same, and a guard per leaf was 40% of the compiled scan.
    for tail, bits in sorted(node[1].items(), key=lambda item: item[0] == ""):
        branch = f"(?:{tail})" if tail else ""
        if marks is not None:
            marks.append(bits)
            branch += "()"
        branches.append(branch)
    return branches


def _search_for(entries):
    """A search for any of these phrases, shaped like the scan (a trie after a literal space)."""
    trie, _ = _build_trie([(entries, 1)])
    return re.compile(" (?:" + "|".join(branch + _GUARD for branch in _branches(trie, None)) + ")").search


class _Compiled:
    __slots__ = ("scan", "findall", "classify", "bits", "literals", "memo", "italian", "english", "advocacy")

    def __init__(self, lexicons):
        tables = [t for lex in lexicons for t in _tables(lex)]
        if lexicon_it in lexicons:
            tables.extend(_ELISIONS)
        trie, self.literals = _build_trie(tables)
        # The root's branches sit directly in the top alternation, so each is skipped on its
        # first character; each ends in the word-boundary guard, which the number branch
        # does without ("64").
        top = [branch + _GUARD for branch in _branches(trie, None)] + [_NUMBER_BRANCH]
        self.scan = re.compile(" (?:" + "|".join(top) + ")")
        self.findall = self.scan.findall
        marks = [0]  # group 0 is the whole match
        self.classify = re.compile("(?:" + "|".join(_branches(trie, marks)) + ")")
        self.bits = tuple(marks)
        self.memo = {}
        self.italian = lexicon_it in lexicons
        self.english = lexicon_en in lexicons
        # Searched only in the few sentences that state what a rule does, not in the scan:
        # "we", "should", "io", "serve" are everywhere.
        self.advocacy = _search_for([w for lex in lexicons for w in lex.ADVOCACY])

    def bits_of(self, token):
        """Bits of a scanned token (" " + phrase), memoised."""
        bits = self.memo.get(token)
        if bits is None:
            text = token[1:]
            bits = self.literals.get(_normal(text))
            if bits is None:
                m = self.classify.fullmatch(text)
                bits = self.bits[m.lastindex] if m and m.lastindex else 0
            if bits & ATTRIBUTION and _normal(text).rpartition(" ")[2] in _SAYING_OR_OTHER:
                bits |= SAYING_OR_OTHER
            if len(self.memo) < 50_000:  # phrases repeat across articles; bound the memory
                self.memo[token] = bits
        return bits


_BOTH = _Compiled((lexicon_it, lexicon_en))
_LEXICONS = {"it": _Compiled((lexicon_it,)), "en": _Compiled((lexicon_en,))}

_candidates = entities.candidates
_candidates_spaced = entities.candidates_spaced

# Italian conditional of reporting (sarebbe, avrebbero, potrebbe, sembrerebbe ...): every
# third-person conditional ends in -rebbe/-rebbero, so a literal search finds them fast.
_CONDITIONAL = re.compile(r"rebbe(?:ro)?(?!\w)")
# "dovrebbe" + infinitive ("dovrebbe arrivare entro marzo") is a forecast.
_INFINITIVE = re.compile(r"\s+[^\W\d_]+(?:are|ere|ire|arsi|ersi|irsi)(?!\w)")
# "potrebbe" + infinitive ("potrebbero far risalire le quotazioni") is a possibility not yet
# realised; "potrebbe essere", "potrebbe avere" are mostly a hedge on the present.
_POSSIBLE_EVENT = re.compile(
    r"(?:\s+(?:anche|presto|ancora|già|persino|ulteriormente|[^\W\d_]+mente))?"
    r"\s+(?!essere\b|avere\b)(?:far\b|[^\W\d_]+(?:are|ere|ire|arsi|ersi|irsi)(?!\w))"
)
# Italian simple future, 3rd person (sarà, verranno, costerà); "tiranno" is a noun.
_FUTURE_IT = re.compile(r"r(?:(?<=\wr)à|(?<=\wr)(?<!tir)anno)(?!\w)")
# One search gates both rules: three substring tests on non-ASCII text cost twice as much.
_MORPHOLOGY_IT = re.compile(r"r(?:ebbe|à|anno)")


def scan(sentence, lang):
    """Return (attribution, hedges, prepared text, number starts, flags) for a sentence.

    The prepared text feeds candidates(); number starts are indexes into the sentence for
    numbers.find_numbers(), or None when it must search; flags are the bits above. One
    function, because it runs for every sentence: each call, attribute lookup and temporary
    string costs tens of nanoseconds of an 8-microsecond budget."""
    lex = _LEXICONS.get(lang) or _BOTH
    flags = 0
    # A space in front for the literal-space scans; brackets and quotation marks become spaces
    # (same length, so indexes still match the sentence) since a phrase, a name or a number
    # may follow them. Single-character `in` tests cost 35 ns; str.translate 10 us.
    text = " " + sentence
    if "(" in text:
        text = text.replace("(", " ")
    if "«" in text:
        text = text.replace("«", " ")
        flags = QUOTE_HINT
    if "“" in text:
        text = text.replace("“", " ")
        flags = QUOTE_HINT
    if '"' in text:
        text = text.replace('"', " ")
        flags = QUOTE_HINT
    # The tables are lower case: the first letter is lowered to meet them ("Secondo alcune
    # fonti"), unless that word is case-sensitive ("May 2024" is a month, "may" a hedge).
    first = sentence[:1]
    as_written = None
    lowered = first.lower()
    # (A lower case that changes the length, "İ" -> "i̇", would shift every index.)
    if (
        lowered != first
        and len(lowered) == 1
        and not (first in _CASE_SENSITIVE_INITIALS and sentence.startswith(_CASE_SENSITIVE_OPENERS))
    ):
        scanned = " " + lowered + text[2:]
        found = lex.findall(scanned)
        if found and scanned.startswith(found[0]):
            as_written = sentence[: len(found[0]) - 1]  # reported as written: "Secondo ..."
    else:
        scanned = text
        found = lex.findall(text)
    attribution = []
    hedges = []
    numbers = []
    cursor = 0
    memo = lex.memo
    number_first = _NUMBER_FIRST
    for token in found:
        head = token[1]
        if head in number_first:
            # Where the number starts: the same space + character, found from the last one.
            cursor = scanned.find(token, cursor) + 1
            if head in "+-−":  # "+4,2%", "-3%"; not a dash between words
                if scanned[cursor + 1 : cursor + 2] in _DIGIT_OR_CURRENCY:
                    numbers.append(cursor)
            elif head == "U":  # "US$": the number starts at the sign
                numbers.append(cursor + 1)
            else:
                numbers.append(cursor - 1)
            continue
        bits = memo.get(token)
        if bits is None:
            bits = lex.bits_of(token)
        if bits & 3:  # ATTRIBUTION | HEDGE
            if as_written is None:
                phrase = token[1:]
            else:
                phrase = as_written
                as_written = None
            if bits & ATTRIBUTION and phrase not in attribution:
                attribution.append(phrase)
                if "’" in phrase or "'" in phrase:
                    # "secondo l'Istat" holds a name that the spaced entity search misses.
                    flags |= ELIDED_NAME
            if bits & HEDGE and phrase not in hedges:
                hedges.append(phrase)
            flags |= bits
            continue
        as_written = None
        phrase = token[1:]
        if bits & NUMBER_HINT:  # "l'8%": the number starts at the token's last character
            cursor = scanned.find(token, cursor) + 1
            numbers.append(cursor + len(phrase) - 2)
            continue
        if bits & ELIDED_NAME:  # "dell'Istat"
            flags |= ELIDED_NAME
            continue
        if bits & PREDICTION_YEAR and int(phrase[-4:]) >= _THIS_YEAR:
            bits |= PREDICTION
        flags |= bits
    if lex.italian and _MORPHOLOGY_IT.search(sentence):
        if "rebbe" in sentence:
            flags |= _conditionals(sentence, hedges)
        if _FUTURE_IT.search(sentence):
            flags |= PREDICTION
    if hedges and lex.english and _modal_forecast(sentence, hedges):
        flags |= PREDICTION
    if flags & SAYING_OR_OTHER:
        attribution = _reported_speech(sentence, attribution)
    if flags & RULE_NOUN and flags & RULE_VERB and lex.advocacy(scanned):
        flags |= ADVOCACY
    if flags & PREDICTION_YEAR:
        numbers = None  # "entro il 2030" swallowed a number: let find_numbers() search
    return attribution, hedges, text, numbers, flags


# "could push", "may rise", "might fall": a modal before a verb is a possibility not yet
# realised. "could not", "may have", "might be" are a hedge on the present or the past.
_MODALS = ("could", "may", "might", "would")
_MODAL_VERB = re.compile(
    r" +(?!not\b|n't|have\b|be\b|also\b|well\b|even\b|only\b|never\b|already\b|still\b|just\b)[a-z]+\b"
)


def _modal_forecast(sentence, hedges):
    for modal in _MODALS:
        if modal in hedges:
            at = sentence.find(modal + " ")
            if at >= 0 and _MODAL_VERB.match(sentence, at + len(modal)):
                return True
    return False


# Italian verbs of saying with another common sense: "il calo non riporta i prezzi" (brings
# back), "ha dichiarato lo stato di emergenza" (declared), "ha rilevato tracce" (found). They
# report speech only with what reported speech looks like around them.
_SAYING_OR_OTHER = frozenset(
    """riporta riportano riportato riportata dichiara dichiarano dichiarato dichiarata rileva rilevano
    rilevato rilevata scrive scrivono scritto indica indicano indicato segnala segnalano segnalato""".split()
)
# What follows reported speech: a "che" clause (a few words on at most: "ha scritto su X che"),
# a colon or a quotation; what precedes it: a clitic ("Lo riporta il Sole"), "come", "quanto",
# or the end of a quotation or clause (", ha dichiarato il ministro").
_SPEECH_AFTER = re.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+che\b|\s*[:«“\"]")
_SPEECH_BEFORE = re.compile(r"(?:\b(?:lo|la|l['’]|gli|le|come|quanto)\s*|[,;–—«»\"“”:]\s*)$", re.I)


def _reported_speech(sentence, attribution):
    """The attribution phrases that report speech, dropping verbs of saying used otherwise."""
    kept = []
    for phrase in attribution:
        if phrase.rsplit(None, 1)[-1].lower() not in _SAYING_OR_OTHER:
            kept.append(phrase)
            continue
        at = sentence.find(phrase)
        if at < 0 or _SPEECH_AFTER.match(sentence, at + len(phrase)) or _SPEECH_BEFORE.search(sentence, 0, at):
            kept.append(phrase)
    return kept


def candidates(sentence, prepared, flags):
    """Raw entity candidates for entities.clean(), given scan()'s prepared text and flags: the
    spaced search is the fast one, but misses names glued to an elision ("dell'Istat")."""
    if flags & ELIDED_NAME:
        return _candidates(sentence)
    return _candidates_spaced(prepared)


_CASE_SENSITIVE_OPENERS = tuple(
    entry[1:].capitalize() + " "
    for lex in (lexicon_it, lexicon_en)
    for entries, _ in _tables(lex)
    for entry in entries
    if isinstance(entry, str) and entry.startswith("=")
)
_CASE_SENSITIVE_INITIALS = frozenset(opener[0] for opener in _CASE_SENSITIVE_OPENERS)


def _conditionals(sentence, hedges):
    """Add -rebbe/-rebbero verbs to hedges in order of appearance; return extra flags."""
    flags = HEDGE
    found = []
    for m in _CONDITIONAL.finditer(sentence):
        start = m.start()
        while start and sentence[start - 1].isalpha():
            start -= 1
        if start == m.start():
            continue
        word = sentence[start : m.end()]
        found.append((start, word))
        stem = word[:4].lower()
        if stem == "dovr" and _INFINITIVE.match(sentence, m.end()):
            flags |= PREDICTION
        elif stem == "potr" and _POSSIBLE_EVENT.match(sentence, m.end()):
            flags |= PREDICTION
    if found:
        positioned = [(sentence.find(h), h) for h in hedges]
        for start, word in found:
            if word not in hedges:
                positioned.append((start, word))
                hedges.append(word)
        positioned.sort()
        hedges[:] = [h for _, h in positioned]
    return flags

"""Sentence spans for Italian and English news text.

One compiled regular expression finds every place a sentence could end (a cluster of terminal
punctuation with its closing quotes, or a line break); cheap checks at each candidate decide.
Nothing here imports Django or a third-party segmenter, and the work is linear in the text.
"""

import re

__all__ = ["split_sentences", "sentences"]

# A candidate starts with one character class so that `re` can skip straight to it (a pattern
# that starts with an alternation or a look-behind is tried at every position, ten times slower).
# After punctuation: more dots (". . ." is one ellipsis), ! and ?, and closing quotes/brackets
# that belong to the sentence ("great." / «fine.» / (sic.)). The candidate needs whitespace after
# it, the end of the text, or a capital right after a full stop ("acceleratori.È evidente").
# Linear time: a cluster starts only at the first mark of a run, is at most 24 marks long and
# never gives characters back, so a run of dots or quotes is not rescanned from each position.
_CANDIDATE = re.compile(
    r"[.!?…\n](?<![.!?…][.!?…])(?<![.!?…] [.!?…])"
    r"(?:(?<=[.!?…])(?:[ ]?[.!?…]|[»”\"’')\]]){0,24}+)?"
    r"(\s*+)"
    r"(?:(?<=\s)|(?=[A-ZÀ-ÖØ-ÞĀ-Ž])|\Z)"
)
_LEADING_WS = re.compile(r"\s*")
_NEXT_WORD = re.compile(r"[«“\"‘'(\[]*(\w+)")
# Any opening quote or bracket in the sentence so far; only then is the balance counted.
_OPENER = re.compile(r"[«“\"(\[]")
# An inline list item: "1. ", "2.) ", "3) ", "a. ", or a bullet ("• 9. The first item • 10. ...").
_LIST_HEAD = re.compile(r"(?P<bullet>[•⁃])|(?P<label>\d{1,2}|[a-z])(?P<suffix>\.\)|\)|\.)\s")

_OPENERS = "«“\"‘'([¿¡•⁃*·"
_CLOSERS = "»”\"’')]"
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("(", ")"), ("[", "]"))
# A line that ends in one of these is finished even if the next line starts in lowercase.
_LINE_END = frozenset(".!?…:;»”\"')]*•|")
_BULLETS = " \t•⁃-–—*·"
_LIST_FIRST = frozenset("0123456789abcdefghijklmnopqrstuvwxyz•⁃")
_ROMAN = frozenset("IVXLCDM")

# Abbreviation kinds.
_TITLE = 1  # precedes a name or a term, never ends a sentence: "Dott. Rossi", "e.g. apples"
_FINAL = 2  # can end a sentence; does so when a sentence-opening word follows: "ecc. Il governo"
_REF = 3  # precedes a number or a roman numeral: "No. 3", "pag. 5", "vol. II"; else a word
_TIME = 4  # a.m./p.m.: ends the sentence unless the time opens it ("At 5 a.m. Mr. Smith went")

# Entries match any capitalisation ("Dott.", "dott.", "DOTT."). In the union used for other
# languages, an entry written with a capital matches only as written, because its lowercase twin
# is an ordinary word in the other language ("On." is the Italian Onorevole, "on." ends "and so on.").
_ABBREVIATIONS = {
    "en": {
        _TITLE: "mr mrs ms mx messrs dr prof sen rep gov Gen col lt capt sgt maj adm cmdr hon rev fr "
        "pres supt mt msgr mme mlle e.g i.e vs cf approx viz op",
        _FINAL: "etc inc ltd co corp llc plc bros jr sr st ave blvd rd al ibid u.s u.s.a u.k e.u u.n "
        "jan feb mar apr jun jul aug sep sept oct nov dec",
        _REF: "no nos p pp fig figs vol vols ch sec art ft est n°",
        _TIME: "a.m p.m",
    },
    "it": {
        _TITLE: "sig sig.ra sig.na sigg dott dott.ssa dr dr.ssa prof prof.ssa avv ing On Gen col "
        "Ten Arch Rag sen dep pres dir amm mons egr gent spett cav comm magg geom psicol "
        "es p.es cfr ca c.d vd op",
        _FINAL: "ecc etc s.p.a s.r.l s.n.c s.a.s s.a u.s u.s.a u.e u.k n.d.r a.c d.c sec cit ss segg "
        "gen feb mar apr mag giu lug ago set ott nov dic",
        _REF: "n nn nr num n° nº no p pp pag art artt vol cap par sez lett tel fax trim fig rif",
        _TIME: "a.m p.m",
    },
}

# Capitalised words that usually open a sentence: after an abbreviation that can end one
# ("S.p.A. La società", "Inc. The company") they mean the abbreviation did; any other capital
# ("U.S. Government", "S.p.A. Mediaset") is read as a continuation.
_STARTERS = frozenset(
    """
    The A An This That These Those There Their They Them Then He She It Its His Her We Our You
    Your I My In On At By For From With Without To Of Into As After Before Since While When Where
    Why What Who Whose Which How If But And Or Nor So Yet Although Though Because However
    Meanwhile Moreover Also Still Even Now Today Yesterday Tomorrow Here Such Some Many Most Each
    Every All No Not Both Other Another One Two Did Do Does Is Are Was Were Can Could Will Would
    Should May Might Must Have Has Had Let Please Yes Thus Therefore Instead Indeed Later Last
    Next Despite During According
    Il Lo La Gli Le L Un Uno Una Questo Questa Questi Queste Quest Quello Quella Quelli Quelle
    Quell Ma E Ed È Era Sono Ci C Si Se Non Né Anche Inoltre Tuttavia Però Quindi Dunque Infatti
    Invece Intanto Allora Poi Dopo Prima Mentre Quando Come Dove Perché Cosa Chi Che Qui Oggi Ieri
    Domani Ora Adesso Già Secondo Nel Nello Nella Nei Negli Nelle Nell Del Dello Della Dei Degli
    Delle Dell Dal Dallo Dalla Dai Dagli Dalle Dall Al Allo Alla Ai Agli Alle All Sul Sullo Sulla
    Sui Sugli Sulle Sull Per Con Tra Fra Da Di O Io Lui Lei Noi Voi Loro Tutto Tutti Tutte Ogni
    Alcuni Alcune Molti Molte Nessuno Altri Così Ha Hanno Nonostante Durante Oltre Pertanto
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Lunedì Martedì Mercoledì Giovedì Venerdì Sabato Domenica Stamattina Stasera Stanotte
""".split()
)


def _table(*langs):
    table = {}
    for lang in langs:
        for kind, words in _ABBREVIATIONS[lang].items():
            table.update((word if len(langs) > 1 else word.lower(), kind) for word in words.split())
    return table


_TABLES = {"en": _table("en"), "it": _table("it")}
_TABLE_ANY = _table("en", "it")


def sentences(text, lang="en"):
    return [text[a:b] for a, b in split_sentences(text, lang)]


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) into `text`, in order, each stripped of surrounding whitespace
    (text[start:end] has no leading/trailing whitespace), never empty."""
    table = _TABLES.get(lang, _TABLE_ANY)
    pronoun_i = lang != "it"
    n = len(text)
    spans = []
    start = _LEADING_WS.match(text).end()
    for m in _CANDIDATE.finditer(text, start):
        s = m.start()
        pe, e = m.span(1)
        if e >= n:
            break  # the last sentence runs to the end of the text
        nxt = text[e]
        newlines = text.count("\n", s, e)
        end = pe
        if text[s] == "\n":
            end = s
            while text[end - 1] in " \t\r\f\v\xa0":
                end -= 1
            # A blank line always ends a paragraph. A single line break does too, except in a
            # hard-wrapped line: it stops mid-sentence and the next line goes on in lowercase (a
            # line that itself starts in lowercase is a list item: "features\ncontact manager").
            if newlines < 2 and nxt.islower() and text[end - 1] not in _LINE_END and not text[start].islower():
                continue
        elif newlines > 1:
            pass  # punctuation, then a blank line
        elif nxt.islower():
            # Lowercase goes on with the sentence ("Yahoo! in", "This is great." she said"),
            # except after a line that ends in terminal punctuation.
            if not newlines or _abbreviation_kind(text, s, start, table):
                continue
        elif text[s] == "." and (pe == s + 1 or text[s + 1] in _CLOSERS or text[s + 1] == " "):
            # The common case, a plain word before ". Capital", is settled here without a call.
            lo = s - 40 if s - 40 > start else start
            ts = max(text.rfind(" ", lo, s), text.rfind("\n", lo, s), lo - 1) + 1
            tok = text[ts:s]
            if not (
                pe == s + 1 < e
                and len(tok) > 1
                and tok.isalpha()
                and tok not in table
                and tok.lower() not in table
                and nxt.isupper()
            ):
                ends = _period_ends(text, s, pe, e, start, ts, nxt, table, pronoun_i)
                if ends is None:
                    # At a line break an abbreviation ends the line too ("Dott.\nRossi" is two
                    # lines), unless a number follows ("n.\n3" wrapped by a PDF).
                    if not newlines or nxt.isdigit():
                        continue
                elif ends is not True:
                    end, e = ends  # "compounds. . . . The": the ellipsis opens the next sentence
        elif not _cluster_ends(text, s, pe, e, nxt) and not newlines:
            continue
        if newlines == 0 and _inside_quote(text, start, pe, e):
            continue
        _emit(spans, text, start, end)
        start = e
    end = len(text.rstrip())
    if end > start:
        _emit(spans, text, start, end)
    return spans


def _cluster_ends(text, s, pe, e, nxt):
    """A punctuation cluster other than a single full stop: ?/!, ellipses, "..".
    `s` is the cluster's first character, `pe` its end, `e` the next sentence's start."""
    if nxt in ",;:":
        return False
    if pe == e:
        return False  # "Yahoo!News" is a name; only a full stop glues to the next sentence
    cluster = text[s:pe]
    if "?" in cluster or "!" in cluster:
        return True
    if s and text[s - 1] in "[(":
        return False  # "[...]" marks an omission inside a quotation
    return not nxt.isdigit() or cluster.count(".") == 2


def _period_ends(text, s, pe, e, start, ts, nxt, table, pronoun_i):
    """Decide a full stop at `s` followed by `nxt` (not lowercase). Return True to end the
    sentence, None not to, or (end, next_start) to end it somewhere inside the cluster."""
    if nxt in ",;:":
        return None
    nospace = pe == e
    cluster = text[s:pe]
    tok = text[ts:s]
    if tok and tok[0] in _OPENERS:
        tok = tok.lstrip(_OPENERS)
        ts = s - len(tok)
    if " " in cluster:
        # Spaced dots. "word . . . more" is an ellipsis inside the sentence, "word . . . . Next"
        # an ellipsis and a full stop. "compounds. . . . The practice" has the full stop on the
        # word, and the ellipsis opens the next sentence.
        if not nxt.isupper():
            return None
        dots = cluster.count(".")
        if tok and dots >= 4 and text[s + 1] == " " and not _abbreviation_kind(text, s, start, table):
            return s + 1, s + 2
        return True if dots >= 4 or (tok and dots == 3) else None
    if not tok:
        return None if nospace else True
    if tok[-1] in _CLOSERS:
        return None if nospace else True  # «...»., (LLM). : the quote or bracket closed a phrase
    if "'" in tok or "’" in tok:
        tok = tok.replace("’", "'").rpartition("'")[2] or tok  # elision: "dell'Istat", "l'Ing"
    kind = table.get(tok) or (None if tok.islower() else table.get(tok.lower()))

    if nospace:
        # "acceleratori.È evidente", "Hello world.Today": a word glued to a capitalised word. Not
        # initialisms ("U.S.A", "S.p.A"), all-caps names ("ASP.NET"), e-mails, URLs, file names.
        if kind or len(tok) < 2 or "." in tok or tok.isupper():
            return None
        word = _next_word(text, e)
        if not (word[1:2].islower() or (len(word) == 1 and text[e + 1 : e + 2].isspace())):
            return None
        run = text[ts : e + 60].split(None, 1)[0]
        return None if ("@" in run or "/" in run) else True

    if kind == _TITLE:
        return None
    if kind == _REF:
        if nxt.isdigit():
            return None
        word = _next_word(text, e)
        if len(word) == 1 or (word and set(word) <= _ROMAN):
            return None
        return True
    if kind and nxt.isdigit():
        return None  # "Jan. 5", "sec. 3"
    if kind == _FINAL:
        return True if _next_word(text, e) in _STARTERS else None
    if kind == _TIME:
        # "At 5 a.m. Mr. Smith went": a time that opens the sentence is followed by its subject.
        return True if len(text[max(start, ts - 60) : ts].split()) > 3 else None

    if len(tok) == 1:
        if tok.islower():
            return None  # "p. 55", "st. d. arte", list label "a."
        if tok.isdigit():
            return _number_ends(text, start, ts)
        return _initial_ends(text, start, ts, e, tok, pronoun_i)
    if "." in tok:
        # An initialism not in the lists ("E.U", "F.P") behaves like "U.S."; a dotted name that
        # is not one (e-mail, URL, file name) is an ordinary word.
        if all(0 < len(p) <= 2 and p.isalpha() for p in tok.split(".")):
            return True if _next_word(text, e) in _STARTERS else None
        return True
    if tok.isdigit() and len(tok) <= 2:
        return _number_ends(text, start, ts)
    return True


def _number_ends(text, start, ts):
    # "1. The first item": a one- or two-digit label opening a sentence, or a later label in a
    # list the sentence opened ("1. The first item 2. The second item"), is not a full stop.
    if (ts - start < 8 and not text[start:ts].strip(_BULLETS)) or _LIST_HEAD.match(text, start):
        return None
    return True


def _initial_ends(text, start, ts, e, letter, pronoun_i):
    # "Jonas E. Smith", "J. K. Rowling", "il ministro A. Rossi": a capital letter and a full stop
    # are an initial. They end the sentence before a sentence-opening word ("serie A. La partita")
    # and, in English, when the letter is the pronoun after a lowercase word ("you and I. Did").
    word = _next_word(text, e)
    if len(word) > 1 and word in _STARTERS:
        return True
    before = text[max(start, ts - 40) : ts].split()
    if not before or before[-1][:1].isupper():
        return None
    return True if (letter == "I" and pronoun_i) else None


def _next_word(text, e):
    m = _NEXT_WORD.match(text, e)
    return m.group(1) if m else ""


def _abbreviation_kind(text, s, start, table):
    """The abbreviation kind of the word before the full stop at `s`, or None."""
    if text[s] != ".":
        return None
    lo = max(start, s - 40)
    ts = max(text.rfind(" ", lo, s), text.rfind("\n", lo, s), lo - 1) + 1
    tok = text[ts:s].lstrip(_OPENERS).replace("’", "'").rpartition("'")[2]
    if len(tok) == 1 and tok.isalpha():
        return _TITLE
    return table.get(tok) or table.get(tok.lower())


def _inside_quote(text, start, pe, e):
    # A full stop inside a quotation that closes later on the same line does not end the
    # sentence ("Ei fu. Siccome immobile [...]" (Manzoni).); the look stays within 1000 characters
    # either way so that an unbalanced quote cannot make the work quadratic.
    lo = max(start, pe - 1000)
    if _OPENER.search(text, lo, pe) is None:
        return False
    hi = text.find("\n", e, e + 1000)
    if hi < 0:
        hi = min(len(text), e + 1000)
    for opening, closing in _QUOTE_PAIRS:
        if text.count(opening, lo, pe) > text.count(closing, lo, pe) and text.find(closing, e, hi) >= 0:
            return True
    return text.count('"', lo, pe) % 2 == 1 and text.find('"', e, hi) >= 0


def _emit(spans, text, start, end):
    if end <= start:
        return
    m = _LIST_HEAD.match(text, start, end) if text[start] in _LIST_FIRST else None
    if m is None:
        spans.append((start, end))
        return
    # An inline list ("1) The first item 2) The second item", "• 9. The first • 10. The second"):
    # cut before each next label of the same style, or before each next bullet.
    bullet, label, suffix = m.group("bullet", "label", "suffix")
    pos = m.end()
    while True:
        if not bullet:
            label = str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
        i = text.find(f" {bullet}" if bullet else f" {label}{suffix} ", pos, end)
        if i < 0:
            break
        cut = i
        while text[cut - 1].isspace():
            cut -= 1
        spans.append((start, cut))
        start = pos = i + 1
    spans.append((start, end))

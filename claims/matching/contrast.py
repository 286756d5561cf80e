"""What makes two close texts different claims, read from their words: another name or
place, another number, the opposite direction. The ranker's features see some of it
(levels.guard: a quantity of the same kind with no common value, no name in common); these
rules see what they miss, and a proposal that trips one is never "the same claim":

- names: the capitalised words of each text, the first word of a sentence included when
  neither text writes it small ("Canada paid for the wall" / "Mexico paid for the wall"),
  and places however they are named ("gli insegnanti tedeschi" / "italiani", "Italy" /
  "Italian"): when each names someone or somewhere the other does not, they are about
  different things (one naming more is a detail, not a contradiction); places are countries,
  US states and Italian regions (a state is inside its country: "Montana" / "a US state"
  agree, "Montana" / "India" do not);
- numbers: each states a number the other does not (years aside: a fact-check adds the
  year a post leaves out), "the top 1 percent got 20 percent" / "... got 83 percent";
- direction: one says more, rose, grew where the other says less, fell, dropped (unless
  both compare, "than": a comparison turned around says the same).
Texts in different languages are not compared: their words cannot be.
"""

import re
from functools import lru_cache

from .numbers import canonical_tokens
from .stopwords import stopwords
from .text import clean_query, raw_tokens, stem

# Words (lower case, no accents) that name a place or its people -> the place.
PLACES = {}
for place, words in {
    "italy": "italy italia italian italiano italiana italiani italiane",
    "germany": "germany german germans germania tedesco tedesca tedeschi tedesche",
    "france": "france french francia francese francesi",
    "spain": "spain spanish spagna spagnolo spagnola spagnoli spagnole",
    "uk": "uk britain british england english inghilterra inglese inglesi britannico britannica britannici",
    "usa": "usa us america american americans americano americana americani",
    "china": "china chinese cina cinese cinesi",
    "russia": "russia russian russians russo russa russi",
    "ukraine": "ukraine ukrainian ucraina ucraino ucraini",
    "europe": "europe european eu europa europeo europea europei ue",
    "canada": "canada canadian canadese canadesi",
    "mexico": "mexico mexican messico messicano messicani",
    "india": "india indian indiano indiana indiani",
    "japan": "japan japanese giappone giapponese giapponesi",
}.items():
    for word in words.split():
        PLACES[word] = place
# More countries, the US states and the Italian regions, by their one-word names (lower
# case, no accents); a region or state is inside its country ("Montana" is no contradiction
# of "a US state", it is of "Texas" or "India").
for word in """afghanistan argentina australia austria belgium belgio brazil brasile bulgaria chile cile
    colombia croatia croazia cuba denmark danimarca egypt egitto finland finlandia greece grecia hungary
    ungheria indonesia iran iraq ireland irlanda israel israele kenya lebanon libano libya libia malta
    morocco marocco netherlands olanda nigeria norway norvegia pakistan palestine palestina peru
    philippines filippine poland polonia portugal portogallo qatar romania scotland scozia serbia
    singapore slovenia sweden svezia switzerland svizzera syria siria taiwan thailand tunisia turkey
    turchia venezuela vietnam albania""".split():
    PLACES.setdefault(word, word)
PARENT = {}
for word in """alabama alaska arizona arkansas california colorado connecticut delaware florida$
    hawaii idaho illinois iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont virginia wisconsin wyoming""".split():
    PLACES.setdefault(word, word)
    PARENT[word] = "usa"
for word in """abruzzo basilicata calabria campania lazio liguria lombardia lombardy marche molise piemonte
    piedmont puglia apulia sardegna sardinia sicilia sicily toscana tuscany umbria veneto""".split():
    PLACES.setdefault(word, word)
    PARENT[PLACES[word]] = "italy"
# Words that point one way, and the words that point the other.
UP = set(
    """piu aumenta aumentano aumentato aumentata aumentati aumentate aumento cresce crescono cresciuto
    cresciuta cresciuti cresciute crescita sale salgono salito salita saliti salite maggiore superiore
    raddoppiato raddoppiata triplicato rialzo more increase increased increases increasing rise rises rose
    risen rising grow grows grew grown growing higher above doubled tripled""".split()
)
DOWN = set(
    """meno diminuisce diminuiscono diminuito diminuita diminuiti diminuite diminuzione cala calano calato
    calata calati calate calo scende scendono sceso scesa scesi scese minore inferiore dimezzato dimezzata
    crollato crollata crollo ribasso perde perdono less fewer decrease decreased decreases decreasing fall
    falls fell fallen falling drop dropped drops decline declined declines lower below lost halved
    collapsed shrank""".split()
)
# A second axis: what one gains and what it costs ("would give the NHS an extra £350m a
# week" / "would cost the NHS £350m a week").
GAIN = set(
    "give gives gave given extra save saves saved gain gains regala risparmia risparmiano guadagna guadagnano".split()
)
COST = set("cost costs costing lose loses costa costano costera costerebbe costerebbero perde perdono".split())
# A comparison can be turned around ("cats kill fewer birds than turbines" / "turbines kill
# more birds than cats"): with one of these in both texts, direction says nothing.
COMPARISON = {"than", "rispetto"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(\n]\s*)$")


def _lang(lang: str) -> str:
    return "it" if lang == "it" else "en"


# Several words naming one place ("United States", "U.S.", "Stati Uniti").
MULTIWORD_PLACES = [
    (
        re.compile(
            r"\b(?:the\s+)?united\s+states(?:\s+of\s+america)?\b|\bu\.\s?s\.(?:\s?a\.)?|\bstati\s+uniti\b", re.I
        ),
        "usa",
    ),
    (re.compile(r"\bunited\s+kingdom\b|\bu\.\s?k\.|\bregno\s+unito\b|\bgran\s+bretagna\b", re.I), "uk"),
    (re.compile(r"\beuropean\s+union\b|\bunione\s+europea\b", re.I), "europe"),
]
# (name, the place it is inside, or None)
for _name, _inside in (
    [
        (state, "usa")
        for state in (
            "new york",
            "new jersey",
            "new mexico",
            "new hampshire",
            "north carolina",
            "south carolina",
            "north dakota",
            "south dakota",
            "west virginia",
            "rhode island",
            "puerto rico",
        )
    ]
    + [
        (country, None)
        for country in (
            "south africa",
            "north korea",
            "south korea",
            "saudi arabia",
            "new zealand",
            "sri lanka",
            "costa rica",
        )
    ]
    + [
        (region, "italy")
        for region in ("emilia romagna", "friuli venezia giulia", "trentino alto adige", "valle d'aosta")
    ]
):
    _place = _name.replace(" ", "_")
    MULTIWORD_PLACES.append((re.compile(r"\b" + _name.replace(" ", r"[\s-]+") + r"\b", re.I), _place))
    if _inside:
        PARENT[_place] = _inside


def _places_apart(mine: set, theirs: set) -> bool:
    """No place of one text is a place of the other, or inside it, or around it."""
    return not any(a == b or PARENT.get(a) == b or PARENT.get(b) == a for a in mine for b in theirs)


# Capitalised without being names: months and days (a date is not who or where).
NOT_NAMES = set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday gennaio febbraio marzo aprile maggio
    giugno luglio agosto settembre ottobre novembre dicembre lunedi martedi mercoledi giovedi
    venerdi sabato domenica""".split()
)
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto"
    r"|settembre|ottobre|novembre|dicembre)\.?"
)
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _capitals_mean_names(text: str, stop: set) -> bool:
    """False for a headline in Title Case or a post in CAPITALS, where a capital says nothing."""
    words = [w for w in _WORD.findall(text) if w.lower() not in stop and len(w) > 2]
    if len(words) < 6:  # "Kamala Harris was born in Canada": names, not a headline
        return True
    capitalised = sum(w[0].isupper() for w in words)
    shouted = sum(w.isupper() for w in words)
    return capitalised <= 0.6 * len(words) and shouted <= 0.3 * len(words)


def names(text: str, lang: str, other: str = "") -> tuple[set[str], set[str]]:
    """(names, places) a text mentions (see the module's docstring). A capitalised first
    word of a sentence counts when neither this text nor `other` writes it small: "Cats
    kill fewer birds" is about cats if the other text says "than cats do". A pasted post's
    furniture (links, handles, the author line) names nobody the claim is about."""
    lang = _lang(lang)
    stop = stopwords(lang)
    text, other = _clean(text), _clean(other)
    places = set()
    for pattern, place in MULTIWORD_PLACES:
        if pattern.search(text):
            places.add(place)
            text = pattern.sub(" ", text)
    small = set(re.findall(r"(?<![\w'’])[a-zà-ÿ][\w'’-]*", f"{text} {other}"))
    capitals = _capitals_mean_names(text, stop)
    found = set()
    for m in _WORD.finditer(text):
        word = m.group(0)
        token = _token(word)
        if not token:
            continue
        if token in PLACES and (word[0].isupper() or len(token) > 3):  # "us" the pronoun is no place
            places.add(PLACES[token])
            continue
        if not capitals or not word[0].isupper() or token in stop or token in NOT_NAMES or len(token) < 2:
            continue
        if word.isupper() and len(word) > 5:  # a shouted word, not an acronym
            continue
        if not _SENTENCE_START.search(text[: m.start()]) or word.lower() not in small:
            found.add(stem(token, lang))
    return found, places


@lru_cache(maxsize=4096)  # a claim is compared with each of its proposals: clean it once
def _clean(text: str) -> str:
    return clean_query(text, handles="drop").text


@lru_cache(maxsize=50_000)  # words repeat from claim to claim; tokenising each was most of the cost
def _token(word: str) -> str:
    tokens = raw_tokens(word)
    return tokens[0] if tokens else ""


def _stems(text: str, lang: str) -> set[str]:
    return {stem(token, _lang(lang)) for token in raw_tokens(text)}


def numbers(text: str, lang: str) -> set[str]:
    """The numbers a text states, canonical, dates left out (years, and the day next to a
    month: a fact-check dates what a post leaves undated), a pasted post's furniture too."""
    text = _DAY_OF_MONTH.sub(" ", _clean(text))
    out = set()
    for token in canonical_tokens(raw_tokens(text), _lang(lang)):
        if not token[0].isdigit():
            continue
        try:
            value = float(token)
        except ValueError:
            continue  # "5g", "h20": names, not numbers
        if not (value.is_integer() and 1800 <= value <= 2100):
            out.add(token)
    return out


def direction(text: str, up=UP, down=DOWN) -> set[int]:
    """{+1} if the text points up, {-1} down, both or neither when it says both or none."""
    tokens = set(raw_tokens(text))
    return ({1} if tokens & up else set()) | ({-1} if tokens & down else set())


def contradiction(text: str, lang: str, other: str, other_lang: str) -> str:
    """Why `other` cannot be the claim `text` makes, or ""."""
    if _lang(lang) != _lang(other_lang):
        return ""
    (my_names, my_places), (their_names, their_places) = names(text, lang, other), names(other, lang, text)
    # Both name someone, and neither text mentions anyone the other names, in any case
    # ("hillary campaign" / "Hillary Clinton's campaign"), nor do both name one state or
    # region ("Illinois lawmakers" / "Republicans in Illinois": as telling as a shared name;
    # a shared country is not, "Kamala Harris" / "Joe Biden was born in Canada").
    my_words, their_words = _stems(text, lang), _stems(other, lang)
    same_region = my_places & their_places & PARENT.keys()
    if my_names and their_names and not my_names & their_words and not their_names & my_words and not same_region:
        return "names differ"
    if my_places and their_places and _places_apart(my_places, their_places):
        return "places differ"
    my_numbers, their_numbers = numbers(text, lang), numbers(other, lang)
    if my_numbers - their_numbers and their_numbers - my_numbers:
        return "numbers differ"
    turned = COMPARISON & set(raw_tokens(text)) and COMPARISON & set(raw_tokens(other))
    for up, down in ((UP, DOWN), (GAIN, COST)):
        my_way, their_way = direction(text, up, down), direction(other, up, down)
        if len(my_way) == 1 and len(their_way) == 1 and my_way != their_way and not turned:
            return "direction differs"
    return ""

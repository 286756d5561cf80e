"""The extraction pipeline: an article's text in, its sentences as scored claims out.

The headline and the standfirst come first, as claims of type "headline" (headline.py);
then every sentence of the body that is not boilerplate, in document order, each with a
check-worthiness score and flag. Other headings are structure, not sentences, and do not
come out. Hard rules decide what can never be a check-worthy claim (a question, a call to
action, a pure opinion, a fragment); the learned score ranks the rest.
"""

import gc
import re
from dataclasses import asdict, dataclass, field

from . import checkworthy, signals
from .blocks import CAPTION, HEADING, LIST_ITEM, Block, join_blocks, text_to_blocks
from .clean import clean_article, looks_like_title_line
from .errors import InputError
from .headline import HEADLINE, mismatches, standfirst_index
from .html import html_to_blocks, looks_like_html
from .language import SUPPORTED, detect_language
from .markdown import markdown_to_blocks
from .segment import split_sentences

TEXT, MARKDOWN, HTML = "text/plain", "text/markdown", "text/html"
CONTENT_TYPES = (TEXT, MARKDOWN, HTML)
_EXTENSIONS = {".txt": TEXT, ".text": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN, ".html": HTML, ".htm": HTML}

# Why a sentence is not check-worthy, shown to reviewers beside the flag.
QUESTION, CALL_TO_ACTION, OPINION, FRAGMENT, LOW_SCORE = (
    "question",
    "call to action",
    "opinion",
    "too short",
    "low score",
)

# Sentences kept but ruled out by a hard rule keep their rank among themselves but
# always fall below the threshold, so the queue never ranks them above a claim.
_RULED_OUT_FACTOR = 0.3
_MIN_WORDS = 4

_MARKDOWN_HINT = re.compile(r"^(#{1,6}\s|\s{0,3}[-*+]\s|\s{0,3}>\s|```)|\]\(https?://|^\s*\|.*\|\s*$", re.M)
_OPENING_HEADING = re.compile(r"\s*#{1,6} \S")
_CLOSERS = "\"”»’')] "
_BARE_URL = re.compile(r"https?://[^\s<>\"”»)\]]+")

# Imperatives that open calls to action; a news sentence rarely starts with them.
_CTA_START = re.compile(
    r"^(iscriviti|abbonati|registrati|leggi|scopri|clicca|segui|seguici|condividi|scarica|guarda|acquista|compra|"
    r"prova|contattaci|scrivici|visita|vai|non perdere|unisciti|commenta|sostienici|dona|"
    r"sign up|subscribe|register|click|tap|read|follow|share|download|watch|buy|shop|try|join|contact us|"
    r"visit|learn more|find out|don'?t miss|check out|support us|donate|get (the|our|your)|let'?s)\b",
    re.I,
)

# Finite verbs and auxiliaries: a line without final punctuation that has none is a
# heading ("Impatto dei controlli sulle esportazioni …"); one that has one is a
# caption or a sentence missing its full stop ("I servizi … sono molto più economici …").
_FINITE_VERBS = frozenset(
    """è e' sono ha hanno ho abbiamo era erano fu furono sarà saranno sarebbe sarebbero avrà avranno
    avrebbe avrebbero aveva avevano può possono potrebbe deve devono dovrebbe viene vengono va vanno fa fanno
    c'è stanno sta resta restano costa costano cresce crescono scende scendono sale salgono
    is are was were has have had will would can could should must may might does do did says said""".split()
)
# Punctuation becomes spaces so that str.split() yields bare words (all in C, no regex).
_WORDS_ONLY = str.maketrans({c: " " for c in '.,;:!?"“”«»()[]{}–—-/…’'})
_CAP_WORD = re.compile(r"(?:^|\s)[A-ZÀ-Ý]")


@dataclass(slots=True)
class ExtractedClaim:
    text: str
    start: int
    end: int
    position: int
    score: float
    checkworthy: bool
    type: str
    signals: dict
    reason: str = ""  # why not check-worthy; empty when it is
    links: list[str] = field(default_factory=list)  # URLs the writer cited for this sentence


@dataclass
class ExtractionResult:
    language: str
    language_note: str
    title: str
    cleaned_text: str
    content_type: str
    claims: list[ExtractedClaim] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def checkworthy_count(self) -> int:
        return sum(1 for c in self.claims if c.checkworthy)

    def as_dict(self) -> dict:
        """The public JSON shape (extract_claims --format json)."""
        return {
            "language": self.language,
            "language_note": self.language_note,
            "title": self.title,
            "claims": [{k: v for k, v in asdict(c).items() if k not in ("position",)} for c in self.claims],
        }


def guess_content_type(text: str, *, declared: str = "", filename: str = "") -> str:
    """The format of the input: declared, else from the file extension, else sniffed."""
    declared = (declared or "").split(";")[0].strip().lower()
    if declared in CONTENT_TYPES:
        return declared
    if filename:
        for ext, ctype in _EXTENSIONS.items():
            if filename.lower().endswith(ext):
                return ctype
    if looks_like_html(text):
        return HTML
    # Two Markdown marks, or a text that opens with a Markdown heading ("# Bollette, calano del 18%").
    if len(_MARKDOWN_HINT.findall(text[:20000])) >= 2 or _OPENING_HEADING.match(text):
        return MARKDOWN
    return TEXT


def _is_heading_line(text: str) -> bool:
    """A stand-alone line without final punctuation that reads like a heading."""
    if not looks_like_title_line(text) or text.rstrip().endswith(("?", "!", "»", "”", '"')):
        return False
    words = text.lower().translate(_WORDS_ONLY).split()
    if len(words) < _MIN_WORDS:
        return True
    # Title Case ("Trump Signs New Export Rules") is how English headings are written.
    if len(_CAP_WORD.findall(text)) >= 0.6 * len(words):
        return True
    return _FINITE_VERBS.isdisjoint(words)


def _to_blocks(text: str, content_type: str) -> tuple[str, list[Block], list[str]]:
    if content_type == HTML:
        return html_to_blocks(text)
    if content_type == MARKDOWN:
        blocks, links = markdown_to_blocks(text)
        return "", blocks, links
    return "", text_to_blocks(text), []


def extract(text: str, *, content_type: str = "", lang: str = "auto", title: str = "") -> ExtractionResult:
    """Run the whole pipeline on decoded text (see decode.py for bytes)."""
    # A long article makes tens of thousands of small objects that all survive: the cyclic
    # garbage collector would walk them again and again (a tenth of the run on 1 MB). They
    # hold no reference cycles, so it is paused for the run, as json.loads effectively does.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _extract(text, content_type=content_type, lang=lang, title=title)
    finally:
        if paused:
            gc.enable()


def _extract(text: str, *, content_type: str, lang: str, title: str) -> ExtractionResult:
    if not text or not text.strip():
        raise InputError("The article is empty.")
    content_type = guess_content_type(text, declared=content_type)
    page_title, blocks, links = _to_blocks(text, content_type)
    title, blocks, written_title = clean_article(blocks, title=title or page_title)
    if not blocks:
        raise InputError("The article has no text left once page furniture (menus, comments, credits) is removed.")
    # The headline as the article gives it (its title line, or its page's title) opens the
    # cleaned text, so that its claim has a span like every other; then the standfirst, if any.
    headline = written_title or page_title
    standfirst = standfirst_index(blocks)
    if headline:
        blocks.insert(0, Block(HEADING, headline))
        if standfirst is not None:
            standfirst += 1
    for block in blocks:
        # A caption that names what the picture shows ("Il ministro a Palazzo Chigi") is a
        # label like a heading; one that states something is kept, as a claim of its own type.
        if block.kind != HEADING and _is_heading_line(block.text):
            block.kind = HEADING
    if standfirst is not None:
        blocks[standfirst].kind = HEADING  # a headline claim of its own, below, not a body sentence
    cleaned, offsets = join_blocks(blocks)

    guess = detect_language(cleaned, lang)
    rules_lang = guess.code if guess.code in SUPPORTED else "xx"
    result = ExtractionResult(guess.code, guess.note, title, cleaned, content_type, links=links)

    spans = split_sentences(cleaned, rules_lang)
    texts: list[str] = []
    kept: list[tuple[int, int]] = []
    captions: set[int] = set()  # indexes of sentences of image captions
    cited: dict[int, list[str]] = {}  # sentence index -> URLs
    block_i, nblocks = 0, len(blocks)
    pending_links: list[tuple[str, str]] = []
    for start, end in spans:
        while block_i < nblocks - 1 and start >= offsets[block_i][1]:
            block_i += 1
            pending_links = []
        block = blocks[block_i]
        if block.kind == HEADING:
            continue
        sentence = cleaned[start:end]
        if block.links and not pending_links and start == offsets[block_i][0]:
            pending_links = list(block.links)
        if pending_links or "://" in sentence:
            urls = _links_in(sentence, pending_links)
            if urls:
                cited[len(texts)] = urls
        if block.kind == CAPTION:
            captions.add(len(texts))
        texts.append(sentence)
        kept.append((start, end))

    head_blocks = ([0] if headline else []) + ([standfirst] if standfirst is not None else [])
    heads = [(blocks[i].text, *offsets[i]) for i in head_blocks]
    assessed = assess([h[0] for h in heads] + texts, rules_lang)
    body = assessed[len(heads) :]

    claims = result.claims
    if heads:
        body_numbers = [(sentence, sigs["numbers"]) for sentence, (_, _, sigs, _) in zip(texts, body)]
    for (text_, start, end), (score, _, sigs, reason) in zip(heads, assessed):
        sigs["mismatch"] = mismatches(text_, sigs["numbers"], body_numbers)
        claims.append(
            ExtractedClaim(text_, start, end, len(claims), round(score, 4), not reason, HEADLINE, sigs, reason)
        )
    offset = len(claims)
    for i, (sentence, (start, end), (score, ctype, sigs, reason)) in enumerate(zip(texts, kept, body)):
        claims.append(
            ExtractedClaim(
                sentence,
                start,
                end,
                offset + i,
                round(score, 4),
                not reason,
                CAPTION if i in captions else ctype,
                sigs,
                reason,
                cited.get(i, []),
            )
        )
    return result


def assess(texts: list[str], lang: str) -> list[tuple[float, str, dict, str]]:
    """(score, type, signals, reason) of each sentence: the learned score with policy facts lifted,
    then the hard rules; `reason` is why a sentence is not check-worthy, "" when it is. lang: a
    rules language ("it", "en") or any other code. Reviewers' edits and splits are scored here too."""
    scores = checkworthy.score_sentences(texts, lang)
    policy: list[bool] = []
    analysed = signals.analyse_many(texts, lang, policy=policy)
    if any(policy):
        scores = checkworthy.lift_policy_facts(scores, policy)
    threshold = checkworthy.DEFAULT_THRESHOLD
    out = []
    for sentence, score, (sigs, ctype) in zip(texts, scores, analysed):
        reason = _ruled_out(sentence, ctype)
        if reason:
            score *= _RULED_OUT_FACTOR
        elif score < threshold:
            reason = LOW_SCORE
        out.append((score, ctype, sigs, reason))
    return out


def _links_in(sentence: str, pending: list[tuple[str, str]]) -> list[str]:
    """The URLs cited in a sentence: links whose anchor text it holds (each link goes to the
    first such sentence and is consumed) and URLs written out in it."""
    urls = []
    for link in list(pending):
        if link[0] and link[0] in sentence:
            pending.remove(link)
            if link[1] not in urls:
                urls.append(link[1])
    for url in _BARE_URL.findall(sentence):
        url = url.rstrip(".,;:!?")
        if url not in urls:
            urls.append(url)
    return urls


def _ruled_out(sentence: str, claim_type: str) -> str:
    if sentence.rstrip(_CLOSERS).endswith("?"):
        return QUESTION
    if claim_type == "opinion":
        return OPINION
    if _CTA_START.match(sentence):
        return CALL_TO_ACTION
    if sentence.count(" ", 0, 200) + 1 < _MIN_WORDS:
        return FRAGMENT
    return ""


__all__ = ["assess", "extract", "guess_content_type", "ExtractionResult", "ExtractedClaim", "InputError", "LIST_ITEM"]

"""schema.org ClaimReview published by other fact-checkers -> validated records.

Fact-checkers publish their verdicts as JSON-LD ClaimReview nodes: in <script> blocks of
their article pages, in Google's DataFeed files, or as JSON/JSON Lines exports. We read all
of these, keep the nodes that meet Google's fact-check profile (claimReviewed, reviewRating
with a verdict, an http(s) url) and say, record by record, why the others were refused.

The input comes from strangers, so every step is bounded: 50 MB in, a depth cap on the
walk, a size and depth cap per record, http(s) URLs only, HTML tags stripped from text.
Nothing here imports Django.
"""

import hashlib
import html
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from claims.extraction.decode import decode_bytes, normalize_text
from claims.extraction.errors import InputError

__all__ = ["ClaimReviewError", "ClaimReviewRecord", "Rejected", "parse_claimreviews", "to_claimreview_jsonld"]

MAX_BYTES = 50 * 1024 * 1024
# ClaimReview nodes sit 2-6 levels down in real feeds (DataFeed > dataFeedElement > item);
# anything deeper than this is not where a publisher puts them, so the walk stops there.
MAX_WALK_DEPTH = 32
# A record is stored whole (raw) in a JSON column: a deeper or bigger node is hostile, not a review.
MAX_RECORD_DEPTH = 24
MAX_RECORD_CHARS = 1024 * 1024
MAX_CLAIM_CHARS = 5000
MAX_NAME_CHARS = 500
MAX_URL_CHARS = 2000
MAX_APPEARANCES = 100
EXCERPT_CHARS = 120

# JSON-LD lets a publisher spell a term bare ("ClaimReview"), with the prefix of the
# schema.org context ("schema:ClaimReview") or as the full IRI, http or https.
_PREFIXES = ("", "schema:", "http://schema.org/", "https://schema.org/")
_CLAIMREVIEW_TYPES = frozenset(p + "ClaimReview" for p in _PREFIXES) | {
    "http://schema.org/ClaimReview/",
    "https://schema.org/ClaimReview/",
}

# <script type="application/ld+json"> holds raw text (the HTML parser does not decode
# entities inside scripts), so regular expressions read it exactly as a browser would.
# The attribute runs are bounded so that a page of unclosed "<script" costs linear time.
_LD_SCRIPT_OPEN = re.compile(r"<script\b[^>]{0,500}?\btype\s*=\s*[\"']?\s*application/ld\+json[^>]{0,500}>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_SCRIPT_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")

# Publishers paste verdicts and claims from their CMS with markup left in. Block-level tags
# separate words; inline ones (<b>Fal</b>so) must not split them.
_DROP_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article)\b[^>]*>", re.I)
# A tag starts with a letter, / or !: "3 < 5" and "a <= b" in a claim are not tags.
_TAG = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.S)
# Spaces and control characters: browsers strip or mangle them, so such a URL is not the one published.
_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f]")
# What PostgreSQL cannot store in text or JSONB: NUL (written \u0000 in JSON, so the decoder's
# NUL filter never sees it) and lone UTF-16 surrogates ("\ud800" escapes with no partner).
_ESCAPED_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,30}):")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")

# inLanguage is meant to be a BCP 47 tag, but feeds also carry ISO 639-2 codes and names.
_ISO639_2 = {
    "ita": "it",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "pol": "pl",
    "ron": "ro",
    "rum": "ro",
    "ell": "el",
    "gre": "el",
    "ara": "ar",
    "rus": "ru",
    "ukr": "uk",
    "tur": "tr",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "hin": "hi",
    "swe": "sv",
    "dan": "da",
    "fin": "fi",
    "ces": "cs",
    "cze": "cs",
    "hun": "hu",
    "slv": "sl",
    "hrv": "hr",
    "srp": "sr",
    "cat": "ca",
    "glg": "gl",
}
_LANGUAGE_NAMES = {
    "italian": "it",
    "italiano": "it",
    "english": "en",
    "inglese": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "francese": "fr",
    "german": "de",
    "deutsch": "de",
    "tedesco": "de",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "spagnolo": "es",
    "portuguese": "pt",
    "português": "pt",
    "portugues": "pt",
    "portoghese": "pt",
}


class ClaimReviewError(ValueError):
    """Input that is not ClaimReview JSON-LD at all, with a one-line message."""


class _Invalid(Exception):
    """One ClaimReview node fails validation; the message is the Rejected reason."""


@dataclass
class ClaimReviewRecord:
    claim_reviewed: str
    rating_name: str  # reviewRating.alternateName (or .name when alternateName is absent)
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    url: str  # the review's url (http/https only)
    author_name: str  # the fact-checking organisation
    author_url: str
    date_published: date | None
    language: str  # inLanguage normalised to 2 letters when possible, else as given, else ""
    claimant: str  # itemReviewed.author.name
    appearance_urls: list[str]  # itemReviewed.firstAppearance then .appearance urls
    claim_date: date | None  # itemReviewed.datePublished
    # The node as published. Left out of equality: two records saying the same thing are
    # the same record, whichever spelling (prefixes, lists, markup) the publisher used.
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def key(self) -> str:
        """Stable identity for idempotent imports: a hash of the review URL and the claim.

        The URL loses its scheme, fragment and trailing slash (publishers move from http to
        https, feeds and pages link the same review with and without them); the claim is
        compared case- and space-insensitively. One review page can check several claims.
        A fixed 52 characters, whatever the URL's length, so it fits an indexed column.
        """
        parts = urlsplit(self.url)
        location = (parts.netloc.lower() + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
        claim = " ".join(self.claim_reviewed.casefold().split())
        return "claimreview:" + hashlib.sha256(f"{location}\n{claim}".encode()).hexdigest()[:40]


@dataclass
class Rejected:
    index: int  # 0-based position among the ClaimReview nodes (and unreadable blocks) of the input
    reason: str  # one line, user-facing
    excerpt: str  # first ~120 chars of the record's JSON


@dataclass
class _Unreadable:
    """A JSON Lines line or an ld+json block that is not JSON: it takes a position of its own."""

    reason: str
    excerpt: str


def parse_claimreviews(data: bytes | str) -> tuple[list[ClaimReviewRecord], list[Rejected]]:
    """Valid records and rejections, in document order.

    Accepts one JSON-LD ClaimReview object, a JSON list of them, an object with "@graph",
    a feed (Google's DataFeed, or ClaimReview nodes nested anywhere within MAX_WALK_DEPTH),
    JSON Lines, or an HTML page with <script type="application/ld+json"> blocks. Nodes of
    other types are skipped silently; a ClaimReview node that fails validation is Rejected
    with the reason. Duplicates are all reported (the importer dedupes by key()).
    Raises ClaimReviewError when the input is empty, binary, over 50 MB or not JSON/HTML.
    """
    text = _decode(data)
    head = text[:1]
    if head == "<":
        units = _html_units(text)
    elif head in ("{", "["):
        units = _json_units(text)
    else:
        raise ClaimReviewError("The input is not JSON-LD, JSON Lines or an HTML page.")

    records: list[ClaimReviewRecord] = []
    rejected: list[Rejected] = []
    index = 0
    for unit in units:
        if isinstance(unit, _Unreadable):
            rejected.append(Rejected(index, unit.reason, unit.excerpt))
            index += 1
            continue
        ids: dict[str, dict] = {}
        for node in _claimreview_nodes(unit, ids):
            try:
                records.append(_record(node, ids))
            except _Invalid as exc:
                rejected.append(Rejected(index, str(exc), _excerpt(node)))
            index += 1
    return records, rejected


# --- reading the input ---------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        size = len(data)
    elif isinstance(data, str):
        # Characters never outnumber UTF-8 bytes: skip encoding a string that is surely too big.
        size = len(data) if len(data) > MAX_BYTES else len(data.encode("utf-8", "surrogatepass"))
    else:
        raise ClaimReviewError("The input must be bytes or text.")
    if size > MAX_BYTES:
        raise ClaimReviewError(f"The input is too large ({size / 1048576:.1f} MB); the limit is 50 MB.")
    if not data.strip():
        raise ClaimReviewError("The input is empty.")
    try:
        # decode_bytes knows the encodings newsroom exports come in (UTF-8/16, cp1252, latin-1),
        # refuses binaries by their magic number and drops NUL and stray control characters.
        if isinstance(data, bytes):
            text = decode_bytes(data, max_bytes=MAX_BYTES)
        else:
            text = normalize_text(data, max_bytes=None)
    except InputError as exc:
        reason = str(exc).split(";")[0].rstrip(".")
        reason = reason[:1].lower() + reason[1:]
        raise ClaimReviewError(f"The input is not JSON-LD, JSON Lines or HTML: {reason}.") from None
    return text.lstrip("\ufeff \t\n")


def _loads(text: str):
    # strict=False: publishers leave raw tabs and newlines inside strings. NaN and Infinity
    # (which Python's json accepts) stay strings, so raw stays valid JSON for PostgreSQL
    # and the number check refuses them.
    return json.loads(text, strict=False, parse_constant=str)


def _json_units(text: str):
    try:
        yield _loads(text)
        return
    except RecursionError:
        raise ClaimReviewError("The JSON is nested too deeply to read.") from None
    except ValueError as exc:
        error = exc
    # Not one JSON document: JSON Lines if its first line is a JSON document of its own.
    lines = text.split("\n")
    try:
        _loads(lines[0])
    except (ValueError, RecursionError):
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = f" (line {error.lineno}, column {error.colno}: {error.msg})"
        raise ClaimReviewError(f"The input is not valid JSON{where}.") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield _loads(line)
        except RecursionError:
            yield _Unreadable(f"line {number} is nested too deeply", line[:EXCERPT_CHARS])
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not JSON"
            yield _Unreadable(f"line {number} is not valid JSON ({msg})", line[:EXCERPT_CHARS])


def _html_units(text: str):
    pos, number = 0, 0
    while opening := _LD_SCRIPT_OPEN.search(text, pos):
        number += 1
        # Scripts do not nest: the next one is looked for after this one's end, so each
        # character is scanned once however many blocks the page has.
        closing = _SCRIPT_CLOSE.search(text, opening.end())
        pos = closing.end() if closing else len(text)
        block = _SCRIPT_WRAPPERS.sub("", text[opening.end() : closing.start() if closing else len(text)]).strip()
        if not block:
            continue
        excerpt = " ".join(block[:EXCERPT_CHARS].split())
        try:
            yield _loads(block)
        except RecursionError:
            yield _Unreadable(f"ld+json block {number} is nested too deeply", excerpt)
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not JSON"
            yield _Unreadable(f"ld+json block {number} is not valid JSON ({msg})", excerpt)


def _is_claimreview(node: dict) -> bool:
    kind = node.get("@type")
    if isinstance(kind, str):
        return kind in _CLAIMREVIEW_TYPES
    return isinstance(kind, list) and any(isinstance(k, str) and k in _CLAIMREVIEW_TYPES for k in kind)


def _claimreview_nodes(root, ids: dict) -> list[dict]:
    """ClaimReview nodes in document order; fills ids with the @id-named nodes met on the way.

    Iterative, so a hostile nesting cannot exhaust the Python stack, and capped in depth.
    """
    found = []
    stack = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if _is_claimreview(value):
                found.append(value)
            node_id = value.get("@id")
            # A node with properties besides @id defines it; {"@id": ...} alone refers to it.
            if isinstance(node_id, str) and len(value) > 1 and not value.keys() <= {"@id", "@type"}:
                ids.setdefault(node_id, value)
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth < MAX_WALK_DEPTH:
            stack.extend((child, depth + 1) for child in reversed(list(children)) if isinstance(child, (dict, list)))
    return found


def _deeper_than(node, limit: int) -> bool:
    stack = [(node, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _excerpt(node) -> str:
    try:
        excerpt = json.dumps(node, ensure_ascii=False)[:EXCERPT_CHARS]
        return excerpt.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates from "\ud800" escapes
    except (RecursionError, ValueError, TypeError):
        return "(not shown: nested too deeply)"


# --- one node -> one record ------------------------------------------------------------


def _get(node: dict, name: str):
    for prefix in _PREFIXES:
        value = node.get(prefix + name)
        if value is not None:
            return value
    return None


def _deref(value, ids: dict):
    """A {"@id": ...} reference -> the node defined elsewhere in the document (one hop, so no cycles)."""
    if isinstance(value, dict) and "@id" in value and value.keys() <= {"@id", "@type"}:
        return ids.get(value["@id"], value) if isinstance(value["@id"], str) else value
    return value


def _first_node(value, ids: dict) -> dict | None:
    """An object-valued property: one object, or the first object of a list."""
    value = _deref(value, ids)
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        for item in value:
            item = _deref(item, ids)
            if isinstance(item, dict):
                return item
    return None


def _raw_text(value, *, in_list: bool = False) -> str | None:
    """A text-valued property as published: a string, a number, {"@value": ...} or the first
    non-empty one of a list. None when the value is not text at all (an object, a list of lists).
    One level of list only: a node met through an @id was not depth-checked with its record."""
    if isinstance(value, list):
        if in_list:
            return None
        texts = [t for t in (_raw_text(v, in_list=True) for v in value[:50]) if t is not None]
        return next((t for t in texts if t.strip()), texts[0] if texts else None)
    if isinstance(value, dict):
        inner = value.get("@value")
        return _raw_text(inner) if inner is not None and not isinstance(inner, (dict, list)) else None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _clean_text(value: str, cap: int) -> str:
    value = _CONTROL.sub("", value)
    if "<" in value:
        value = _TAG.sub("", _BLOCK_TAG.sub(" ", _DROP_ELEMENTS.sub(" ", value)))
    if "&" in value:
        value = html.unescape(value)
        if "<" in value:  # markup escaped once by the CMS (&lt;b&gt;) is still markup
            value = _TAG.sub("", _BLOCK_TAG.sub(" ", value))
    value = " ".join(value.split())
    return value[:cap].rstrip() if len(value) > cap else value


def _text(value, cap: int = MAX_NAME_CHARS) -> str:
    raw = _raw_text(value)
    return _clean_text(raw, cap) if raw else ""


def _http_url(value) -> str | None:
    """The URL if it is a plain http(s) address, else None."""
    url = _raw_text(value)
    if url is None:
        return None
    url = url.strip()
    if not url or len(url) > MAX_URL_CHARS or _URL_JUNK.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _number(rating: dict, name: str) -> float | None:
    value = _get(rating, name)
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Invalid(f"reviewRating.{name} is not a number")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (ValueError, OverflowError):
        raise _Invalid(f"reviewRating.{name} is not a number") from None
    if not math.isfinite(number):
        raise _Invalid(f"reviewRating.{name} is not a number")
    return number


def _date(value) -> date | None:
    """An ISO date or datetime -> its date as written (the publisher's local date); else None."""
    text = _raw_text(value)
    if not text:
        return None
    match = _ISO_DATE.match(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return date.fromisoformat(text.strip()[:10])  # the basic format, 20140723
    except ValueError:
        return None


def _language(value, ids: dict) -> str:
    node = _first_node(value, ids)
    if node is not None:  # a schema.org Language object
        value = _get(node, "alternateName") or _get(node, "name")
    tag = _text(value, 64).replace("_", "-").lower()
    if not tag:
        return ""
    primary = tag.split("-")[0]
    if len(primary) == 2 and primary.isalpha():
        return primary
    if primary in _ISO639_2:
        return _ISO639_2[primary]
    if tag in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[tag]
    return primary if primary.isalpha() and primary.isascii() and len(primary) <= 8 else ""


def _party(value, ids: dict) -> tuple[str, str]:
    """(name, url) of an author: a Person/Organization object, a list of them, or a bare name."""
    if isinstance(value, list):
        for item in value[:50]:
            name, url = _party(item, ids) if not isinstance(item, list) else ("", "")
            if name or url:
                return name, url
        return "", ""
    node = _first_node(value, ids)
    if node is None:
        return _text(value), ""
    name = _text(_get(node, "name")) or _text(_get(node, "alternateName"))
    return name, _http_url(_get(node, "url")) or ""


def _appearances(item: dict, ids: dict) -> list[str]:
    urls: list[str] = []
    for name in ("firstAppearance", "appearance"):
        value = _get(item, name)
        for entry in value if isinstance(value, list) else [value]:
            entry = _deref(entry, ids)
            if isinstance(entry, dict):
                url = _http_url(_get(entry, "url")) or _http_url(entry.get("@id"))
            else:
                url = _http_url(entry)
            if url and url not in urls:
                urls.append(url)
            if len(urls) >= MAX_APPEARANCES:
                return urls
    return urls


def _record(node: dict, ids: dict) -> ClaimReviewRecord:
    if _deeper_than(node, MAX_RECORD_DEPTH):
        raise _Invalid("record is nested too deeply")
    dumped = json.dumps(node, ensure_ascii=False)
    if len(dumped) > MAX_RECORD_CHARS:
        raise _Invalid("record is larger than 1 MB")
    if "\\u0000" in dumped or _SURROGATE.search(dumped):
        dumped = _ESCAPED_NUL.sub(r"\1", dumped).encode("utf-8", "replace").decode("utf-8")
        node = json.loads(dumped)

    value = _get(node, "claimReviewed")
    if value is None:
        raise _Invalid("missing claimReviewed")
    raw_claim = _raw_text(value)
    if raw_claim is None:
        raise _Invalid("claimReviewed is not text")
    claim = _clean_text(raw_claim, MAX_CLAIM_CHARS)
    if not claim:
        raise _Invalid("claimReviewed is empty")

    if _get(node, "reviewRating") in (None, "", []):
        raise _Invalid("missing reviewRating")
    rating = _first_node(_get(node, "reviewRating"), ids)
    if rating is None:
        raise _Invalid("reviewRating is not a Rating object")
    rating_name = _text(_get(rating, "alternateName")) or _text(_get(rating, "name"))
    rating_value = _number(rating, "ratingValue")
    best, worst = _number(rating, "bestRating"), _number(rating, "worstRating")
    if not rating_name and rating_value is None:
        raise _Invalid("reviewRating has no alternateName, name or ratingValue")

    url = _http_url(_get(node, "url"))
    if url is None:
        raw_url = (_raw_text(_get(node, "url")) or "").strip()
        if not raw_url:
            raise _Invalid("missing url")
        scheme = _SCHEME.match(raw_url)
        if len(raw_url) > MAX_URL_CHARS:
            raise _Invalid("url is too long")
        http = scheme is not None and scheme.group(1).lower() in ("http", "https")
        raise _Invalid("url is not a valid web address" if http else "url is not http(s)")

    author_name, author_url = _party(_get(node, "author"), ids)
    item = _first_node(_get(node, "itemReviewed"), ids) or {}
    claimant, _ = _party(_get(item, "author"), ids) if item else ("", "")
    return ClaimReviewRecord(
        claim_reviewed=claim,
        rating_name=rating_name,
        rating_value=rating_value,
        best_rating=best,
        worst_rating=worst,
        url=url,
        author_name=author_name,
        author_url=author_url,
        date_published=_date(_get(node, "datePublished")),
        language=_language(_get(node, "inLanguage"), ids),
        claimant=claimant,
        appearance_urls=_appearances(item, ids) if item else [],
        claim_date=_date(_get(item, "datePublished")) if item else None,
        raw=node,
    )


# --- writing a record back -----------------------------------------------------------------


def _json_number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def to_claimreview_jsonld(record: ClaimReviewRecord) -> dict:
    """The record as a schema.org ClaimReview node (Google's profile); parse_claimreviews reads
    it back as an equal record. Empty fields are left out rather than written empty."""
    rating: dict = {"@type": "Rating"}
    if record.rating_name:
        rating["alternateName"] = record.rating_name
    for name, value in (
        ("ratingValue", record.rating_value),
        ("bestRating", record.best_rating),
        ("worstRating", record.worst_rating),
    ):
        if value is not None:
            rating[name] = _json_number(value)

    node: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": record.url,
        "claimReviewed": record.claim_reviewed,
        "reviewRating": rating,
    }
    if record.author_name or record.author_url:
        author = {"@type": "Organization"}
        if record.author_name:
            author["name"] = record.author_name
        if record.author_url:
            author["url"] = record.author_url
        node["author"] = author
    if record.date_published:
        node["datePublished"] = record.date_published.isoformat()
    if record.language:
        node["inLanguage"] = record.language

    item: dict = {"@type": "Claim"}
    if record.claimant:
        item["author"] = {"@type": _claimant_type(record), "name": record.claimant}
    if record.claim_date:
        item["datePublished"] = record.claim_date.isoformat()
    if record.appearance_urls:
        # Which appearance came first is not kept, so none is written as firstAppearance.
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in record.appearance_urls]
    if len(item) > 1:
        node["itemReviewed"] = item
    return node


def _claimant_type(record: ClaimReviewRecord) -> str:
    """The claimant's schema.org type as the publisher gave it (Person or Organization)."""
    item = record.raw.get("itemReviewed") if isinstance(record.raw, dict) else None
    item = item[0] if isinstance(item, list) and item else item
    author = item.get("author") if isinstance(item, dict) else None
    author = author[0] if isinstance(author, list) and author else author
    kind = author.get("@type") if isinstance(author, dict) else None
    return kind if kind in ("Person", "Organization") else "Person"

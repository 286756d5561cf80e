"""Reference-library documents -> text -> passages for evidence search.

Editors upload trusted documents (reports, laws, statistics releases) as plain text,
Markdown, HTML or PDF. Their text is kept whole: the news boilerplate cleaner is not run
on them (a line like "Fonte: Istat" is evidence here, not page furniture); only HTML goes
through main-content extraction, because a saved web page still carries its menus.

Passages are what evidence search ranks and quotes, so they are whole sentences of one
paragraph, a few hundred characters long, with offsets into the document text.

PDFs are parsed by pypdf, which is pure Python: on a hostile file the guards are the
page and character caps, a cap on each page's drawing operators, a time budget checked
before every operator pypdf interprets, and pypdf's own limits on decompressed stream
sizes. Nothing here imports Django.
"""

import io
import logging
import re
import time
import unicodedata
from dataclasses import dataclass

from claims.extraction.blocks import HEADING, LIST_ITEM, Block, text_to_blocks
from claims.extraction.decode import decode_bytes
from claims.extraction.errors import InputError
from claims.extraction.html import html_to_blocks
from claims.extraction.language import SUPPORTED, detect_language
from claims.extraction.markdown import markdown_to_blocks
from claims.extraction.pipeline import HTML, MARKDOWN, guess_content_type
from claims.extraction.segment import split_sentences

__all__ = ["DocumentError", "DocumentText", "Passage", "document_text", "split_passages"]

log = logging.getLogger(__name__)

PDF = "application/pdf"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 2000
MAX_PDF_CHARS = 5_000_000
# pypdf reads a normal page in milliseconds; a file that needs minutes is built to stall a worker.
PDF_SECONDS = 120.0
# A page of dense text is 20-100 KB of drawing operators; pypdf parses about 1 MB a second, so
# a page many times bigger is a drawing (a map, a chart) with no prose worth the wait, or a trap.
MAX_PAGE_CONTENT_BYTES = 8 * 1024 * 1024

# A plain-text file is hard-wrapped when its long lines stop at about the same width
# (72-80 columns from mail and old editors); beyond this many characters a line is a paragraph.
_WRAP_WIDTH = 100
_ENDS = (".", "!", "?", "…", ":", ";")
_CLOSING = "\"'”’»)]"
# "infor-\nmazione": a word broken at the line end, hyphen (or soft hyphen) and lowercase after.
_HYPHEN_END = re.compile(r"[^\W\d_][-\u2010\u00ad]$")
_BULLET = re.compile(r"(?:[•▪◦●○■□‣⁃–—*-]|\d{1,3}[.)]|[a-z][.)])\s")
# Only these are always bullets: a dash or "12. " at the start of a line may be a wrapped sentence going on.
_SYMBOL_BULLETS = frozenset("•▪◦●○■□‣⁃")
# Page furniture PDF text extraction puts at the top or bottom of each page.
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:page|pag|pagina|p)\.?\s*)?\d{1,4}(?:\s*(?:/|of|di|de)\s*\d{1,4})?[\W_]*$", re.I
)
_DIGITS = re.compile(r"\d+")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Titles PDF writers fill in by themselves: not a document's title.
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint)|untitled|document\d*$|senza titolo)|\.(?:docx?|odt|pdf|indd|tex)$", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_MAX_HEADING = 200


class DocumentError(ValueError):
    """A document we refuse, with a one-line message an editor can act on."""


class _OutOfTime(Exception):
    """Raised from inside pypdf's text extraction when the PDF's time budget is spent."""


@dataclass
class DocumentText:
    title: str
    text: str  # the whole extracted text, paragraphs separated by blank lines
    content_type: str  # "text/plain" | "text/markdown" | "text/html" | "application/pdf"
    language: str  # ISO 639-1, or "" when it could not be identified
    pages: int | None  # for PDFs


@dataclass
class Passage:
    position: int
    start: int  # offsets into DocumentText.text
    end: int
    text: str


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB"


def document_text(
    data: bytes, *, filename: str = "", content_type: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> DocumentText:
    """An uploaded document's text; DocumentError for empty, oversized, binary, encrypted or broken files."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DocumentError("The document must be uploaded as a file.")
    data = bytes(data)
    if len(data) > max_bytes:
        raise DocumentError(f"The document is too large ({_mb(len(data))}); the limit is {_mb(max_bytes)}.")
    if not data.strip():
        raise DocumentError("The document is empty.")
    declared = (content_type or "").split(";")[0].strip().lower()
    # The PDF header may sit anywhere in the first 1024 bytes (the spec allows junk before it).
    if b"%PDF-" in data[:1024]:
        return _pdf_document(data, filename)
    if declared == PDF or filename.lower().endswith(".pdf"):
        raise DocumentError("The file is called a PDF but is not one (it has no %PDF- header).")
    return _text_document(data, filename, declared)


# --- text, Markdown, HTML ---------------------------------------------------------------


def _text_document(data: bytes, filename: str, declared: str) -> DocumentText:
    try:
        text = decode_bytes(data, max_bytes=len(data))
    except InputError as exc:
        # decode's advice is for articles; reference documents may also be PDFs.
        reason = str(exc).split(";")[0].rstrip(".")
        raise DocumentError(f"{reason}; upload a PDF, plain text, Markdown or HTML file.") from None
    ctype = guess_content_type(text, declared=declared, filename=filename)
    title = ""
    if ctype == HTML:
        title, blocks, _ = html_to_blocks(text)
        paragraphs = _block_paragraphs(blocks)
    elif ctype == MARKDOWN:
        blocks, _ = markdown_to_blocks(text)
        title = blocks[0].text if blocks and blocks[0].kind == HEADING else ""
        paragraphs = _block_paragraphs(blocks)
    else:
        paragraphs = _plain_paragraphs(text_to_blocks(text))
    return _finish(paragraphs, title, ctype, filename, pages=None)


def _block_paragraphs(blocks: list[Block]) -> list[str]:
    """Markdown and HTML blocks -> paragraphs; a run of list items (or table rows) is one
    paragraph with an item per line, so a list is not cut into one-line passages."""
    paragraphs: list[str] = []
    items: list[str] = []
    for block in blocks:
        # A line break inside a Markdown paragraph is a soft wrap: it reads as a space.
        line = " ".join(block.text.split("\n"))
        if block.kind == LIST_ITEM:
            items.append(line)
            continue
        if items:
            paragraphs.append("\n".join(items))
            items = []
        paragraphs.append(line)
    if items:
        paragraphs.append("\n".join(items))
    return paragraphs


def _wrap_width(lines: list[str]) -> int:
    """The width a text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(line) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _plain_paragraphs(blocks: list[Block]) -> list[str]:
    lines = [line for block in blocks for line in block.text.split("\n")]
    width = _wrap_width(lines)
    long_lines = sum(1 for line in lines if len(line) >= 0.6 * width)
    wrapped = 0 < width <= _WRAP_WIDTH and long_lines >= 0.5 * len(lines)
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_unwrap(block.text.split("\n"), width, wrapped))
    return paragraphs


def _unwrap(lines: list[str], width: int, wrapped: bool) -> list[str]:
    """Hard-wrapped lines -> paragraphs: words broken by a hyphen are joined, lines of one
    paragraph are joined with a space, a list is one paragraph with an item per line.

    In wrapped text (PDF pages, 72-column files) a paragraph ends at a short line ending in
    terminal punctuation, and a short unpunctuated line between capitalised lines is a
    heading. In text that is not wrapped every line is a paragraph, unless it stops
    mid-sentence.
    """
    lines = [" ".join(line.split()) for line in lines]
    paragraphs: list[str] = []
    current = last = ""  # the paragraph so far and its last line
    listing = False  # the current paragraph is a list
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = last = ""
            continue
        if not current:
            current, last, listing = line, line, _BULLET.match(line) is not None
            continue
        if _HYPHEN_END.search(last) and line[0].islower():
            current, last = current[:-1] + line, line
            continue
        ended = last.rstrip(_CLOSING).endswith(_ENDS)
        if _BULLET.match(line) and (line[0] in _SYMBOL_BULLETS or ended or listing):
            if listing or current.endswith(":"):
                current, last, listing = f"{current}\n{line}", line, True
            else:
                paragraphs.append(current)
                current, last, listing = line, line, True
            continue
        if wrapped:
            short = 0.6 * width
            capital = line[0].isupper() or line[0].isdigit()
            heading_before = not ended and len(last) < short and capital
            nxt = lines[i + 1][:1] if i + 1 < len(lines) else ""
            heading_here = (
                ended
                and capital
                and len(line) < short
                and not line.rstrip(_CLOSING).endswith(_ENDS)
                and (nxt.isupper() or nxt.isdigit())
            )
            joins = not ((ended and len(last) < 0.8 * width) or heading_before or heading_here)
        else:
            joins = not ended and line[0].islower()
        if joins:
            current, last = f"{current} {line}", line
        else:
            paragraphs.append(current)
            current, last, listing = line, line, _BULLET.match(line) is not None
    if current:
        paragraphs.append(current)
    return paragraphs


def _heading_like(paragraph: str) -> bool:
    return (
        "\n" not in paragraph
        and len(paragraph) <= _MAX_HEADING
        and not paragraph.rstrip(_CLOSING).endswith((".", "!", "?", "…", ";"))
    )


def _finish(paragraphs: list[str], title: str, ctype: str, filename: str, pages: int | None) -> DocumentText:
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        raise DocumentError("The document has no text.")
    text = unicodedata.normalize("NFC", "\n\n".join(paragraphs))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a PDF's broken ToUnicode map: PostgreSQL refuses them
        text = text.encode("utf-8", "replace").decode("utf-8")
    if not title and _heading_like(paragraphs[0]) and len(paragraphs) > 1:
        title = paragraphs[0]
    if not title and filename:
        title = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.replace("\\", "/").rsplit("/", 1)[-1])
    guess = detect_language(text)
    return DocumentText(
        title=" ".join(title.split())[:300], text=text, content_type=ctype, language=guess.code, pages=pages
    )


# --- PDF ------------------------------------------------------------------------------------


def _broken(exc: Exception) -> DocumentError:
    detail = " ".join(str(exc).split())[:120] or type(exc).__name__
    return DocumentError(f"The PDF is damaged and could not be read ({detail}).")


def _pdf_document(data: bytes, filename: str) -> DocumentText:
    import pypdf

    encrypted = DocumentError("This is an encrypted PDF (it needs a password to open); upload an unencrypted copy.")
    # pypdf raises whatever its parser trips on with a hostile file (KeyError, ValueError,
    # struct.error, RecursionError ...), not only PyPdfError: anything it raises means "damaged".
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # A PDF with only an owner password (copy or print restrictions, common on
            # government reports) opens with the empty user password, as in any viewer.
            # AES needs the cryptography package, which we do not ship: refused like a password.
            try:
                opened = reader.decrypt("")
            except Exception:
                log.info("cannot decrypt a PDF with the empty password", exc_info=True)
                opened = 0
            if not opened:
                raise encrypted
        count = len(reader.pages)
    except DocumentError:
        raise
    except pypdf.errors.FileNotDecryptedError:
        raise encrypted from None
    except Exception as exc:
        raise _broken(exc) from None
    if count == 0:
        raise DocumentError("The PDF has no pages.")
    if count > MAX_PDF_PAGES:
        raise DocumentError(f"The PDF has {count:,} pages; the limit is {MAX_PDF_PAGES:,}.")

    deadline = time.monotonic() + PDF_SECONDS
    pages: list[list[str]] = []
    chars = failed = too_complex = 0
    for number in range(count):
        try:
            page_text = _page_text(reader.pages[number], deadline)
        except _OutOfTime:
            raise DocumentError(f"The PDF took too long to read (over {PDF_SECONDS:.0f} seconds).") from None
        except Exception:
            # One damaged page should not cost the editor a 300-page report.
            log.warning("pypdf could not read page %d of %r", number + 1, filename, exc_info=True)
            failed += 1
            page_text = ""
        if page_text is None:
            too_complex += 1
            page_text = ""
        chars += len(page_text)
        if chars > MAX_PDF_CHARS:
            raise DocumentError(f"The PDF has more than {MAX_PDF_CHARS:,} characters of text; split it into parts.")
        page_text = _CONTROL.sub("", page_text.translate(_LIGATURES)).replace("\r\n", "\n").replace("\r", "\n")
        pages.append(page_text.split("\n"))
    if failed == count:
        raise DocumentError("The PDF is damaged: none of its pages could be read.")

    lines = [line for page in _drop_page_furniture(pages) for line in page]
    paragraphs = _unwrap(lines, _wrap_width(lines), wrapped=True)
    if not any(p.strip() for p in paragraphs):
        if too_complex:
            raise DocumentError(
                f"The PDF has no readable text ({too_complex} of its pages are drawings too complex to read)."
            )
        raise DocumentError("The PDF has no text layer (scanned pages?); text recognition (OCR) is not supported.")
    title = ""
    try:
        meta_title = (reader.metadata or {}).get("/Title")
        title = " ".join(str(meta_title).split()) if meta_title else ""
    except Exception:  # a broken Info dictionary costs the title, not the document
        log.debug("unreadable PDF metadata", exc_info=True)
    if len(title) < 3 or _JUNK_TITLE.search(title):
        title = ""
    return _finish(paragraphs, title, PDF, filename, pages=count)


def _page_text(page, deadline: float) -> str | None:
    """The page's text; None for a page too big to be worth reading."""
    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    if size > MAX_PAGE_CONTENT_BYTES:
        log.warning("skipped a PDF page with %d bytes of drawing operators", size)
        return None

    # pypdf calls this before every operator, form XObjects included: the one place a budget
    # can stop a page that is slow for any reason, not only for its size.
    def check_time(*_):
        if time.monotonic() > deadline:
            raise _OutOfTime

    return page.extract_text(visitor_operand_before=check_time) or ""


def _drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers, and running headers and footers repeated on most pages, are not text:
    left in, they would land in the middle of sentences that run across a page break."""
    trimmed = []
    for page in pages:
        lines = [line for line in page if line.strip()]
        for _ in range(2):  # "12" under "Relazione 2023 — pagina 12 di 40", or the other way round
            if lines and _PAGE_NUMBER.match(lines[0].strip()):
                lines.pop(0)
            if lines and _PAGE_NUMBER.match(lines[-1].strip()):
                lines.pop()
        trimmed.append(lines)

    def edges(lines):
        # Two lines at each end (a header can be a title over a chapter name), but never
        # most of a short page.
        n = 2 if len(lines) >= 8 else 1
        return set(range(min(n, len(lines)))) | set(range(max(0, len(lines) - n), len(lines)))

    def norm(line):
        return _DIGITS.sub("#", " ".join(line.lower().split()))

    if len(trimmed) < 3:
        return trimmed
    counts: dict[str, int] = {}
    for lines in trimmed:
        for key in {norm(lines[i]) for i in edges(lines)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, n in counts.items() if n >= max(3, len(trimmed) // 2)}
    return [
        [line for i, line in enumerate(lines) if i not in edges(lines) or norm(line) not in repeated]
        for lines in trimmed
    ]


# --- passages -------------------------------------------------------------------------------


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        start = pos
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        if match:
            pos = match.end()
    return spans


def _word_pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than max_chars -> pieces of about equal length, cut at spaces."""
    pieces = []
    while end - start > max_chars:
        parts = -(-(end - start) // max_chars)
        aim = start + (end - start) // parts  # never more than max_chars ahead
        low = start + (aim - start) // 2
        cut = max(text.rfind(" ", low, aim + 1), text.rfind("\n", low, aim + 1))
        if cut <= start:
            limit = start + max_chars
            ahead = [i for i in (text.find(" ", aim, limit), text.find("\n", aim, limit)) if i > start]
            cut = min(ahead) if ahead else limit  # no space at all (a URL, CJK): cut anyway
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _pack(pieces: list[tuple[int, int]], target: int, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive sentences -> groups of about equal length near target, none over max_chars.

    Aiming at total/ceil(total/target) rather than filling up to target keeps a paragraph of
    1.1 targets from ending in a one-sentence stub.
    """
    total = pieces[-1][1] - pieces[0][0]
    if total <= target:
        return [(pieces[0][0], pieces[-1][1])]
    goal = total / -(-total // target)
    groups = []
    group_start, group_end = pieces[0]
    for start, end in pieces[1:]:
        grown = end - group_start
        if grown > max_chars or (grown > goal and grown - goal > goal - (group_end - group_start)):
            groups.append((group_start, group_end))
            group_start = start
        group_end = end
    groups.append((group_start, group_end))
    return groups


def split_passages(text: str, lang: str, *, target_chars: int = 600, max_chars: int = 1200) -> list[Passage]:
    """Passages of whole sentences, in order: consecutive sentences of one paragraph packed to
    about target_chars, never across a paragraph boundary, a sentence over max_chars cut at
    spaces, and a heading kept with the passage that follows it. text[p.start:p.end] == p.text."""
    if max_chars < target_chars:
        raise ValueError("max_chars must be at least target_chars")
    rules = lang if lang in SUPPORTED else "xx"  # the segmenter's language-independent rules
    spans: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []  # headings waiting for the passage that follows them
    paragraphs = _paragraph_spans(text)
    for number, (p_start, p_end) in enumerate(paragraphs):
        paragraph = text[p_start:p_end]
        if number + 1 < len(paragraphs) and _heading_like(paragraph):
            if headings and p_end - headings[0][0] > max_chars:
                # A run of headings (a table of contents) too long to lead one passage.
                spans.extend(_pack(headings, target_chars, max_chars))
                headings = []
            headings.extend(_word_pieces(text, p_start, p_end, max_chars))
            continue
        pieces = []
        for s_start, s_end in split_sentences(paragraph, rules):
            pieces.extend(_word_pieces(text, p_start + s_start, p_start + s_end, max_chars))
        if not pieces:
            continue
        groups = _pack(pieces, target_chars, max_chars)
        if headings:
            if groups[0][1] - headings[0][0] <= max_chars:
                groups[0] = (headings[0][0], groups[0][1])
            else:
                spans.extend(_pack(headings, target_chars, max_chars))
            headings = []
        spans.extend(groups)
    if headings:
        spans.extend(_pack(headings, target_chars, max_chars))
    return [Passage(position, start, end, text[start:end]) for position, (start, end) in enumerate(spans)]

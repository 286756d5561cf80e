"""Bytes and pasted strings -> clean Unicode text, or a one-line InputError.

Newsroom files arrive as UTF-8, but also as cp1252 or latin-1 from old CMS exports
and Windows editors, sometimes as UTF-16 from Word's "Unicode text". Binary files
(PDFs, Word documents, images) get uploaded by mistake: refuse them by name rather
than store mojibake.
"""

import codecs
import re
import unicodedata

from .errors import InputError

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

# Magic numbers of the binary formats users most often upload by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document (.docx/.odt)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a media file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
)

# C0/C1 control characters other than tab and newlines: a text with many of them is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NUL = "\x00"
# A character a reader can see: not a space, and not one of the invisible format characters
# (zero-width space and joiners, direction marks and overrides, word joiner, BOM). Text made
# only of those looks empty and is refused as empty.
_VISIBLE = re.compile(
    r"[^\s\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(f"The article is too large ({human_size(size)}); the limit is {human_size(max_bytes)}.")


def _looks_utf16(data: bytes) -> str | None:
    # UTF-16 without a BOM: every other byte is NUL in Latin-script text.
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"The file starts with a {encoding} marker but is not valid {encoding} text."
                ) from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: cp1252 is a superset of latin-1's printable range and maps 0x80-0x9F
    # to the curly quotes and dashes Windows editors write; latin-1 takes the five
    # bytes cp1252 leaves undefined.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalize_text(text: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """Pasted or decoded text -> NFC text with \\n line ends; refuses binary and empty input.

    max_bytes limits the UTF-8 size; None when the caller already checked the raw bytes.
    """
    if not isinstance(text, str):
        raise InputError("The article must be text.")
    if max_bytes is not None:
        check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    # Lone surrogates (from broken JSON or clipboard conversions) cannot be stored.
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError("The file looks binary (it is full of control characters), not text.")
    # Stray NUL and control bytes (PostgreSQL cannot store NUL) are dropped, not refused.
    if controls or _NUL in text:
        text = _CONTROL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    if not _VISIBLE.search(text):
        raise InputError("The article is empty.")
    return text


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Uploaded bytes -> text; InputError for empty, oversized, binary or undecodable files."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise InputError("The file is empty.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"The file is {what}, not text; paste its text or save it as .txt, .md or .html.")
    # The limit applies to what was uploaded; re-encoding cp1252 as UTF-8 may grow it a little.
    return normalize_text(_decode(data), max_bytes=None)

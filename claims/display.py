"""Text people wrote, shown as it is, except for the characters that change how the rest
is shown without being seen themselves.

A right-to-left override (U+202E) makes "txt.exe" read "exe.txt"; zero-width spaces and
joiners hide inside words. A claim must not display differently from its text: each such
character is kept (offsets into the text stay right, copying gives the real text) but put
in an isolated span, so its effect ends there, and marked with its short name (app.css
shows it before the character: generated content, not text).
"""

import re
import unicodedata
from html import escape

from django.utils.safestring import SafeString, mark_safe

_LABELS = {
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2061": "FA",
    "\u2062": "IT",
    "\u2063": "IS",
    "\u2064": "IP",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
}
_HIDDEN = re.compile("[" + "".join(_LABELS) + "]")


def _mark(match) -> str:
    char = match.group()
    name = unicodedata.name(char, "").lower()
    return f'<span class="hidden-char" data-label="{_LABELS[char]}" title="U+{ord(char):04X} {name}">{char}</span>'


def has_hidden(text: str) -> bool:
    return bool(_HIDDEN.search(text))


def show_text(text: str) -> SafeString:
    """`text` escaped for HTML, with every invisible formatting character neutralised and marked."""
    escaped = escape(text)
    if not _HIDDEN.search(escaped):
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    return mark_safe(_HIDDEN.sub(_mark, escaped))  # noqa: S308 (escaped above; the marks are ours)

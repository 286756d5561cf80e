"""The block structure every input format is reduced to before cleaning.

A block is a paragraph, heading, list item, quote or caption. The cleaned text of an
article is its blocks joined by blank lines; claim spans point into that text.
"""

import re
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list"
QUOTE = "quote"
CAPTION = "caption"


@dataclass
class Block:
    kind: str
    text: str
    # (anchor text, URL) of the links inside the block, in order: the sources the writer cited.
    links: list[tuple[str, str]] = field(default_factory=list)


_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")


def tidy(text: str) -> str:
    """Collapse runs of spaces (tabs, no-break and other Unicode spaces) inside each line and trim it."""
    # The common case, already tidy: single spaces and newlines only, nothing at either end.
    # Counting in C beats any regex here (character classes are slow on non-ASCII text).
    if len(text.split()) == text.count(" ") + text.count("\n") + 1:
        return text
    # str.split() with no argument splits on every Unicode space, in C: far cheaper than a regex per line.
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def text_to_blocks(text: str) -> list[Block]:
    """Plain text: a block per paragraph (blank-line separated).

    Within a paragraph, single line breaks stay: a short line over a long one is
    usually a title or caption, which the cleaner and segmenter treat as their own line.
    """
    blocks = []
    for chunk in _BLANK_LINES.split(text):
        chunk = tidy(chunk)
        if chunk:
            blocks.append(Block(PARAGRAPH, chunk))
    return blocks


def join_blocks(blocks: list[Block]) -> tuple[str, list[tuple[int, int]]]:
    """The cleaned text and each block's (start, end) in it."""
    parts, offsets, pos = [], [], 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(block.text)
        offsets.append((pos, pos + len(block.text)))
        pos += len(block.text)
    return "".join(parts), offsets

"""Markdown -> blocks, without a Markdown library.

We only need the text a reader sees and which lines are headings: headings are
never claims, and link targets are kept aside as the article's cited sources.
"""

import re

from .blocks import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block, tidy

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
# The destination is <...> (CommonMark's form for URLs with spaces or parentheses, which
# trafilatura writes for "wiki/Disoccupazione_(economia)") or a bare URL whose parentheses
# are balanced, one level deep as in Wikipedia addresses.
_LINK = re.compile(r"\[([^\]]+)\]\((?:<([^<>\n]+)>|((?:[^\s()]|\([^\s()]*\))+?))(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+(\S+)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`+([^`]*)`+")
# Emphasis markers around words; a lone * (e.g. "contrassegnati *") stays.
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# A caption under an image is usually set in italics: "*Source: Ofgem*", "_Foto: ANSA_".
_WHOLLY_EMPHASISED = re.compile(r"(\*{1,2}|_{1,2})(?=\S)(?:(?!\1).)+(?<=\S)\1")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def _inline(text: str, links: list[str], anchors: list[tuple[str, str]] | None = None) -> str:
    text = _FOOTNOTE_REF.sub("", text)
    text = _IMAGE.sub("", text)

    def link(match):
        url = match.group(2) or match.group(3)
        links.append(url)
        if anchors is not None:
            anchors.append((match.group(1), url))
        return match.group(1)

    def autolink(match):
        links.append(match.group(1))
        if anchors is not None:
            anchors.append((match.group(1), match.group(1)))
        return match.group(1)

    text = _LINK.sub(link, text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(autolink, text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(2):  # nested emphasis: ***bold italic***
        text = _EMPHASIS.sub(r"\2", text)
    return _ESCAPE.sub(r"\1", text)


def markdown_to_blocks(text: str) -> tuple[list[Block], list[str]]:
    """Blocks and the link targets found (in order)."""
    blocks: list[Block] = []
    links: list[str] = []
    para: list[str] = []
    para_kind = PARAGRAPH
    in_fence = False
    after_image = False  # the line before was an image: an emphasised line now is its caption

    def flush():
        nonlocal para, para_kind
        if para:
            anchors: list[tuple[str, str]] = []
            joined = tidy(_inline("\n".join(para), links, anchors))
            if joined:
                blocks.append(Block(para_kind, joined, anchors))
        para, para_kind = [], PARAGRAPH

    for line in text.split("\n"):
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:  # code is not prose
            continue
        if not line.strip():
            flush()
            continue
        under_image, after_image = after_image, False
        ref = _REF_DEF.match(line)
        if ref:
            links.append(ref.group(1))
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            para, para_kind = [heading.group(2)], HEADING
            flush()
            continue
        if para and para_kind == PARAGRAPH and _SETEXT.match(line) and len(para) == 1:
            para_kind = HEADING
            flush()
            continue
        if _RULE.match(line) or _TABLE_SEP.match(line):
            flush()
            continue
        if line.lstrip().startswith("|"):
            # Table rows: each cell's text as a list item; tables rarely hold sentences.
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            para, para_kind = [" · ".join(c for c in cells if c)], LIST_ITEM
            flush()
            continue
        item = _LIST.match(line)
        if item:
            flush()
            para, para_kind = [line[item.end() :]], LIST_ITEM
            continue
        quote = _QUOTE.match(line)
        if quote:
            if para_kind != QUOTE:
                flush()
                para_kind = QUOTE
            para.append(line[quote.end() :])
            continue
        if _IMAGE.fullmatch(line.strip()):
            # Alt text describes a picture for those who cannot see it: it is not article
            # text, whatever it says ("Chart: energy bills 2015-2026"). What the writer put
            # under the picture is its caption.
            flush()
            after_image = True
            continue
        if under_image and not para and _WHOLLY_EMPHASISED.fullmatch(line.strip()):
            para_kind = CAPTION
        para.append(line)
    flush()
    return blocks, links

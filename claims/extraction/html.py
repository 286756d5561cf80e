"""HTML page -> main-content blocks.

trafilatura finds the article body and leaves out navigation, scripts, styles,
cookie banners, share buttons, related links, comment sections and footers. It
returns Markdown, which markdown.py turns into blocks, so headings stay headings.
A page trafilatura finds no main content in (a bare fragment) falls back to the
visible text of its content elements.
"""

import logging
import re
from html.parser import HTMLParser

from .blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, tidy
from .markdown import markdown_to_blocks

log = logging.getLogger(__name__)

_LOOKS_HTML = re.compile(r"<\s*(html|body|head|p|div|article|h[1-6]|span|br|a|section|main|!doctype)\b", re.I)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "button",
    "select",
    "textarea",
    "input",
)
_BLOCK_TAGS = {
    "h1": HEADING,
    "h2": HEADING,
    "h3": HEADING,
    "h4": HEADING,
    "h5": HEADING,
    "h6": HEADING,
    "p": PARAGRAPH,
    "li": LIST_ITEM,
    "blockquote": PARAGRAPH,
    "figcaption": PARAGRAPH,
    "td": LIST_ITEM,
}


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text[:5000]))


# Elements whose text is never shown to a reader: their text must not reach a title.
_HIDDEN_TAGS = ("script", "style", "noscript", "template")


def _title(html: str) -> str:
    try:
        import lxml.html
        from trafilatura.metadata import extract_metadata

        root = lxml.html.fromstring(html)
        for hidden in list(root.iter(*_HIDDEN_TAGS)):
            hidden.drop_tree()  # "<h1>Titolo <script>alert(1)</script></h1>" is titled "Titolo"
        meta = extract_metadata(root)
    except Exception:  # metadata is a nicety; never fail an article over it
        log.debug("metadata extraction failed", exc_info=True)
        return ""
    return tidy(meta.title or "") if meta is not None else ""


def _fallback_blocks(html: str) -> list[Block]:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return []
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    blocks = []
    for el in root.iter(*_BLOCK_TAGS):
        if any(anc.tag in _BLOCK_TAGS for anc in el.iterancestors()):
            continue  # the enclosing block already holds this text
        text = tidy(el.text_content())
        if text:
            blocks.append(Block(_BLOCK_TAGS[el.tag], text))
    if not blocks:
        text = tidy(root.text_content())
        blocks = [Block(PARAGRAPH, line) for line in text.split("\n") if line.strip()]
    return blocks


class _FlatText(HTMLParser):
    """The text of block elements, read as a flat stream of tags: no tree, so no depth limit.
    libxml2 (under lxml and trafilatura) silently drops everything nested deeper than 255
    elements, so a page of 5,000 nested <div>s around one paragraph would lose it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._hidden = 0  # inside <script>, <nav>...: nesting count
        self._kind: str | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS and self._kind is None:
            self._kind, self._parts = _BLOCK_TAGS[tag], []
        elif tag == "br" and self._kind is not None:
            self._parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _DROP_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS and self._kind is not None:
            text = tidy("".join(self._parts))
            if text:
                self.blocks.append(Block(self._kind, text))
            self._kind = None

    def handle_data(self, data):
        if self._kind is not None and not self._hidden:
            self._parts.append(data)


def _flat_blocks(html: str) -> list[Block]:
    parser = _FlatText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def html_to_blocks(html: str) -> tuple[str, list[Block], list[str]]:
    """(title, blocks, links) of the page's main content."""
    import trafilatura

    markdown = None
    try:
        markdown = trafilatura.extract(
            html,
            output_format="markdown",
            include_comments=False,
            include_images=False,
            include_tables=True,
            include_links=True,
            deduplicate=False,
        )
    except Exception:  # malformed markup must degrade to the fallback, not fail the article
        log.warning("trafilatura failed on a page; using the plain fallback", exc_info=True)
    if markdown and markdown.strip():
        blocks, links = markdown_to_blocks(markdown)
    else:
        blocks, links = _fallback_blocks(html) or _flat_blocks(html), []
    return _title(html), blocks, links

"""HTML page -> main-content blocks.

trafilatura finds the article body and leaves out navigation, scripts, styles,
cookie banners, share buttons, related links, comment sections and footers. It
returns Markdown, which markdown.py turns into blocks, so headings stay headings.
A page trafilatura finds no main content in (a bare fragment) falls back to the
visible text of its content elements.
"""

import logging
import re

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


def _title(html: str) -> str:
    try:
        from trafilatura.metadata import extract_metadata

        meta = extract_metadata(html)
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
        blocks, links = _fallback_blocks(html), []
    return _title(html), blocks, links

"""Source archiving: fetch a URL through the SSRF-safe fetcher and keep what came back.

The snapshot records the HTTP status, the final URL after redirects, the page title,
its extracted text and the SHA-256 of the bytes received, so a reviewer can cite what
the page said on the day even if it changes or disappears later.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from .fetch import FetchError, fetch

log = logging.getLogger(__name__)

_MAX_TEXT = 500_000  # characters of extracted text kept per snapshot


@dataclass
class ArchiveResult:
    requested_url: str
    final_url: str = ""
    status_code: int | None = None
    content_type: str = ""
    title: str = ""
    text: str = ""
    sha256: str = ""
    size: int = 0
    error: str = ""
    # FetchError.code of a fetch that produced no response ("blocked_address", "timeout"...):
    # what the pages say in the reader's language; `error` keeps the technical detail.
    error_code: str = ""
    elapsed_ms: int = 0
    transient: bool = False  # the failure may go away: retry later

    @property
    def dead(self) -> bool:
        return bool(self.error) or self.status_code is None or self.status_code >= 400


def _extract_text(body: bytes, content_type: str, charset: str | None, fallback: str) -> tuple[str, str]:
    """(title, text) of a fetched body; never raises."""
    try:
        if content_type == "application/pdf":
            from .documents import document_text

            doc = document_text(body, content_type=content_type)
            return doc.title, doc.text
        text = fallback
        if content_type in ("text/html", "application/xhtml+xml"):
            from claims.extraction.blocks import join_blocks
            from claims.extraction.html import html_to_blocks

            title, blocks, _ = html_to_blocks(text)
            return title, join_blocks(blocks)[0]
        return "", text
    except Exception as exc:  # a page we cannot read is still archived (bytes hash, status)
        log.info("could not extract text from %s body: %s", content_type, exc)
        return "", ""


def archive_url(url: str) -> ArchiveResult:
    started = time.monotonic()
    try:
        response = fetch(url)
    except FetchError as exc:
        return ArchiveResult(
            requested_url=url,
            error=str(exc)[:500],
            error_code=exc.code,
            transient=exc.transient,
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )
    title, text = ("", "")
    if response.status < 400 and response.body:
        title, text = _extract_text(response.body, response.content_type, response.charset, response.text())
    return ArchiveResult(
        requested_url=url,
        final_url=response.final_url,
        status_code=response.status,
        content_type=response.content_type,
        title=" ".join(title.split())[:500],
        text=text[:_MAX_TEXT].replace("\x00", ""),
        sha256=hashlib.sha256(response.body).hexdigest(),
        size=len(response.body),
        elapsed_ms=int(response.elapsed * 1000),
        # A 5xx or 429 may be a passing outage: worth another try before calling the link dead.
        transient=response.status >= 500 or response.status == 429,
    )

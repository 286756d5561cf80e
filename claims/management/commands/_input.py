"""Reading an article file (or stdin) for the CLI commands, with one-line errors."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError


def read_input(name: str, limit: int | None = None) -> bytes:
    """Bytes of FILE, or of stdin for '-', up to one byte past `limit` (default: the article
    size limit) so the caller can say "too large"; refuses folders and missing files."""
    limit = limit or settings.FACTCHECK_MAX_ARTICLE_BYTES
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
        return data
    path = Path(name)
    if not path.exists():
        raise CommandError(f"{name}: no such file")
    if not path.is_file():
        raise CommandError(f"{name}: not a regular file")
    try:
        with path.open("rb") as fh:
            # Read one byte past the limit: enough to say "too large" without loading a huge file.
            return fh.read(limit + 1)
    except OSError as exc:
        raise CommandError(f"{name}: {exc.strerror}") from None

"""Reading an article file (or stdin) for the CLI commands, with one-line errors."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from claims.extraction.decode import human_size


def read_input(name: str, limit: int | None = None) -> bytes:
    """Bytes of FILE, or of stdin for '-', at most `limit` (default: the article size limit);
    a larger input is refused with its real size (a file's from the file system: only the
    first byte past the limit is ever read). Refuses folders and missing files."""
    limit = limit or settings.FACTCHECK_MAX_ARTICLE_BYTES
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise CommandError(f"-: {too_large(None, limit)}")
        return data
    path = Path(name)
    if not path.exists():
        raise CommandError(f"{name}: no such file")
    if not path.is_file():
        raise CommandError(f"{name}: not a regular file")
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
            if len(data) > limit:
                raise CommandError(f"{name}: {too_large(path.stat().st_size, limit)}")
            return data
    except OSError as exc:
        raise CommandError(f"{name}: {exc.strerror}") from None


def too_large(size: int | None, limit: int) -> str:
    what = human_size(size) if size is not None else f"more than {human_size(limit)}"
    return f"The input is too large ({what}); the limit is {human_size(limit)}."

"""Print the claims the pipeline finds in an article, without touching the database."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.decode import decode_bytes
from claims.extraction.errors import InputError
from claims.extraction.pipeline import extract, guess_content_type

from ._input import read_input


def format_text(result) -> str:
    lines = [
        f"Title: {result.title or '(none)'}",
        f"Language: {result.language or 'unknown'}" + (f"  ({result.language_note})" if result.language_note else ""),
        f"Claims: {len(result.claims)} sentences, {result.checkworthy_count} check-worthy",
        "",
    ]
    for i, c in enumerate(result.claims, 1):
        flag = "CLAIM" if c.checkworthy else "-----"
        why = f" ({c.reason})" if c.reason else ""
        lines.append(f"{i:3d}. [{flag} {c.score:.2f} {c.type}{why}] {c.text}")
        details = []
        if c.signals.get("numbers"):
            details.append("numbers: " + ", ".join(n["text"] for n in c.signals["numbers"]))
        for key in ("entities", "attribution", "hedges"):
            if c.signals.get(key):
                details.append(f"{key}: " + ", ".join(c.signals[key]))
        for m in c.signals.get("mismatch") or []:
            details.append(f"headline says {m['headline']}, the article {m['body']}")
        if details:
            lines.append("       " + "; ".join(details))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Extract the claims of an article file (or '-' for stdin) and print them. Writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Article file (.txt, .md, .html) or - for stdin")
        parser.add_argument("--lang", default="auto", help="auto (default), it, en or another ISO code")
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument(
            "--content-type", default="", help="text/plain, text/markdown or text/html (default: guess)"
        )

    def handle(self, *args, file, lang, format, content_type, **options):
        data = read_input(file)
        try:
            text = decode_bytes(data, max_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES)
            ctype = guess_content_type(text, declared=content_type, filename="" if file == "-" else file)
            result = extract(text, content_type=ctype, lang=lang)
        except InputError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if format == "json":
            # allow_nan=False: "Infinity" is not JSON; the pipeline never yields it, and if a rule
            # ever did, a clear error beats output other programs cannot read.
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, allow_nan=False))
        else:
            self.stdout.write(format_text(result))

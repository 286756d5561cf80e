"""Add trusted documents to the reference library (text, Markdown, HTML, PDF)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services import InputError
from claims.services.library import DocumentError, document_add

from ._input import read_input


class Command(BaseCommand):
    help = "Add documents to the reference library the evidence step searches; the same file twice is kept once."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--title", default="", help="Title (single file only)")
        parser.add_argument("--source-url", default="", help="Where the document was published (single file only)")

    def handle(self, *args, files, title, source_url, **options):
        if (title or source_url) and len(files) > 1:
            raise CommandError("--title and --source-url apply to a single file")
        failed = 0
        for name in files:
            try:
                document, created = document_add(
                    data=read_input(name, limit=20 * 1024 * 1024),
                    filename=Path(name).name,
                    title=title,
                    source_url=source_url,
                )
            except (DocumentError, InputError, CommandError) as exc:
                self.stderr.write(f"{name}: {exc}")
                failed += 1
                continue
            verb = "added" if created else "already present"
            self.stdout.write(f"{name}: {verb} as document {document.pk} ({document.passage_count} passages)")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) refused")

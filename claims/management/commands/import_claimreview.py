"""Import fact-checks published by others as schema.org ClaimReview."""

import json

from django.core.management.base import BaseCommand, CommandError

from claims.claimreview.record import ClaimReviewError
from claims.services.factchecks import factcheck_import_claimreview
from claims.services.match_index import ProgressBar, index_factchecks

from ._input import read_input


class Command(BaseCommand):
    help = (
        "Import ClaimReview JSON-LD (one object, a list, @graph, a DataFeed, JSON Lines or HTML pages with "
        "ld+json) as earlier fact-checks for claim matching. Re-importing updates in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Files to import, or - for stdin")
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument(
            "--no-embed",
            action="store_true",
            help="Store the records only; the workers' sweep embeds them for matching later (a batch a minute)",
        )

    def handle(self, *args, files, format, no_embed, **options):
        failed, changed = False, []
        for name in files:
            try:
                report = factcheck_import_claimreview(read_input(name, limit=50 * 1024 * 1024), embed_later=no_embed)
            except ClaimReviewError as exc:
                self.stderr.write(f"{name}: {exc}")
                failed = True
                continue
            changed += report.changed_ids
            if format == "json":
                self.stdout.write(json.dumps({"file": name, **report.as_dict()}, ensure_ascii=False))
                continue
            self.stdout.write(
                f"{name}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
            )
            for rejected in report.rejected:
                self.stdout.write(f"  rejected record {rejected.index}: {rejected.reason}  [{rejected.excerpt}]")
        if changed and not no_embed:
            # Matching needs each record's embedding: computed here, in batches, with the
            # progress on stderr (stdout stays the report, JSON included).
            index_factchecks(changed, progress=ProgressBar(self.stderr, "Embedding for matching"))
        if failed:
            raise CommandError("some files could not be read")

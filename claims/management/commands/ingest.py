"""Store articles and queue their processing; optionally wait and report."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from claims.models import Article, Claim
from claims.selectors.articles import article_summary
from claims.services import InputError, article_submit

from ._input import read_input

DONE = (Article.State.READY, Article.State.FAILED)


def progress(stream, done: int, total: int, label: str) -> None:
    """A one-line bar on stderr, redrawn in place; stdout stays clean for --format json."""
    width = 30
    filled = int(width * done / total)
    stream.write(
        f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label[:40]:<40}",
        ending="\n" if done == total else "",
    )
    stream.flush()


def articles_done(ids) -> list[int]:
    """The articles among `ids` that are extracted (or failed) with no claim still being
    verified, read in ONE query: two queries could see the article before its claims were
    stored, then the article ready, and call it done with nothing verified."""
    verifying = Claim.objects.filter(article_id=OuterRef("pk"), verification_state=Claim.Verification.PENDING)
    return list(
        Article.objects.filter(pk__in=list(ids), state__in=DONE)
        .annotate(verifying=Exists(verifying))
        .filter(verifying=False)
        .values_list("pk", flat=True)
    )


class Command(BaseCommand):
    help = "Store article files and queue their claim extraction."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Article files (.txt, .md, .html)")
        parser.add_argument(
            "--wait", action="store_true", help="Wait until extraction and verification end and print a summary"
        )
        parser.add_argument("--timeout", type=float, default=600, help="Seconds --wait waits at most (default 600)")
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument("--title", default="", help="Title for the article (single file only)")
        parser.add_argument("--source-url", default="", help="Where the article was published (single file only)")

    def handle(self, *args, files, wait, timeout, format, title, source_url, **options):
        if (title or source_url) and len(files) > 1:
            raise CommandError("--title and --source-url apply to a single file")
        show_progress = len(files) > 1
        submitted, errors, started = [], [], {}
        for i, name in enumerate(files, 1):
            try:
                data = read_input(name)
                # From submission: without a broker the work is done inside article_submit.
                submitted_at = time.monotonic()
                article = article_submit(
                    body=data,
                    filename=Path(name).name if name != "-" else "",
                    title=title,
                    source_url=source_url,
                    origin=f"cli:{Path(name).name}" if name != "-" else "cli:stdin",
                )
            except (InputError, CommandError) as exc:
                msg = str(exc) if str(exc).startswith(name) else f"{name}: {exc}"
                errors.append(msg)
                self.stderr.write(msg)
            else:
                submitted.append(article.pk)
                started[article.pk] = submitted_at
            if show_progress:
                progress(self.stderr, i, len(files), Path(name).name)

        if not wait:
            for pk in submitted:
                self._emit({"article": pk, "state": Article.objects.get(pk=pk).state}, format)
        else:
            self._wait_and_report(submitted, started, timeout, format)
        if errors:
            raise CommandError(f"{len(errors)} of {len(files)} file(s) refused")

    def _wait_and_report(self, ids, started, timeout, format):
        deadline = time.monotonic() + timeout
        pending = set(ids)
        finished = {}
        while pending and time.monotonic() < deadline:
            for pk in articles_done(pending):
                finished[pk] = time.monotonic()
                pending.discard(pk)
            if pending:
                time.sleep(0.05)
        for pk in ids:
            article = Article.objects.get(pk=pk)
            summary = article_summary(article)
            summary["seconds"] = round(finished.get(pk, time.monotonic()) - started[pk], 3)
            if article.state == Article.State.FAILED:
                summary["error"] = article.error
            self._emit(summary, format)
        if pending:
            raise CommandError(f"timed out after {timeout:g}s waiting for article(s) {sorted(pending)}")

    def _emit(self, summary, format):
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(" ".join(f"{k}={v}" for k, v in summary.items()))

"""Load the sample articles in seeds/ (idempotent: an article already stored is skipped)."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.decode import decode_bytes
from claims.models import Article
from claims.services import InputError, article_submit

SEEDS_DIR = Path(__file__).resolve().parents[2]
SEED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def seed_files(folder: Path = SEEDS_DIR) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SEED_SUFFIXES)


class Command(BaseCommand):
    help = "Load the sample articles in seeds/ and queue their processing. Running it twice adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(SEEDS_DIR), help="Folder of articles (default: seeds/).")

    def handle(self, *args, folder, **options):
        folder = Path(folder)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        loaded = skipped = 0
        for path in seed_files(folder):
            try:
                text = decode_bytes(path.read_bytes())
            except InputError as exc:
                raise CommandError(f"{path.name}: {exc}") from None
            # Same hash as article_submit stores: the decoded, normalised text.
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if Article.objects.filter(body_sha256=digest).exists():
                skipped += 1
                continue
            article_submit(body=text, filename=path.name, origin=f"seed:{path.name}")
            loaded += 1
        self.stdout.write(f"Seeds: {loaded} loaded, {skipped} already present.")

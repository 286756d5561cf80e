"""Compile locale/*/LC_MESSAGES/django.po into .mo files, with or without GNU gettext.

Django's compilemessages needs the msgfmt program, which a fresh server may lack; Babel
(pure Python) compiles the same files. Run by `make run` and `make test`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po -> .mo) of every folder in LOCALE_PATHS."

    def handle(self, *args, **options):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        compiled = 0
        for folder in settings.LOCALE_PATHS:
            for po_path in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as fh:
                    catalog = read_po(fh)
                errors = [(m.id, e) for m, errs in catalog.check() for e in errs]
                if errors:
                    raise CommandError(f"{po_path}: {len(errors)} invalid message(s), e.g. {errors[0]}")
                with po_path.with_suffix(".mo").open("wb") as fh:
                    # Fuzzy entries are guesses awaiting review: left out, as msgfmt does.
                    write_mo(fh, catalog, use_fuzzy=False)
                compiled += 1
        self.stdout.write(f"Compiled {compiled} translation catalogue(s).")

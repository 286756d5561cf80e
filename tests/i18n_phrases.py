"""The English a page in Italian must not show: what the Italian pass tests look for."""

import re

from babel.messages.pofile import read_po
from django.conf import settings


def english_phrases() -> set[str]:
    """The catalogue's English phrases whose Italian differs: pieces of two words or more
    between placeholders, so a sentence with a name or a number in it is still found."""
    with open(settings.LOCALE_PATHS[0] / "it" / "LC_MESSAGES" / "django.po", "rb") as fh:
        catalog = read_po(fh)
    phrases = set()
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings):
            if msgid == msgstr:
                continue
            for piece in re.split(r"%%?\(\w+\)[sd]|%[sd]", msgid.replace("%%", "%")):
                piece = piece.strip(" .,:;()“”\"'…-")
                if len(piece.split()) >= 2 and len(piece) >= 8 and piece not in msgstr:
                    phrases.add(piece)
    # Django's own messages the forms may show (its catalogue translates them).
    phrases.update(DJANGO_ENGLISH)
    return phrases


DJANGO_ENGLISH = (
    "This field is required",
    "Enter a whole number",
    "Enter a valid date",
    "Select a valid choice",
    "Ensure this value is less than or equal to",
    "Ensure this value is greater than or equal to",
    "Ensure this value has at most",
)

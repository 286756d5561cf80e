"""The extraction's refusals in the reader's language.

claims.extraction is plain Python (no Django, also run from the command line), so its
InputError messages are English sentences. Pages translate them here, at the boundary:
each known sentence is matched and given in the reader's language, its variable parts
(sizes, file kinds) kept; an article's stored processing error too, whose technical detail
(what a web server answered) stays as it came. A sentence not listed is shown as it is.
"""

import re

from django.utils.translation import gettext_lazy

# claims.extraction.decode._MAGIC: what a refused file is.
FILE_KINDS = {
    "a PDF document": gettext_lazy("a PDF document"),
    "a ZIP archive or Office document (.docx/.odt)": gettext_lazy("a ZIP archive or Office document (.docx/.odt)"),
    "an old Office document (.doc/.xls)": gettext_lazy("an old Office document (.doc/.xls)"),
    "an RTF document": gettext_lazy("an RTF document"),
    "a PNG image": gettext_lazy("a PNG image"),
    "a JPEG image": gettext_lazy("a JPEG image"),
    "a GIF image": gettext_lazy("a GIF image"),
    "a media file": gettext_lazy("a media file"),
    "a gzip archive": gettext_lazy("a gzip archive"),
    "an executable": gettext_lazy("an executable"),
}

MESSAGES = [
    (
        r"The article is too large \((?P<size>[^)]+)\); the limit is (?P<limit>.+)\.",
        gettext_lazy("The article is too large (%(size)s); the limit is %(limit)s."),
    ),
    (
        r"The file starts with a (?P<encoding>\S+) marker but is not valid \S+ text\.",
        gettext_lazy("The file starts with a %(encoding)s marker but is not valid %(encoding)s text."),
    ),
    (r"The article must be text\.", gettext_lazy("The article must be text.")),
    (
        r"The file looks binary \(it is full of control characters\), not text\.",
        gettext_lazy("The file looks binary (it is full of control characters), not text."),
    ),
    (r"The article is empty\.", gettext_lazy("The article is empty.")),
    (r"The file is empty\.", gettext_lazy("The file is empty.")),
    (
        r"The file is (?P<kind>.+), not text; paste its text or save it as \.txt, \.md or \.html\.",
        gettext_lazy("The file is %(kind)s, not text; paste its text or save it as .txt, .md or .html."),
    ),
    (
        r"The article has no text left once page furniture \(menus, comments, credits\) is removed\.",
        gettext_lazy("The article has no text left once page furniture (menus, comments, credits) is removed."),
    ),
]
_COMPILED = [(re.compile(f"^{pattern}$"), message) for pattern, message in MESSAGES]

# An article's stored processing error: "<what happened>: <detail>" (services.articles).
PREFIXES = {
    "Could not fetch the page: ": gettext_lazy("Could not fetch the page:"),
    "The fetched page is not usable as an article: ": gettext_lazy("The fetched page is not usable as an article:"),
    "Fetching failed: ": gettext_lazy("Fetching failed:"),
}


def localise(message: str) -> str:
    """An extraction message in the reader's language (unknown ones as they are)."""
    text = str(message)
    for pattern, translated in _COMPILED:
        match = pattern.match(text)
        if match:
            values = match.groupdict()
            if "kind" in values:
                values["kind"] = str(FILE_KINDS.get(values["kind"], values["kind"]))
            return str(translated) % values if values else str(translated)
    return text


def localise_error(error: str) -> tuple[str, str]:
    """An article's processing error as (what happened, in the reader's language; the
    technical detail, as it came, or "")."""
    for prefix, translated in PREFIXES.items():
        if error.startswith(prefix):
            detail = error[len(prefix) :]
            local = localise(detail)
            return (f"{translated} {local}", "") if local != detail else (str(translated), detail)
    local = localise(error)
    return local, ""

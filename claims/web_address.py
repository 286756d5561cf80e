"""The one rule for the web addresses we store, show or fetch: http or https, a real host,
nothing hidden in it.

People paste addresses (article sources, verdict sources), feeds and connectors hand us
addresses of strangers, and settings name services. A `javascript:`, `data:` or `file:`
address shown as a link runs code or reads files in the reviewer's browser, spaces and
control characters make the address a browser opens differ from the one we checked, so
every route goes through url_problem() and nothing else decides. Whether the host is a
public address is the fetcher's decision at fetch time (claims/verification/fetch.py):
DNS may answer differently later.
"""

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

MAX_URL_CHARS = 2000

# What url_problem() returns: a short reason, for callers to word for their readers.
EMPTY, TOO_LONG, HIDDEN_CHARACTERS, NOT_HTTP, INVALID = "empty", "too long", "hidden characters", "not http", "invalid"

# One label of a host name: letters (any script, as IDNA allows), digits, hyphens inside;
# underscores occur in real hosts. A name needs no dot: intranet hosts ("wiki") are real.
_LABEL = re.compile(r"(?!-)[\w\u00a1-\uffff-]{1,63}(?<!-)\Z")


def _valid_host(hostname: str, netloc: str) -> bool:
    if "[" in netloc:  # an IPv6 literal
        try:
            ipaddress.IPv6Address(hostname.split("%")[0])
        except ValueError:
            return False
        return True
    if len(hostname) > 253:
        return False
    return all(_LABEL.match(label) for label in hostname.rstrip(".").split("."))


def url_problem(value: Any, *, max_length: int = MAX_URL_CHARS) -> str | None:
    """None when `value` is an http(s) address naming a host, else why not (one of the
    constants above). Surrounding white space is allowed (and stripped by http_url)."""
    if not isinstance(value, str) or not value.strip():
        return EMPTY
    url = value.strip()
    if len(url) > max_length:
        return TOO_LONG
    if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        return HIDDEN_CHARACTERS
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return INVALID
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return NOT_HTTP
    if not _valid_host(parts.hostname, parts.netloc):
        return INVALID
    return None


def http_url(value: Any, *, max_length: int = MAX_URL_CHARS) -> str:
    """The address, stripped, if it passes the rule; else "". For links shown on a page and
    for what strangers send: a bad address is left out, not an error."""
    return value.strip() if url_problem(value, max_length=max_length) is None else ""

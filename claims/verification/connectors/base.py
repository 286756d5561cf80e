"""What the connectors share: one error type, the JSON request, and string hygiene.

Every request goes through the project's fetcher. Connector endpoints come from the
operator's environment, not from users, so they are fetched with `trusted=True`
(a loopback model server is a normal deployment) and only JSON is accepted.
"""

import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote, quote_plus

from claims.verification.fetch import FetchError, fetch

# Largest answer read from a connector. Real answers are a few kilobytes; the cap
# keeps a misbehaving endpoint from filling a worker's memory.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

# Statuses worth retrying later: timeouts, rate limits and server trouble. Every other
# non-2xx status (bad key, unknown model, wrong URL) fails the same way next time.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

# C0/C1 controls, and the bidirectional overrides that can make a rationale or a
# claim text display differently from what it says.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


class ConnectorError(Exception):
    """A connector call failed; `transient` says whether retrying later may succeed.

    str() is one line, safe to store and show: it never contains a key.
    """

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


def request_json(
    service: str,
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    payload: Any = None,
    timeout: float,
    secrets: tuple[str, ...] = (),
) -> Any:
    """The decoded JSON answer of a 2xx response, or ConnectorError.

    `secrets` are scrubbed from every message: Google's key travels in the query
    string, and an error body or a fetcher message could quote the request.
    """
    data = None
    headers = dict(headers or {})
    headers.setdefault("Accept", "application/json")
    if payload is not None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    try:
        result = fetch(
            url,
            method=method,
            headers=headers,
            data=data,
            timeout=timeout,
            max_bytes=MAX_RESPONSE_BYTES,
            allowed_types=("application/json",),
            trusted=True,
        )
    except FetchError as exc:
        detail = one_line(_scrub(str(exc), secrets), 200)
        # `from None`: the message above is the whole story, and a traceback a worker
        # logs should not carry unscrubbed details of the request.
        raise ConnectorError(f"{service}: {exc.code}: {detail}", transient=exc.transient) from None

    # The fetcher returns 4xx/5xx answers (of any content type) rather than raising.
    if not 200 <= result.status < 300:
        reason = _error_reason(result.body)
        message = f"{service}: HTTP {result.status}" + (f": {reason}" if reason else "")
        raise ConnectorError(one_line(_scrub(message, secrets), 300), transient=result.status in TRANSIENT_STATUSES)

    try:
        return json.loads(result.body.decode(result.charset or "utf-8"))
    except (UnicodeDecodeError, LookupError, ValueError):
        raise ConnectorError(f"{service}: the answer is not valid JSON", transient=False) from None


def _error_reason(body: bytes) -> str:
    """The one-line reason from an error body, in the shapes Google and OpenAI-compatible servers use."""
    try:
        parsed = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError:
        return ""
    if not isinstance(parsed, dict):
        return ""
    error = parsed.get("error", parsed)  # vLLM puts the message at the top level
    if isinstance(error, dict):
        message = error.get("message")
    elif isinstance(error, str):
        message = error
    else:
        message = None
    return one_line(message, 200) if isinstance(message, str) else ""


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
                text = text.replace(form, "[redacted]")
    return text


def one_line(value: Any, limit: int) -> str:
    """A display-safe single line: controls dropped, whitespace collapsed, at most `limit` characters."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _SPACES.sub(" ", _UNSAFE_CHARS.sub("", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def truncate_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when there is one in the last fifth."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip()

"""The one SSRF-safe HTTP fetcher: every user-supplied URL is fetched through `fetch`.

Source URLs reviewers paste, links found in articles and articles to import all come
from people we do not control, and the workers that fetch them sit inside our network.
So, for the request and for every redirect hop, before any connection is made:

- only http and https; no credentials, control characters or absurd lengths;
- the host is resolved once (bounded by the deadline) and EVERY address must be public
  (claims/verification/addresses.py), because an attacker's DNS can mix a public
  address with a private one; the socket then connects to an address that was checked,
  so a second lookup cannot rebind the name to 127.0.0.1;
- one deadline covers DNS, connect, TLS, redirects and every read, so a server that
  drips bytes cannot hold a worker; the decoded body and the raw bytes are both capped,
  so a gzip bomb is stopped after at most max_bytes of output.

Plain http.client, ssl and socket: no proxy environment variables are consulted (only
urllib.request reads them), and no library re-resolves the host behind our back.

Content sniffing: a successful response without a Content-Type counts as text/html when
its body starts with an HTML tag (<!doctype html, <html, <head, <body, <!--), as
text/plain when its first 512 bytes are UTF-8 without control characters, and as
application/octet-stream otherwise (an empty body included).
"""

import codecs
import http.client
import io
import os
import re
import socket
import ssl
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .addresses import address_allowed, parse_networks

DEFAULT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf", "text/markdown")
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_USER_AGENT = "FactcheckArchiver/1.0 (+https://github.com/)"

MAX_URL_LENGTH = 4096
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
# Raw bytes allowed before the headers are complete (interim 1xx responses included);
# http.client also stops at 100 headers and 64 KiB per line.
HEADER_BUDGET = 256 * 1024
# An error page only tells the caller the link is dead: keep its beginning, never fail on it.
ERROR_BODY_BYTES = 64 * 1024
SNIFF_BYTES = 512

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Framing the fetcher owns: a caller that sets these is confused, so refuse rather than guess.
_OWN_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "accept-encoding"}
# Never carried to another origin by a redirect (connector API keys travel in these).
_CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie"}


class FetchError(Exception):
    """A fetch that did not produce a response; str() is one line, .code a short machine string."""

    code = "protocol"
    transient = False

    def __init__(self, message: str, *, code: str | None = None, transient: bool | None = None):
        super().__init__(" ".join(str(message).split()))
        if code is not None:
            self.code = code
        if transient is not None:
            self.transient = transient


class BlockedAddress(FetchError):
    code = "blocked_address"


class BlockedScheme(FetchError):
    code = "blocked_scheme"


class TooLarge(FetchError):
    code = "too_large"


class FetchTimeout(FetchError):
    code = "timeout"
    transient = True


class BadContentType(FetchError):
    code = "bad_content_type"


class TooManyRedirects(FetchError):
    code = "too_many_redirects"


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 4xx/5xx are returned, not raised: callers record dead links
    headers: dict[str, str]  # final response, lower-cased names, last value wins
    content_type: str  # media type without parameters, lower-cased
    charset: str | None
    body: bytes  # content-decoded, at most max_bytes (an error page: its first 64 KiB)
    redirects: list[str]  # every Location followed, in order (the last one is final_url)
    elapsed: float  # seconds
    address: str  # the IP connected to for the final response

    def text(self) -> str:
        if self.charset:
            try:
                return self.body.decode(self.charset, errors="replace")
            except LookupError:  # unknown name, or a bytes-to-bytes codec such as "zlib"
                pass
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            return self.body.decode("cp1252", errors="replace")


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict | None = None,
    data: bytes | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    allowed_types: tuple[str, ...] | None = DEFAULT_TYPES,
    max_redirects: int = 5,
    trusted: bool = False,
) -> FetchResult:
    """Fetch `url`; raise FetchError (or a subclass) unless a final response arrived.

    `trusted=True` skips the address check for the URL's own host, for endpoints an
    operator configured in settings (API connectors, which may live on loopback). NEVER
    pass it for a URL that came from a user, an article or a response: it would let that
    URL reach internal services. A redirect to another host is checked even when trusted.
    """
    started = time.monotonic()
    timeout = float(_setting("FACTCHECK_FETCH_TIMEOUT", DEFAULT_TIMEOUT) if timeout is None else timeout)
    max_bytes = int(_setting("FACTCHECK_FETCH_MAX_BYTES", DEFAULT_MAX_BYTES) if max_bytes is None else max_bytes)
    if timeout <= 0 or max_bytes <= 0 or max_redirects < 0:
        raise ValueError("timeout and max_bytes must be positive, max_redirects not negative")
    method = method.upper()
    if not _TOKEN.fullmatch(method):
        raise ValueError(f"bad HTTP method {method!r}")
    if allowed_types is not None:
        allowed_types = tuple(t.lower() for t in allowed_types)
    deadline = _Deadline(timeout)
    networks = parse_networks(_setting("FACTCHECK_FETCH_ALLOWED_NETWORKS", ()))
    extra = _caller_headers(headers or {})
    user_agent = _setting("FACTCHECK_FETCH_USER_AGENT", DEFAULT_USER_AGENT)
    accept = ", ".join(allowed_types) if allowed_types else "*/*"

    first = target = _parse_url(url)
    redirects: list[str] = []
    for hop in range(max_redirects + 1):
        addresses = _resolve(target.host, target.port, deadline)
        if not (trusted and target.host == first.host):
            for _family, sockaddr in addresses:
                if not address_allowed(sockaddr[0], networks):
                    raise BlockedAddress(f"{target.host} resolves to {sockaddr[0]}, which is not a public address")
        request = _request_bytes(target, method, extra, data, user_agent, accept)
        sock = address = resp = None
        try:
            sock, address = _connect(target, addresses, deadline)
            resp = _exchange(sock, request, method, deadline, target.host)
            location = resp.getheader("location") if resp.status in REDIRECT_STATUSES else None
            if location is None:
                return _finish(resp, url, target, redirects, address, started, method, max_bytes, allowed_types)
            if hop == max_redirects:
                raise TooManyRedirects(f"more than {max_redirects} redirects, the last to {location[:200]}")
            # Parsed (scheme, credentials, syntax) before the next hop's DNS or connection.
            following = _parse_url(_join(target.url, location))
            if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                # 303 means "GET the answer there"; browsers treat 301/302 after POST the same way.
                method = "GET" if method != "HEAD" else "HEAD"
                data = None
                extra = [(k, v) for k, v in extra if k.lower() != "content-type"]
            if (following.scheme, following.host, following.port) != (target.scheme, target.host, target.port):
                extra = [(k, v) for k, v in extra if k.lower() not in _CREDENTIAL_HEADERS]
            redirects.append(following.url)
            target = following
        except FetchError:
            raise
        except Exception as exc:
            raise _translate(exc, target.host) from exc
        finally:
            if resp is not None:
                resp.close()  # now, not in a finalizer that would find its buffer closed
            if sock is not None:
                sock.close()
    raise AssertionError("unreachable: the last hop returns or raises TooManyRedirects")


def _setting(name: str, default):
    """Django's setting when Django is in use, else the default (plain unit tests, scripts)."""
    try:
        from django.conf import settings
    except ImportError:
        return default
    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return default
    return getattr(settings, name, default)


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchTimeout(f"no complete response within {self.seconds:g} s")
        return left


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA), IPv6 without brackets
    port: int
    host_header: str
    path: str  # request target: path and query, fragment dropped


def _bad_url(message: str) -> FetchError:
    return FetchError(message, code="bad_url")


def _parse_url(url: str) -> _Target:
    if not isinstance(url, str):
        raise _bad_url("the URL is not a string")
    if len(url) > MAX_URL_LENGTH:
        raise _bad_url(f"the URL is longer than {MAX_URL_LENGTH} characters")
    # The scheme is read from the raw text: urlsplit would silently strip leading junk.
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme not in ("http", "https"):
        raise BlockedScheme(f"only http and https URLs are fetched, not {scheme or 'a URL without a scheme'}")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise _bad_url("the URL contains whitespace or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _bad_url(f"malformed URL: {exc}") from None
    if "@" in parts.netloc:
        raise _bad_url("URLs with credentials (user:password@) are not fetched")
    host = parts.hostname or ""
    if ":" in host:  # only an IPv6 literal keeps a colon after urlsplit
        if "%" in host:
            raise _bad_url("IPv6 zone identifiers are not fetched")
        host_header = f"[{host}]"
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise _bad_url(f"invalid host name {parts.hostname!r}") from None
        if not _HOST.fullmatch(host):
            raise _bad_url(f"invalid host name {parts.hostname!r}")
        host_header = host
    default_port = 443 if scheme == "https" else 80
    if port == 0:
        raise _bad_url("port 0 is not fetched")
    port = port or default_port
    if port != default_port:
        host_header += f":{port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:  # non-ASCII in the path or query goes out as UTF-8 percent escapes, like browsers
        path = re.sub(r"[^\x21-\x7e]", lambda m: quote(m.group(0), safe=""), path)
    except UnicodeEncodeError:
        raise _bad_url("the URL contains characters that cannot be encoded") from None
    return _Target(url, scheme, host, port, host_header, path)


def _join(current: str, location: str) -> str:
    location = location.strip()
    try:  # http.client decodes headers as latin-1; servers send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    return urljoin(current, location.replace(" ", "%20"))


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple[int, tuple]]:
    """getaddrinfo in a helper thread, because it has no timeout of its own."""
    box: dict = {}

    def lookup():
        try:
            box["answer"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except Exception as exc:
            box["error"] = exc

    worker = threading.Thread(target=lookup, name="fetch-dns", daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():  # left to finish on its own; nothing waits for it
        raise FetchTimeout(f"DNS lookup of {host} took longer than {deadline.seconds:g} s")
    error = box.get("error")
    if isinstance(error, socket.gaierror):
        raise FetchError(
            f"DNS lookup of {host} failed: {error.strerror}", code="dns", transient=error.errno == socket.EAI_AGAIN
        )
    if error is not None:
        raise FetchError(f"DNS lookup of {host} failed: {error}", code="dns", transient=True)
    answer = []
    for family, _type, _proto, _name, sockaddr in box["answer"]:
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr) not in answer:
            answer.append((family, sockaddr))
    if not answer:
        raise FetchError(f"DNS lookup of {host} returned no address", code="dns")
    return answer


def _connect(target: _Target, addresses, deadline: _Deadline):
    """A connected (and, for https, verified) socket to one of the checked addresses."""
    error: Exception | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(sockaddr)
        except OSError as exc:  # refused, unreachable: try the next address while time is left
            sock.close()
            error = exc
            continue
        if target.scheme == "https":
            try:
                sock.settimeout(deadline.remaining())
                # The certificate is checked against the URL's host, not the address.
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
            except BaseException:
                sock.close()
                raise
        return sock, sockaddr[0]
    raise error


def _caller_headers(headers: dict) -> list[tuple[str, str]]:
    pairs = []
    for name, value in headers.items():
        name, value = str(name), str(value)
        if not _TOKEN.fullmatch(name) or any(c in value for c in "\r\n\0"):
            raise ValueError(f"bad request header {name!r}")
        value.encode("latin-1")  # UnicodeEncodeError (a ValueError) for what HTTP cannot carry
        if name.lower() in _OWN_HEADERS:
            raise ValueError(f"the fetcher sets the {name} header itself")
        pairs.append((name, value))
    return pairs


def _request_bytes(target, method, extra, data, user_agent, accept) -> bytes:
    given = {name.lower() for name, _ in extra}
    lines = [f"{method} {target.path} HTTP/1.1", f"Host: {target.host_header}"]
    lines += [f"{k}: {v}" for k, v in (("User-Agent", user_agent), ("Accept", accept)) if k.lower() not in given]
    lines += [f"{k}: {v}" for k, v in extra]
    lines += ["Accept-Encoding: gzip, deflate", "Connection: close"]
    if data is not None or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(data or b'')}")
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + bytes(data or b"")


class _DeadlineReader(io.RawIOBase):
    """The socket as a raw stream: every read gets the time left and counts bytes.

    http.client reads through a file object; putting the deadline here cuts a server
    that sends one byte at a time (the socket timeout alone restarts on every byte).
    """

    def __init__(self, sock, deadline: _Deadline, limit: int, what: str):
        self.sock, self.deadline, self.limit, self.what, self.used = sock, deadline, limit, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.sock.settimeout(self.deadline.remaining())
        n = self.sock.recv_into(buffer)
        self.used += n
        if self.used > self.limit:
            raise TooLarge(f"{self.what} exceed {self.limit} bytes")
        return n


class _FileSocket:
    """What http.client.HTTPResponse needs from a socket: makefile()."""

    def __init__(self, reader: _DeadlineReader):
        self.reader = reader

    def makefile(self, *args, **kwargs):
        return io.BufferedReader(self.reader)


def _exchange(sock, request: bytes, method: str, deadline: _Deadline, host: str) -> http.client.HTTPResponse:
    view = memoryview(request)
    for start in range(0, len(view), CHUNK):
        sock.settimeout(deadline.remaining())
        sock.sendall(view[start : start + CHUNK])
    reader = _DeadlineReader(sock, deadline, HEADER_BUDGET, f"the response headers of {host}")
    resp = http.client.HTTPResponse(_FileSocket(reader), method=method)
    try:
        resp.begin()
    except BaseException:
        resp.close()
        raise
    resp.reader = reader
    return resp


def _finish(resp, url, target, redirects, address, started, method, max_bytes, allowed_types) -> FetchResult:
    headers = {name.lower(): value for name, value in resp.getheaders()}
    media, _, params = headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    successful = 200 <= resp.status < 300
    check = allowed_types is not None and successful and resp.status != 204 and method != "HEAD"
    if successful:
        if resp.length is not None and resp.length > max_bytes:
            raise TooLarge(f"{target.host} announces {resp.length} bytes, more than {max_bytes}")
        if check and media and media not in allowed_types:
            raise BadContentType(f"{target.host} sent {media}, not one of {', '.join(allowed_types)}")
    limit = max_bytes if successful else min(max_bytes, ERROR_BODY_BYTES)
    # Raw bytes may exceed decoded ones only by compression and chunk framing overhead.
    resp.reader.limit = resp.reader.used + 2 * limit + HEADER_BUDGET
    resp.reader.what = f"the response of {target.host}"
    chunks = _decoded(resp, headers.get("content-encoding", ""), limit)
    body = bytearray()
    try:
        if not media:
            for piece in chunks:  # only as much as sniffing needs
                body += piece
                if len(body) >= SNIFF_BYTES:
                    break
            media = _sniff(bytes(body[:SNIFF_BYTES]))
            if check and media not in allowed_types:
                raise BadContentType(f"{target.host} sent no Content-Type and the body does not look like text")
        for piece in chunks:
            body += piece
    except Exception:
        if successful:
            raise
        # An error page: the status is the answer; keep whatever arrived.
    return FetchResult(
        url=url,
        final_url=target.url,
        status=resp.status,
        headers=headers,
        content_type=media,
        charset=charset,
        body=bytes(body[:limit]),
        redirects=redirects,
        elapsed=time.monotonic() - started,
        address=address,
    )


def _decoded(resp, encoding: str, limit: int):
    """Decoded body pieces; TooLarge as soon as their total passes `limit`."""
    encoding = encoding.strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding {encoding!r}", code="protocol")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if "gzip" in encoding else None
    total, seen = 0, False
    # Bounded by the raw-byte limit and the deadline, both enforced in _DeadlineReader.
    while raw := resp.read1(CHUNK):
        seen = True
        if encoding == "deflate" and inflater is None:
            # "deflate" should be zlib-wrapped, but some servers send a raw stream.
            zlib_header = len(raw) >= 2 and raw[0] & 0x0F == 8 and (raw[0] << 8 | raw[1]) % 31 == 0
            inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        if inflater is None:
            pieces = [raw]
        else:
            pieces = _inflate(inflater, raw, limit - total)
        for piece in pieces:
            total += len(piece)
            if total > limit:
                yield piece[: len(piece) - (total - limit)]  # what fits: an error page keeps it
                raise TooLarge(f"the decoded body exceeds {limit} bytes")
            yield piece
        if inflater is not None and inflater.eof:
            return  # trailing bytes after the compressed stream are ignored
    if resp.length:  # connection closed before Content-Length bytes arrived
        raise http.client.IncompleteRead(b"", resp.length)
    if seen and inflater is not None and not inflater.eof:
        raise FetchError("the compressed body ends early", code="connection", transient=True)


def _inflate(inflater, data: bytes, room: int):
    """Decompress with a cap on each output piece, so a bomb never expands in memory."""
    try:
        while True:  # every turn emits output (stopped by the caller's limit) or ends
            piece = inflater.decompress(data, max(1, min(CHUNK, room + 1)))
            room -= len(piece)
            if piece:
                yield piece
            data = inflater.unconsumed_tail
            if inflater.eof or (not piece and not data):
                return
    except zlib.error as exc:
        raise FetchError(f"the compressed body is corrupt: {exc}", code="protocol") from None


def _sniff(start: bytes) -> str:
    head = start.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head[:14].lower().startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")):
        return "text/html"
    if head and not any(b < 0x20 and b not in b"\t\n\r\f" or b == 0x7F for b in head):
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head)  # a cut multi-byte tail is fine
            return "text/plain"
        except UnicodeDecodeError:
            pass
    return "application/octet-stream"


def _translate(exc: Exception, host: str) -> FetchError:
    """Library and OS errors as FetchError, with `transient` saying whether a retry may help."""
    if isinstance(exc, TimeoutError):
        return FetchTimeout(f"{host} did not answer in time")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return FetchError(f"TLS certificate of {host} refused: {exc.verify_message}", code="tls")
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return FetchError(f"TLS handshake with {host} interrupted", code="tls", transient=True)
    if isinstance(exc, ssl.SSLError):
        return FetchError(f"TLS error with {host}: {exc.reason or exc}", code="tls")
    if isinstance(exc, http.client.RemoteDisconnected):
        return FetchError(f"{host} closed the connection without answering", code="connection", transient=True)
    if isinstance(exc, http.client.IncompleteRead):
        return FetchError(f"{host} closed the connection mid-response", code="connection", transient=True)
    if isinstance(exc, (http.client.HTTPException, ValueError)):
        return FetchError(f"{host} sent a malformed response: {exc}", code="protocol")
    if isinstance(exc, OSError):  # refused, reset, unreachable: the network may recover
        return FetchError(f"connection to {host} failed: {exc.strerror or exc}", code="connection", transient=True)
    return FetchError(f"fetching from {host} failed: {exc!r}", code="protocol")

"""The SSRF-safe fetcher against real servers on loopback: what it refuses, what it
returns, and that a refused host never receives a connection.

127.0.0.2 plays the public internet (FACTCHECK_FETCH_ALLOWED_NETWORKS=127.0.0.2/32);
127.0.0.1 and ::1 play the internal network the fetcher must never reach. Every server
runs in a daemon thread with a bounded loop and is closed by its fixture.
"""

import errno
import json
import os
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from claims.verification import fetch as fetch_module
from claims.verification.addresses import address_allowed, parse_networks
from claims.verification.fetch import (
    BadContentType,
    BlockedAddress,
    BlockedScheme,
    FetchError,
    FetchTimeout,
    TooLarge,
    TooManyRedirects,
    fetch,
)

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "127.0.0.2"  # allowed by the setting in these tests
MB = 1024 * 1024

# A test CA and a leaf for fetch.test and 127.0.0.2, valid 2000-2099 (made with openssl ca).
CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBYzCCAQmgAwIBAgIBATAKBggqhkjOPQQDAjAYMRYwFAYDVQQDDA1GZXRjaCB0
ZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIwOTkxMjMxMDAwMDAwWjAYMRYwFAYD
VQQDDA1GZXRjaCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHmn9
5oxRtwD9YqAbSK8TCDPkJ01bEHRHqqA09kOfaS5HVIFcCQuybRr5dkLW3PE97W6k
dn3B24yxtPZ4DOrlkaNCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMC
AgQwHQYDVR0OBBYEFDHzx06LXq3dqcMD1MepNVGPba9LMAoGCCqGSM49BAMCA0gA
MEUCIQCIVs1jkmNSKnVC25MNdsPbFpikazUv75ivzzTHXw1SzwIgSo8dR2/1tqpm
BEmout6C9GYbvUU43enIJDcgYHR/UCI=
-----END CERTIFICATE-----
"""
LEAF_PEM = """-----BEGIN CERTIFICATE-----
MIIBnjCCAUOgAwIBAgIBAjAKBggqhkjOPQQDAjAYMRYwFAYDVQQDDA1GZXRjaCB0
ZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIwOTkxMjMxMDAwMDAwWjAVMRMwEQYD
VQQDDApmZXRjaC50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt4PssH6n
AD86PAJgZtx7SCnSr27iPT4g5sq6iBmguyUeuoBWbwE3uait6hkMqH5abSL8Vpnc
2B9oydh5xXRJeaN/MH0wCQYDVR0TBAIwADAbBgNVHREEFDASggpmZXRjaC50ZXN0
hwR/AAACMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB8GA1UdIwQYMBaAFDHzx06LXq3d
qcMD1MepNVGPba9LMB0GA1UdDgQWBBTLhExl3sUbmiuKjOSp5fZiOXF/oTAKBggq
hkjOPQQDAgNJADBGAiEAj4wOGE5Nst6C6DTObn1z01nZxr1XoU4fZNSm1H++vdwC
IQCV4FTb6nntor/TyBFEkoV1N7ck1m1unKmo2ijHZ1OugA==
-----END CERTIFICATE-----
"""
LEAF_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgiWgDiIe83JQqVYSP
b5cS9ao+nLjtfuG90j7Oi1Iov+WhRANCAAS3g+ywfqcAPzo8AmBm3HtIKdKvbuI9
PiDmyrqIGaC7JR66gFZvATe5qK3qGQyoflptIvxWmdzYH2jJ2HnFdEl5
-----END PRIVATE KEY-----
"""


# --- Servers ------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup of the address; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "test", self.server_address[1]


class Site:
    """An HTTP server on one loopback address; each path is answered by a small function."""

    def __init__(self, host=PUBLIC, port=0, tls=None):
        self.host, self.routes, self.requests, self.sni = host, {}, [], []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                self.body = body
                site.requests.append((self.command, self.path, self.headers, body))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    reply(self, 404, b"<h1>not here</h1>")
                else:
                    route(self)

            do_GET = do_POST = do_HEAD = _any

        self.server = _HTTPServer((host, port), Handler)
        self.port = self.server.server_address[1]
        if tls is not None:
            tls.sni_callback = lambda sslobj, name, ctx: site.sni.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path="/", scheme="http", host=None):
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(2)


def reply(handler, status=200, body=b"", ctype="text/html; charset=utf-8", headers=()):
    handler.send_response(status)
    if ctype:
        handler.send_header("Content-Type", ctype)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def redirect(location, status=302):
    return lambda h: reply(h, status, b"", ctype=None, headers=[("Location", location)])


class Counter:
    """A listening socket nobody should connect to. It never accepts on its own, so
    connections wait in the kernel's queue; `connections()` drains the queue up to a
    probe of its own, which also proves the counting works."""

    def __init__(self, host="127.0.0.1", port=0):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, port))
        self.sock.listen(64)
        self.host, self.port = host, self.sock.getsockname()[1]

    def connections(self) -> int:
        probe = socket.create_connection((self.host, self.port), timeout=2)
        probe_address = probe.getsockname()[:2]
        self.sock.settimeout(2)
        seen = 0
        try:
            for _ in range(100):  # the probe is last in the queue
                conn, peer = self.sock.accept()
                conn.close()
                if peer[:2] == probe_address:
                    return seen
                seen += 1
        finally:
            probe.close()
        raise AssertionError("the probe connection never arrived")

    def close(self):
        self.sock.close()


class RawServer:
    """A misbehaving server: each connection is handed to `behaviour(conn, stop)`."""

    def __init__(self, behaviour, host=PUBLIC, port=0):
        self.behaviour, self.stop, self.connections = behaviour, threading.Event(), 0
        self.sock = socket.socket()
        self.sock.bind((host, port))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path="/"):
        return f"http://{self.host}:{self.port}{path}"

    def _serve(self):
        end = time.monotonic() + 20
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        with conn:
            conn.settimeout(5)
            try:
                self.behaviour(conn, self.stop)
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


def read_request(conn) -> bytes:
    data = b""
    for _ in range(100):
        if b"\r\n\r\n" in data:
            break
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def servers():
    """Factory for Site / Counter / RawServer, all closed after the test."""
    made = []

    class Factory:
        def site(self, host=PUBLIC, port=0, tls=None):
            made.append(Site(host, port, tls))
            return made[-1]

        def counter(self, host="127.0.0.1", port=0):
            made.append(Counter(host, port))
            return made[-1]

        def raw(self, behaviour, host=PUBLIC, port=0):
            made.append(RawServer(behaviour, host, port))
            return made[-1]

        def site_and_counter(self, counter_host="127.0.0.1"):
            """A site on 127.0.0.2 and a counter on `counter_host` with the same port number."""
            for _ in range(20):
                site = self.site()
                try:
                    return site, self.counter(counter_host, site.port)
                except OSError as exc:
                    if exc.errno != errno.EADDRINUSE:
                        raise
            raise AssertionError("no port free on both addresses")

        def loopback_counters(self):
            """Counters on 127.0.0.1 and ::1 with the same port number."""
            for _ in range(20):
                v4 = self.counter("127.0.0.1")
                try:
                    return v4, self.counter("::1", v4.port)
                except OSError as exc:
                    if exc.errno != errno.EADDRINUSE:
                        raise
            raise AssertionError("no port free on both addresses")

    yield Factory()
    for thing in reversed(made):
        thing.close()


@pytest.fixture
def public(settings):
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]


@pytest.fixture
def fake_dns(monkeypatch):
    """Names under .test resolve to the addresses given; every lookup is recorded."""
    real = socket.getaddrinfo
    table, calls = {}, []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        answer = table.get(host)
        if answer is None:
            return real(host, port, *args, **kwargs)
        if callable(answer):
            answer = answer()
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in answer
        ]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    return table, calls


# --- 1. Redirects to a blocked host -------------------------------------------------


def test_a_redirect_to_a_blocked_host_is_refused_before_any_connection(public, servers):
    internal = servers.counter("127.0.0.1")
    site = servers.site()
    site.routes["/"] = redirect(f"http://127.0.0.1:{internal.port}/admin")
    with pytest.raises(BlockedAddress) as exc:
        fetch(site.url("/"))
    assert exc.value.code == "blocked_address" and exc.value.transient is False
    assert "127.0.0.1" in str(exc.value)
    assert len(site.requests) == 1
    assert internal.connections() == 0


@pytest.mark.parametrize(
    "location",
    [
        "http://localhost:{port}/",
        "http://[::1]:{port}/",
        "http://2130706433:{port}/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_every_redirect_hop_is_checked(public, servers, location):
    internal = servers.counter("127.0.0.1")
    site = servers.site()
    site.routes["/"] = redirect("/hop")
    site.routes["/hop"] = redirect(location.format(port=internal.port), status=307)
    with pytest.raises(BlockedAddress):
        fetch(site.url("/"))
    assert [r[1] for r in site.requests] == ["/", "/hop"]
    assert internal.connections() == 0


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.2:70/_x", "javascript:alert(1)"])
def test_a_redirect_to_another_scheme_is_refused(public, servers, location):
    site = servers.site()
    site.routes["/"] = redirect(location)
    with pytest.raises(BlockedScheme):
        fetch(site.url("/"))


# --- 2. Slow servers ----------------------------------------------------------------


def _drip_body(conn, stop):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(100):  # 1 byte every 0.15 s, far longer than the deadline
        conn.sendall(b"x")
        if stop.wait(0.15):
            return


def _drip_headers(conn, stop):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(200):  # a header line that never ends
        conn.sendall(b"X-Slow: " if _ == 0 else b"a")
        if stop.wait(0.1):
            return


def _silent(conn, stop):
    read_request(conn)
    stop.wait(10)


@pytest.mark.parametrize("behaviour", [_drip_body, _drip_headers, _silent], ids=["body", "headers", "silent"])
def test_a_slow_server_is_cut_at_the_deadline(public, servers, behaviour):
    server = servers.raw(behaviour)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as exc:
        fetch(server.url(), timeout=1.0)
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 3, elapsed
    assert exc.value.code == "timeout" and exc.value.transient is True


def test_a_silent_tls_server_is_cut_at_the_deadline(public, servers):
    server = servers.raw(_silent)
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(f"https://{server.host}:{server.port}/", timeout=1.0)
    assert 0.9 < time.monotonic() - started < 3


def test_one_deadline_covers_the_whole_redirect_chain(public, servers):
    site = servers.site()

    def slow_redirect(target):
        def answer(h):
            time.sleep(0.4)  # each hop alone is well inside the deadline
            redirect(target)(h)

        return answer

    for i in range(4):
        site.routes[f"/{i}"] = slow_redirect(f"/{i + 1}")
    site.routes["/4"] = lambda h: reply(h, 200, b"never")
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(site.url("/0"), timeout=1.0)
    assert time.monotonic() - started < 1.5


def test_slow_dns_is_cut_at_the_deadline(public, fake_dns):
    release = threading.Event()
    table, _ = fake_dns
    table["slow.test"] = lambda: release.wait(5) and [PUBLIC]
    started = time.monotonic()
    try:
        with pytest.raises(FetchTimeout):
            fetch("http://slow.test/", timeout=0.5)
    finally:
        release.set()
    assert time.monotonic() - started < 2


# --- 3. Size caps -------------------------------------------------------------------


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MB of zeros, gzip-compressed in 1 MB steps (about 50 KB; never 50 MB in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    return b"".join([compressor.compress(zeros) for _ in range(50)] + [compressor.flush()])


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_gzip_bomb_stops_at_the_cap_without_filling_memory(public, servers, gzip_bomb, chunked):
    site = servers.site()

    def bomb(h):
        if not chunked:
            return reply(h, 200, gzip_bomb, "text/html", [("Content-Encoding", "gzip")])
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for start in range(0, len(gzip_bomb), 4096):
            piece = gzip_bomb[start : start + 4096]
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        h.wfile.write(b"0\r\n\r\n")

    site.routes["/"] = bomb
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as exc:
            fetch(site.url("/"), max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.value.code == "too_large" and exc.value.transient is False
    assert peak < 20 * MB, peak


def test_a_deflate_bomb_stops_at_the_cap(public, servers):
    bomb = zlib.compress(bytes(10 * MB), 9)
    site = servers.site()
    site.routes["/"] = lambda h: reply(h, 200, bomb, "text/plain", [("Content-Encoding", "deflate")])
    with pytest.raises(TooLarge):
        fetch(site.url("/"), max_bytes=MB)


def test_a_plain_body_over_the_cap_without_content_length_is_cut(public, servers):
    def endless(conn, stop):
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
        for _ in range(64):  # 4 MB in all, more than the cap
            if stop.is_set():
                return
            conn.sendall(b"a" * 65536)

    with pytest.raises(TooLarge):
        fetch(servers.raw(endless).url(), max_bytes=MB)


def test_content_length_over_the_cap_is_refused_before_reading(public, servers):
    def announces_a_gigabyte(conn, stop):
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000000\r\n\r\n<html>")
        stop.wait(10)  # the rest never comes: a fetcher that reads would hit the deadline

    started = time.monotonic()
    with pytest.raises(TooLarge, match="1000000000"):
        fetch(servers.raw(announces_a_gigabyte).url(), max_bytes=MB, timeout=3)
    assert time.monotonic() - started < 1


def test_endless_headers_are_refused(public, servers):
    def header_flood(conn, stop):
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for i in range(2000):
            if stop.is_set():
                return
            conn.sendall(b"X-Flood-%d: %s\r\n" % (i, b"a" * 200))

    with pytest.raises(FetchError) as exc:
        fetch(servers.raw(header_flood).url(), timeout=3)
    assert exc.value.code in ("protocol", "too_large")


# --- 4. Schemes and malformed URLs ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://127.0.0.2/x",
        "gopher://127.0.0.2:70/_GET",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
        "dict://127.0.0.2:11211/stats",
        "127.0.0.2/no-scheme",
        "//127.0.0.2/scheme-relative",
        " http://127.0.0.2/",
    ],
)
def test_only_http_and_https_are_fetched(public, url, monkeypatch, fake_dns):
    def no_files(*args, **kwargs):
        raise AssertionError("the fetcher touched the filesystem")

    monkeypatch.setattr("builtins.open", no_files)
    _, calls = fake_dns
    with pytest.raises(BlockedScheme) as exc:
        fetch(url)
    assert exc.value.code == "blocked_scheme" and exc.value.transient is False
    assert calls == []  # refused before DNS


@pytest.mark.parametrize(
    "url",
    [
        "http://user:pass@127.0.0.2/",
        "http://user@127.0.0.2/",
        "http://127.0.0.2/a b",
        "http://127.0.0.2/\x00",
        "http://127.0.0.2/\r\nX-Injected: 1",
        "http://127.0.0.2/\u3000",
        "http://127.0.0.2/" + "a" * 4100,
        "http://127.0.0.2:99999/",
        "http://127.0.0.2:0/",
        "http:///path",
        "http://%31%32%37.0.0.1/",
        "http://[::1/",
        "http://" + "a" * 64 + ".example/",
    ],
)
def test_malformed_urls_are_refused(public, url, fake_dns):
    _, calls = fake_dns
    with pytest.raises(FetchError) as exc:
        fetch(url)
    assert exc.value.code == "bad_url", exc.value
    assert "\n" not in str(exc.value)
    assert calls == []


def test_an_idna_host_is_encoded(public, servers, fake_dns):
    site = servers.site()
    site.routes["/"] = lambda h: reply(h, 200, b"<p>ok</p>")
    table, calls = fake_dns
    table["xn--bcher-kva.test"] = [PUBLIC]
    result = fetch(f"http://Bücher.test:{site.port}/")
    assert calls == ["xn--bcher-kva.test"]
    assert site.requests[0][2]["Host"] == f"xn--bcher-kva.test:{site.port}"
    assert result.status == 200


# --- 5. Internal addresses, however they are written ----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://LOCALHOST:{port}/",
        "http://[::1]:{port}/",
        "http://2130706433:{port}/",
        "http://0x7f.0.0.1:{port}/",
        "http://0x7f000001:{port}/",
        "http://017700000001:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://127.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:7f00:1]:{port}/",
        "http://0.0.0.0:{port}/",
        "http://0:{port}/",
        "http://[::]:{port}/",
        "https://127.0.0.1:{port}/",
    ],
)
def test_loopback_in_any_notation_is_refused_without_a_connection(servers, url):
    v4, v6 = servers.loopback_counters()
    started = time.monotonic()
    with pytest.raises(BlockedAddress):
        fetch(url.format(port=v4.port))
    assert time.monotonic() - started < 1
    assert v4.connections() == 0
    assert v6.connections() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://100.64.0.1/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://192.0.0.8/",
        "http://198.18.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://224.0.0.1/",
        "http://[fd00::2]/",
        "http://[fe80::1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:a00:1::]/",
    ],
)
def test_private_addresses_are_refused_before_connecting(url):
    # No allow setting here: even 127.0.0.2 is internal, and nothing may be contacted.
    started = time.monotonic()
    with pytest.raises(BlockedAddress):
        fetch(url, timeout=5)
    assert time.monotonic() - started < 0.5


def test_without_the_setting_the_test_public_address_is_internal_too(servers):
    site = servers.site()
    with pytest.raises(BlockedAddress):
        fetch(site.url("/"))
    assert site.requests == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(public, servers, fake_dns):
    site, internal = servers.site_and_counter("127.0.0.1")
    table, _ = fake_dns
    table["mixed.test"] = [PUBLIC, "127.0.0.1"]
    with pytest.raises(BlockedAddress):
        fetch(f"http://mixed.test:{site.port}/")
    assert site.requests == []
    assert internal.connections() == 0


# --- 6. The address table -----------------------------------------------------------------


@pytest.mark.parametrize(
    "address,allowed",
    [
        ("8.8.8.8", True),
        ("1.1.1.1", True),
        ("93.184.215.14", True),
        ("2001:4860:4860::8888", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),  # IPv4-mapped public: connects to 8.8.8.8
        ("64:ff9b::808:808", True),  # NAT64 of a public IPv4 (DNS64 networks)
        ("2002:808:808::1", True),  # 6to4 around a public IPv4
        ("127.0.0.1", False),
        ("127.255.255.254", False),
        ("0.0.0.0", False),
        ("0.1.2.3", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("100.64.0.1", False),
        ("100.127.255.254", False),
        ("169.254.169.254", False),
        ("169.254.0.1", False),
        ("192.0.0.8", False),
        ("192.0.0.170", False),
        ("192.0.2.1", False),
        ("198.18.0.1", False),
        ("198.19.255.255", False),
        ("198.51.100.7", False),
        ("203.0.113.9", False),
        ("192.88.99.1", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("fd00::2", False),
        ("fc00::1", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("2001:db8::1", False),
        ("100::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:0.0.0.0", False),
        ("::127.0.0.1", False),
        ("::10.0.0.1", False),  # IPv4-compatible
        ("64:ff9b::a00:1", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::a9fe:a9fe", False),  # NAT64
        ("64:ff9b:1::808:808", False),  # local-use NAT64
        ("2002:7f00:1::", False),
        ("2002:a00:1::1", False),
        ("2002:a9fe:a9fe::", False),  # 6to4
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo, client 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", False),  # Teredo, client 8.8.8.8: Teredo is refused outright
        ("not an address", False),
    ],
)
def test_the_address_table(address, allowed):
    assert address_allowed(address) is allowed


def test_allowed_networks_admit_only_what_they_name():
    networks = parse_networks(["127.0.0.2/32", "fd00:1::/64"])
    assert address_allowed("127.0.0.2", networks)
    assert address_allowed("::ffff:127.0.0.2", networks)  # the same socket destination
    assert address_allowed("fd00:1::5", networks)
    assert not address_allowed("127.0.0.1", networks)
    assert not address_allowed("127.0.0.3", networks)
    assert not address_allowed("64:ff9b::7f00:2", networks)  # behind a NAT64 gateway: not the same host
    assert not address_allowed("fd00:2::5", networks)


# --- 7. What a fetch returns --------------------------------------------------------------


def test_a_page_is_fetched_with_its_charset(public, servers):
    site = servers.site()
    body = "<html><p>Il caffè costa più</p></html>".encode("iso-8859-1")
    site.routes["/news"] = lambda h: reply(
        h, 200, body, 'Text/HTML; Charset="ISO-8859-1"', [("X-Two", "1"), ("x-two", "2")]
    )
    result = fetch(site.url("/news?id=1#top"))
    assert result.status == 200
    assert result.url == result.final_url == site.url("/news?id=1#top")
    assert result.content_type == "text/html" and result.charset == "iso-8859-1"
    assert result.body == body and "caffè costa più" in result.text()
    assert result.headers["x-two"] == "2" and result.headers["content-type"].startswith("Text/HTML")
    assert result.address == PUBLIC and result.redirects == [] and 0 < result.elapsed < 2
    method, path, headers, _ = site.requests[0]
    assert (method, path) == ("GET", "/news?id=1")
    assert headers["Host"] == f"{PUBLIC}:{site.port}"
    assert headers["User-Agent"] == "FactcheckArchiver/1.0 (+https://github.com/)"
    assert headers["Accept-Encoding"] == "gzip, deflate"


def test_text_falls_back_to_utf8_then_cp1252(public, servers):
    site = servers.site()
    site.routes["/utf8"] = lambda h: reply(h, 200, "perché".encode(), "text/plain")
    site.routes["/cp1252"] = lambda h: reply(
        h, 200, "\u201cperché\u201d".encode("cp1252"), "text/plain; charset=klingon"
    )
    assert fetch(site.url("/utf8")).text() == "perché"
    assert fetch(site.url("/cp1252")).text() == "\u201cperché\u201d"


def test_a_chain_of_three_redirects_is_followed_and_recorded(public, servers):
    site = servers.site()
    other = servers.site()
    site.routes["/a"] = redirect("/b", 301)
    site.routes["/b"] = redirect(other.url("/c"), 308)
    other.routes["/c"] = redirect("d?x=1", 307)  # relative to /c
    other.routes["/d"] = lambda h: reply(h, 200, b"<p>final</p>")
    result = fetch(site.url("/a"))
    assert result.status == 200 and result.body == b"<p>final</p>"
    assert result.redirects == [site.url("/b"), other.url("/c"), other.url("/d?x=1")]
    assert result.final_url == other.url("/d?x=1") and result.url == site.url("/a")


def test_relative_and_scheme_relative_locations(public, servers):
    site = servers.site()
    site.routes["/x/y"] = redirect("../z")
    site.routes["/z"] = redirect(f"//{PUBLIC}:{site.port}/end")
    site.routes["/end"] = lambda h: reply(h, 200, b"ok", "text/plain")
    result = fetch(site.url("/x/y"))
    assert result.final_url == site.url("/end")
    assert [r[1] for r in site.requests] == ["/x/y", "/z", "/end"]


def test_more_than_five_redirects_is_refused(public, servers):
    site = servers.site()
    for i in range(6):
        site.routes[f"/{i}"] = redirect(f"/{i + 1}")
    site.routes["/6"] = lambda h: reply(h, 200, b"never")
    with pytest.raises(TooManyRedirects) as exc:
        fetch(site.url("/0"))
    assert exc.value.code == "too_many_redirects"
    assert len(site.requests) == 6
    assert fetch(site.url("/1")).final_url == site.url("/6")  # five redirects are fine


def test_an_error_status_is_returned_not_raised(public, servers):
    site = servers.site()
    site.routes["/gone"] = lambda h: reply(h, 410, b"\x89PNG" + bytes(200 * 1024), "image/png")
    missing = fetch(site.url("/missing"))
    assert missing.status == 404 and missing.content_type == "text/html"
    gone = fetch(site.url("/gone"))  # any type, body cut to its first 64 KiB
    assert gone.status == 410 and len(gone.body) == 64 * 1024


def test_a_chunked_response_is_read(public, servers):
    def chunked(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/plain; charset=utf-8")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for piece in (b"uno ", b"due ", b"tre" * 1000):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        h.wfile.write(b"0\r\n\r\n")

    site = servers.site()
    site.routes["/"] = chunked
    assert fetch(site.url("/")).body == b"uno due " + b"tre" * 1000


@pytest.mark.parametrize(
    "encoding,encode",
    [
        ("gzip", lambda b: zlib.compress(b, wbits=16 + zlib.MAX_WBITS)),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b, wbits=-zlib.MAX_WBITS)),
    ],
    ids=["gzip", "deflate", "raw-deflate"],
)
def test_a_compressed_page_is_decoded(public, servers, encoding, encode):
    page = b"<html><body>" + b"<p>Il PIL cresce dello 0,7%.</p>" * 500 + b"</body></html>"
    site = servers.site()
    site.routes["/"] = lambda h: reply(h, 200, encode(page), "text/html", [("Content-Encoding", encoding)])
    result = fetch(site.url("/"))
    assert result.body == page


def test_a_corrupt_compressed_body_is_an_error(public, servers):
    site = servers.site()
    site.routes["/"] = lambda h: reply(
        h, 200, b"\x1f\x8b\x08\x00garbage-garbage", "text/html", [("Content-Encoding", "gzip")]
    )
    with pytest.raises(FetchError) as exc:
        fetch(site.url("/"))
    assert exc.value.code == "protocol"


def test_a_type_outside_the_allowed_ones_is_refused(public, servers):
    site = servers.site()
    site.routes["/img"] = lambda h: reply(h, 200, b"\x89PNG\r\n\x1a\n" + bytes(1000), "image/png")
    with pytest.raises(BadContentType) as exc:
        fetch(site.url("/img"))
    assert exc.value.code == "bad_content_type" and "image/png" in str(exc.value)
    assert fetch(site.url("/img"), allowed_types=None).content_type == "image/png"
    assert fetch(site.url("/img"), allowed_types=("image/png",)).status == 200


def test_a_missing_content_type_is_sniffed_only_as_html_or_text(public, servers):
    site = servers.site()
    site.routes["/html"] = lambda h: reply(h, 200, b"\n  <!DOCTYPE html><html><p>x</p></html>", ctype=None)
    site.routes["/text"] = lambda h: reply(h, 200, "Il governo ha detto così.\n".encode(), ctype=None)
    site.routes["/pdf"] = lambda h: reply(h, 200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ctype=None)
    site.routes["/bin"] = lambda h: reply(h, 200, bytes(range(256)), ctype=None)
    assert fetch(site.url("/html")).content_type == "text/html"
    assert fetch(site.url("/text")).content_type == "text/plain"
    for path in ("/pdf", "/bin"):
        with pytest.raises(BadContentType):
            fetch(site.url(path))


def test_post_json_to_a_trusted_loopback_endpoint(public, servers):
    api = servers.site("127.0.0.1")
    api.routes["/v1/search"] = lambda h: reply(
        h, 200, json.dumps({"echo": json.loads(h.body)}).encode(), "application/json"
    )
    payload = json.dumps({"query": "inflazione"}).encode()
    kwargs = dict(
        method="POST",
        data=payload,
        headers={"Content-Type": "application/json", "Authorization": "Bearer k"},
        allowed_types=("application/json",),
    )
    with pytest.raises(BlockedAddress):  # loopback, and not trusted
        fetch(api.url("/v1/search"), **kwargs)
    assert api.requests == []
    result = fetch(api.url("/v1/search"), trusted=True, **kwargs)
    assert json.loads(result.body) == {"echo": {"query": "inflazione"}}
    method, _, headers, body = api.requests[0]
    assert method == "POST" and body == payload
    assert headers["Content-Length"] == str(len(payload)) and headers["Authorization"] == "Bearer k"


def test_trust_does_not_follow_a_redirect_to_another_host(public, servers):
    api = servers.site("127.0.0.1")
    internal = servers.counter("127.0.0.1")
    api.routes["/"] = redirect(f"http://localhost:{internal.port}/")
    with pytest.raises(BlockedAddress):
        fetch(api.url("/"), trusted=True)
    assert internal.connections() == 0


def test_a_303_turns_a_post_into_a_get_and_credentials_stay_home(public, servers):
    site = servers.site()
    other = servers.site()
    site.routes["/submit"] = redirect(other.url("/result"), 303)
    other.routes["/result"] = lambda h: reply(h, 200, b"ok", "text/plain")
    fetch(
        site.url("/submit"),
        method="POST",
        data=b'{"a": 1}',
        headers={"Content-Type": "application/json", "Authorization": "Bearer secret", "Cookie": "s=1"},
    )
    method, _, headers, body = other.requests[0]
    assert method == "GET" and body == b""
    assert "Authorization" not in headers and "Cookie" not in headers and "Content-Type" not in headers


@pytest.mark.parametrize(
    "behaviour",
    [
        lambda conn, stop: (
            read_request(conn),
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0"),
        ),
        lambda conn, stop: read_request(conn),
        lambda conn, stop: (
            read_request(conn),
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>"),
        ),
    ],
    ids=["reset", "closed-before-answering", "closed-mid-body"],
)
def test_a_server_that_drops_the_connection_is_a_transient_error(public, servers, behaviour):
    with pytest.raises(FetchError) as exc:
        fetch(servers.raw(behaviour).url(), timeout=3)
    assert exc.value.code == "connection" and exc.value.transient is True, exc.value


def test_a_refused_connection_is_transient(public, servers):
    site = servers.site()
    port = site.port
    site.close()
    with pytest.raises(FetchError) as exc:
        fetch(f"http://{PUBLIC}:{port}/", timeout=3)
    assert exc.value.code == "connection" and exc.value.transient is True


def test_a_malformed_response_is_a_permanent_error(public, servers):
    server = servers.raw(lambda conn, stop: (read_request(conn), conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")))
    with pytest.raises(FetchError) as exc:
        fetch(server.url(), timeout=3)
    assert exc.value.code == "protocol" and exc.value.transient is False


@pytest.mark.parametrize(
    "error,transient",
    [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)],
    ids=["nxdomain", "temporary"],
)
def test_dns_failures(public, fake_dns, error, transient):
    table, _ = fake_dns

    def fail():
        raise socket.gaierror(error, "lookup failed")

    table["nx.test"] = fail
    with pytest.raises(FetchError) as exc:
        fetch("http://nx.test/")
    assert exc.value.code == "dns" and exc.value.transient is transient


def test_caller_headers_cannot_smuggle_requests():
    for headers in ({"X-A": "1\r\nHost: evil"}, {"Bad Name": "1"}, {"Host": "evil"}, {"Content-Length": "5"}):
        with pytest.raises(ValueError):
            fetch("http://8.8.8.8/", headers=headers)


# --- TLS ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    (folder / "leaf.pem").write_text(LEAF_PEM)
    (folder / "leaf.key").write_text(LEAF_KEY)
    return folder


def _tls_site(servers, tls_files):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files / "leaf.pem", tls_files / "leaf.key")
    site = servers.site(tls=context)
    site.routes["/"] = lambda h: reply(h, 200, b"<p>secure</p>")
    return site


def test_an_unknown_certificate_authority_is_a_permanent_tls_error(public, servers, tls_files):
    site = _tls_site(servers, tls_files)
    with pytest.raises(FetchError) as exc:
        fetch(site.url("/", scheme="https"), timeout=3)
    assert exc.value.code == "tls" and exc.value.transient is False
    assert site.requests == []


def test_https_verifies_the_certificate_against_the_url_host(public, servers, tls_files, fake_dns, monkeypatch):
    real = ssl.create_default_context
    monkeypatch.setattr(fetch_module.ssl, "create_default_context", lambda: real(cadata=CA_PEM))
    site = _tls_site(servers, tls_files)
    table, _ = fake_dns
    table["fetch.test"] = table["impostor.test"] = [PUBLIC]
    assert fetch(site.url("/", scheme="https")).body == b"<p>secure</p>"  # IP in the certificate
    result = fetch(site.url("/", scheme="https", host="fetch.test"))
    assert result.address == PUBLIC and site.sni == [None, "fetch.test"]  # no SNI for an IP
    assert site.requests[-1][2]["Host"] == f"fetch.test:{site.port}"
    with pytest.raises(FetchError) as exc:
        fetch(site.url("/", scheme="https", host="impostor.test"))
    assert exc.value.code == "tls" and exc.value.transient is False


# --- 8. DNS rebinding ---------------------------------------------------------------------


def test_the_checked_address_is_the_one_connected_to(public, servers, fake_dns):
    site, internal = servers.site_and_counter("127.0.0.1")
    site.routes["/"] = lambda h: reply(h, 200, b"<p>public</p>")
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"], ["127.0.0.1"]])
    table, calls = fake_dns
    table["rebind.test"] = lambda: next(answers)
    result = fetch(f"http://rebind.test:{site.port}/")
    assert calls == ["rebind.test"]  # one lookup: nothing can ask again and get 127.0.0.1
    assert result.address == PUBLIC and result.body == b"<p>public</p>"
    assert site.requests[0][2]["Host"] == f"rebind.test:{site.port}"
    assert internal.connections() == 0


def test_a_redirect_hop_is_resolved_and_checked_again(public, servers, fake_dns):
    site, internal = servers.site_and_counter("127.0.0.1")
    site.routes["/"] = redirect("/next")
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    table, calls = fake_dns
    table["rebind.test"] = lambda: next(answers)
    with pytest.raises(BlockedAddress):
        fetch(f"http://rebind.test:{site.port}/")
    assert calls == ["rebind.test", "rebind.test"]  # once per hop
    assert [r[1] for r in site.requests] == ["/"]
    assert internal.connections() == 0


# --- Settings ------------------------------------------------------------------------------


def test_the_settings_and_their_defaults(settings):
    assert settings.FACTCHECK_FETCH_ALLOWED_NETWORKS == []
    assert settings.FACTCHECK_FETCH_TIMEOUT == 10.0
    assert settings.FACTCHECK_FETCH_MAX_BYTES == 5 * MB
    assert settings.FACTCHECK_FETCH_USER_AGENT == "FactcheckArchiver/1.0 (+https://github.com/)"


def test_the_settings_bound_a_fetch(public, settings, servers):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1000
    settings.FACTCHECK_FETCH_USER_AGENT = "TestAgent/2"
    site = servers.site()
    site.routes["/"] = lambda h: reply(h, 200, b"a" * 1001, "text/plain")
    with pytest.raises(TooLarge):
        fetch(site.url("/"))
    assert site.requests[0][2]["User-Agent"] == "TestAgent/2"


def test_malformed_fetch_variables_are_named(monkeypatch):
    from factcheck.settings import env_float, env_networks

    monkeypatch.setenv("FACTCHECK_FETCH_ALLOWED_NETWORKS", " 127.0.0.2 , fd00::/8")
    assert env_networks("FACTCHECK_FETCH_ALLOWED_NETWORKS") == ["127.0.0.2/32", "fd00::/8"]
    for value in ("localhost", "10.0.0.1/8", "127.0.0.2/33"):
        monkeypatch.setenv("FACTCHECK_FETCH_ALLOWED_NETWORKS", value)
        with pytest.raises(ImproperlyConfigured, match="FACTCHECK_FETCH_ALLOWED_NETWORKS"):
            env_networks("FACTCHECK_FETCH_ALLOWED_NETWORKS")
    for value in ("ten", "0", "-1", "nan", "inf"):
        monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", value)
        with pytest.raises(ImproperlyConfigured, match="FACTCHECK_FETCH_TIMEOUT"):
            env_float("FACTCHECK_FETCH_TIMEOUT", 10.0)


def test_the_fetcher_works_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from claims.verification.fetch import fetch, _setting, BlockedAddress\n"
        "from django.conf import settings\n"
        "assert _setting('FACTCHECK_FETCH_TIMEOUT', 10.0) == 10.0\n"
        "try:\n    fetch('http://127.0.0.2:9/', timeout=2)\nexcept BlockedAddress:\n    print('blocked')\n"
        "print(settings.configured)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert out.stdout.split() == ["blocked", "False"], out.stderr

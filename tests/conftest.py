import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_82384b93ff9f2906.txt"
# WhiteNoise warns on every request when STATIC_ROOT does not exist (no collectstatic in tests).
(ROOT / "staticfiles").mkdir(exist_ok=True)


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached permissions, counts and sessions must not leak from one test into the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 is slow by design; tests create many users and log them in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _archive_only_from_loopback(request, settings):
    # Sources cited in tests (reuters.com...) must not be looked up on the internet: only
    # tests that bring their own loopback web server archive anything.
    settings.FACTCHECK_ARCHIVE_SOURCES = "web_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests run tasks in-process; tests marked `worker` use the real broker."""
    from factcheck.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


def _database_url(db_settings) -> str:
    user = db_settings.get("USER") or "postgres"
    password = f":{db_settings['PASSWORD']}" if db_settings.get("PASSWORD") else ""
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db_settings['NAME']}"


@pytest.fixture
def celery_worker_factory(transactional_db, settings, tmp_path):
    """Start real `celery worker` processes on the configured Redis, reading the test database."""
    from django.db import connection

    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("worker tests need DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://… (make test sets them)")
    env = dict(os.environ)
    env["DATABASE_URL"] = _database_url(settings.DATABASES["default"])
    env["CELERY_QUEUE"] = settings.CELERY_TASK_DEFAULT_QUEUE
    env["PYTHONUNBUFFERED"] = "1"
    env["FACTCHECK_FETCH_ALLOWED_NETWORKS"] = "127.0.0.2/32"  # the tests' web server; nothing else
    procs = []
    from factcheck.celery import app

    # Messages left by an earlier run would be consumed first (and ids get reused).
    app.control.purge()

    def start(
        concurrency: int = 1, name: str = "w1", extra: tuple = (), env_extra: dict | None = None, beat: bool = False
    ) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{name}.log"
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        if beat:
            args += ["--beat", f"--schedule={tmp_path / f'beat-{name}'}"]
        proc = subprocess.Popen(
            [*args, *extra],
            cwd=ROOT,
            env={**env, **(env_extra or {})},
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_path = log_path
        procs.append(proc)
        ready = wait_for(lambda: proc.poll() is not None or " ready." in log_path.read_text(errors="replace"), 60)
        if proc.poll() is not None or not ready:
            pytest.fail(f"celery worker did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1):
    """Poll until predicate() is truthy; bounded in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """article_submit, then run what it queued on commit (TestCase never commits)."""
    from claims.services import article_submit

    def _submit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            article = article_submit(**kwargs)
        article.refresh_from_db()
        return article

    return _submit


@pytest.fixture
def web_server():
    """A real HTTP server on 127.0.0.2 (an address the fetcher may be allowed to reach in
    tests), serving routes the test registers; it records every request path."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    routes: dict = {}
    requests: list = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.do_GET()

        def do_GET(self):
            requests.append(self.path)
            route = routes.get(self.path) or server.fallback
            if route is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body>Not found</body></html>")
                return
            if callable(route):
                route(self)
                return
            status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.routes = routes
    server.fallback = None  # a callable answering any path without a route
    server.requests = requests
    server.base = f"http://127.0.0.2:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def users(db):
    """Named people of a newsroom: two reviewers, two editors, an admin and an outsider."""
    from django.contrib.auth.models import Group, User

    from claims.defaults import ensure_roles_and_ratings

    # A transactional test flushes the tables, migration-made rows included: make sure.
    ensure_roles_and_ratings()

    def make(name, group=None):
        user = User.objects.create_user(name, f"{name}@example.org", "pw-" + name)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return type(
        "Users",
        (),
        {
            "reviewer": make("rita", "Reviewer"),
            "reviewer2": make("remo", "Reviewer"),
            "editor": make("elena", "Editor"),
            "editor2": make("enzo", "Editor"),
            "admin": make("ada", "Admin"),
            "outsider": make("otto"),
        },
    )

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
def _fresh_match_index():
    # The process's match index follows the database; each test's database starts empty
    # (rolled back or flushed), so the index is rebuilt from it on first use.
    from claims.matching.index import live

    live.reset()
    yield
    live.reset()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Italian leaves Italian active in the thread (LocaleMiddleware activates,
    # nothing deactivates): every test starts from the default language, whatever ran before.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_82384b93ff9f2906.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


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
    procs = []
    from factcheck.celery import app

    # Messages left by an earlier run would be consumed first (and ids get reused).
    app.control.purge()

    def start(concurrency: int = 1, name: str = "w1", extra: tuple = ()) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{name}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--loglevel=INFO", f"--concurrency={concurrency}",
             f"--hostname={name}@%h", "--without-gossip", "--without-mingle", *extra],
            cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
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

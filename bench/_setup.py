"""Shared set-up for the benchmarks that need PostgreSQL, Redis and a real worker.

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/factcheck_bench) is a
database of the benchmarks' own, created and migrated on first use; BENCH_BROKER_URL
(default redis://127.0.0.1:6379/14) a Redis database of their own.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = "factcheck-bench"


def django_setup():
    """Point this process at the bench database and broker, create the database if needed, migrate."""
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
    os.environ["CELERY_QUEUE"] = QUEUE
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    _create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database():
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def purge_queue():
    """Empty the bench broker: its queues, and the messages an earlier run's killed worker
    left unacknowledged (bench/load.py kills one), which would be delivered again mid-run."""
    import redis

    from factcheck.celery import app

    app.control.purge()
    redis.Redis.from_url(BROKER_URL).delete("unacked", "unacked_index", "unacked_mutex")


class Worker:
    """A `celery worker` subprocess on the bench broker and database."""

    def __init__(self, concurrency: int = 2, extra_env: dict | None = None):
        env = {
            **os.environ,
            "DATABASE_URL": DATABASE_URL,
            "CELERY_BROKER_URL": BROKER_URL,
            "CELERY_QUEUE": QUEUE,
            **(extra_env or {}),
        }
        self.log = Path("/tmp") / f"bench-worker-{os.getpid()}.log"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--loglevel=WARNING",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname=bench@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60):
        from factcheck.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text()[-2000:])
            replies = app.control.ping(timeout=0.5)
            if replies:
                return
        raise RuntimeError("worker did not answer")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

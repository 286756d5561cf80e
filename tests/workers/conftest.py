"""Tests that start real `celery worker` processes on the configured Redis broker, reading
and writing the test database (marked `worker`): the fixture that starts them and the
bounded wait the tests poll with."""

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.processes import database_url, wait_for

_database_url = database_url  # the name the worker tests import
__all__ = ["ROOT", "_database_url", "wait_for"]


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

"""A removed role stops working at once in every web process (issue 10: it kept working for
up to 60 s in the processes that had cached it). Two real gunicorn processes on the test
database: the role is removed through one (or directly), and the other refuses at once,
with the per-process cache (nothing cached between requests) and with the shared Redis
cache (cached, and dropped by the change)."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.contrib.auth.models import Group
from django.test import Client

from claims.services.tokens import api_token_issue

from .conftest import ROOT
from .processes import database_url as _database_url
from .processes import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def web_processes(settings, tmp_path):
    procs = []

    def start(count: int, env_extra: dict) -> list[str]:
        env = dict(os.environ)
        env["DATABASE_URL"] = _database_url(settings.DATABASES["default"])
        env.update(env_extra)
        bases = []
        for i in range(count):
            port = _free_port()
            log = (tmp_path / f"gunicorn-{i}.log").open("w")
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
                    + ["factcheck.wsgi:application"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            base = f"http://127.0.0.1:{port}"
            assert wait_for(lambda b=base: _answers(b), 30), (tmp_path / f"gunicorn-{i}.log").read_text()
            bases.append(base)
        return bases

    yield start
    for proc in procs:
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        proc.wait(timeout=15)


def _answers(base) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def _session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)  # stored in the database: every process reads it
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.parametrize("cache_url", ["", "redis://127.0.0.1:6379/13"], ids=["per-process cache", "shared cache"])
def test_an_editor_whose_role_is_removed_is_refused_at_once_by_every_process(users, web_processes, settings, cache_url):
    if cache_url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": cache_url,
                "KEY_PREFIX": "factcheck",
            }
        }
    first, second = web_processes(2, {"CACHE_URL": cache_url})
    cookies = _session_cookie(users.editor)
    key = api_token_issue(user=users.editor)
    token = {"Authorization": f"Token {key}"}
    # Both processes have seen the editor (and, with a shared cache, cached the role).
    for base in (first, second):
        assert requests.get(f"{base}/approvals/", cookies=cookies, timeout=10).status_code == 200
        assert requests.get(f"{base}/api/ratings/", headers=token, timeout=10).status_code == 200
    users.editor.groups.remove(Group.objects.get(name="Editor"))
    started = time.monotonic()
    for base in (second, first):
        assert requests.get(f"{base}/approvals/", cookies=cookies, timeout=10).status_code == 403
        assert requests.get(f"{base}/api/ratings/", headers=token, timeout=10).status_code == 403
    assert time.monotonic() - started < 5
    if cache_url:
        from django.core.cache import cache

        cache.clear()

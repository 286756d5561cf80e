"""A malformed setting stops start-up with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "name,value",
    [
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "postgres://user@host:notaport/db"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        ("CELERY_BROKER_URL", "amqp//nonsense"),
        ("CELERY_BROKER_URL", "redis://:abc@host:port/0"),
        ("FACTCHECK_MAX_ARTICLE_BYTES", "two megabytes"),
        ("DJANGO_DEBUG", "perhaps"),
    ],
)
def test_a_malformed_variable_stops_start_up_and_is_named(name, value):
    result = _start({name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]


def test_nothing_set_gives_the_embedded_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'factcheck.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["django.db.backends.sqlite3", "True"], out.stderr


def test_urls_switch_to_postgresql_and_a_broker():
    env = dict(
        os.environ,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/15",
    )
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'factcheck.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["django.db.backends.postgresql", "False"], out.stderr

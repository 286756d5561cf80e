"""Production settings from the environment: no start without a secret key when debug is
off, one switch for everything HTTPS behind a proxy, and Django's deployment checklist
clean with them (`make deploy-check` runs the same check in CI)."""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

PRODUCTION = {
    "DJANGO_HTTPS": "1",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    "DJANGO_SECRET_KEY": "kq3-8vPz0wL1x9Tn6Rr2sYb5Hc7Ud4Fe0Gi8Jo1Kp3Mq5Ns7Ot9Pu2Qv4Rw6Sx8Ty0Uz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    "CACHE_URL": "redis://127.0.0.1:6379/14",
}
SETTINGS_DUMP = (
    "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'factcheck.settings'); django.setup();"
    "from django.conf import settings as s;"
    "print(json.dumps({k: getattr(s, k) for k in %r}, default=str))"
)


def _clean_env(**extra) -> dict:
    """The machine's environment without any of our variables, plus `extra`."""
    ours = ("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "FACTCHECK_", "LOG_", "LOGIN_", "API_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(extra)
    return env


def _settings(names, env, cwd=ROOT) -> dict:
    import json

    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_DUMP % (tuple(names),)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


@pytest.fixture
def checkout_without_a_key(tmp_path):
    """A copy of the settings package in a folder with no .secret_key (a server's checkout,
    an image): what settings.py does when nothing provides a key."""
    shutil.copytree(ROOT / "factcheck", tmp_path / "factcheck", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _start(folder, env) -> subprocess.CompletedProcess:
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'factcheck.settings'); django.setup()"
    env = {**env, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"}
    return subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, timeout=60)


def test_with_debug_off_and_no_key_start_up_stops_naming_the_variable(checkout_without_a_key):
    result = _start(checkout_without_a_key, _clean_env(DJANGO_DEBUG="0"))
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last and "DJANGO_SECRET_KEY" in last


def test_the_key_may_come_from_a_file(checkout_without_a_key, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("  from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP  \n")
    env = _clean_env(DJANGO_SECRET_KEY_FILE=str(secret), PYTHONPATH=f"{checkout_without_a_key}{os.pathsep}{ROOT}")
    values = _settings(["SECRET_KEY", "SECRET_KEY_SOURCE"], env, cwd=checkout_without_a_key)
    assert values == {
        "SECRET_KEY": "from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP",
        "SECRET_KEY_SOURCE": "DJANGO_SECRET_KEY_FILE",
    }
    missing = _start(checkout_without_a_key, _clean_env(DJANGO_SECRET_KEY_FILE=str(tmp_path / "nope")))
    assert missing.returncode != 0 and "DJANGO_SECRET_KEY_FILE" in missing.stderr.strip().splitlines()[-1]


def test_debug_on_keeps_the_development_key_working(checkout_without_a_key):
    assert _start(checkout_without_a_key, _clean_env(DJANGO_DEBUG="1")).returncode == 0


def test_make_run_works_with_nothing_set_through_the_checkouts_own_random_key():
    # `make` writes .secret_key (mode 600) before anything runs; settings read it.
    key_file = ROOT / ".secret_key"
    assert key_file.is_file() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    values = _settings(["SECRET_KEY", "SECRET_KEY_SOURCE", "DEBUG"], _clean_env())
    assert values["SECRET_KEY"] == key_file.read_text().strip() and values["SECRET_KEY_SOURCE"] == "local file"
    assert values["DEBUG"] is False


def test_https_behind_a_proxy_is_one_switch_with_safe_values():
    names = [
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    ]
    off = _settings(names, _clean_env())
    assert off == {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }
    on = _settings(names, _clean_env(DJANGO_HTTPS="1"))
    assert on == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,  # one year
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }
    overridden = _settings(
        names,
        _clean_env(
            DJANGO_HTTPS="1",
            DJANGO_SECURE_HSTS_SECONDS="600",
            DJANGO_SECURE_HSTS_PRELOAD="0",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_PROXY_SSL_HEADER="0",
        ),
    )
    assert overridden["SECURE_HSTS_SECONDS"] == 600 and overridden["SECURE_HSTS_PRELOAD"] is False
    assert overridden["SECURE_SSL_REDIRECT"] is False and overridden["SECURE_PROXY_SSL_HEADER"] is None
    assert overridden["SESSION_COOKIE_SECURE"] is True


def test_check_deploy_is_clean_with_the_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_what_is_missing_without_them():
    env = _clean_env(DJANGO_DEBUG="0", CELERY_BROKER_URL="redis://127.0.0.1:6379/15")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    found = result.stdout + result.stderr
    for check in (
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
        "factcheck.W001",
        "factcheck.W002",
    ):
        assert check in found, check


@pytest.mark.parametrize(
    "name,value",
    [
        ("DJANGO_HTTPS", "maybe"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
        ("LOG_FORMAT", "xml"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("FACTCHECK_MAX_CLAIMS_PER_ARTICLE", "lots"),
        ("FACTCHECK_TRUSTED_PROXIES", "-1"),
    ],
)
def test_a_malformed_new_variable_stops_start_up_and_is_named(name, value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_clean_env(**{name: value}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr.strip().splitlines()[-1]

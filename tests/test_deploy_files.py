"""The deploy/ folder agrees with the app: every variable the compose file, the example
environment and the systemd units set is one the app reads (a typo there would be ignored
silently in production), every variable the app reads is in the README's settings table,
and the roles the compose file starts are the ones the README describes."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"

_READ = re.compile(r"""(?:env_\w+|os\.environ\.get|http_url_from_env|_int)\(\s*"([A-Z][A-Z0-9_]+)\"""")
_DEFAULT_NAME = re.compile(r"""name: str = "([A-Z][A-Z0-9_]+)\"""")


def variables_read(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(_READ.findall(text)) | set(_DEFAULT_NAME.findall(text))


SETTINGS_VARIABLES = variables_read(ROOT / "factcheck" / "settings.py")
GUNICORN_VARIABLES = variables_read(DEPLOY / "gunicorn.conf.py")
APP_VARIABLES = SETTINGS_VARIABLES | GUNICORN_VARIABLES


def test_the_settings_variables_are_found():
    # The scan itself: a change of style in settings.py must not make this file test nothing.
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SECRET_KEY", "DJANGO_HTTPS"} <= SETTINGS_VARIABLES
    assert len(SETTINGS_VARIABLES) > 50 and {"WEB_CONCURRENCY", "GUNICORN_BIND"} <= GUNICORN_VARIABLES


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def our_services(data) -> dict:
    """The services that run our image (not PostgreSQL's or Redis')."""
    return {
        name: svc for name, svc in data["services"].items() if "build" in svc or svc.get("image") == "factcheck:latest"
    }


def test_every_variable_the_compose_file_sets_is_read_by_the_app():
    services = our_services(compose())
    assert set(services) == {
        "migrate",
        "web",
        "worker-extraction",
        "worker-verification",
        "worker-archiving",
        "beat",
    }
    for name, service in services.items():
        unknown = set(service["environment"]) - APP_VARIABLES
        assert not unknown, f"{name} sets variables the app never reads: {sorted(unknown)}"


def test_the_compose_file_has_one_beat_and_a_worker_pool_per_queue():
    from django.conf import settings

    services = our_services(compose())
    beats = [n for n, s in services.items() if "beat" in s["command"] and "worker" not in s["command"]]
    assert beats == ["beat"]
    consumed = set()
    for name, service in services.items():
        command = service["command"]
        if "worker" in command:
            assert "--beat" not in command, f"{name}: beat runs once, in its own service"
            consumed |= set(command[command.index("-Q") + 1].split(","))
    queue = compose()["x-app"]["environment"]["CELERY_QUEUE"]
    expected = {queue, *(f"{queue}.{job}" for job in settings.FACTCHECK_QUEUES)}
    assert consumed == expected
    assert {"postgres", "redis"} <= set(compose()["services"])


def test_the_example_environment_and_the_systemd_units_set_only_what_the_app_reads():
    example = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert set(example) - APP_VARIABLES == {"POSTGRES_PASSWORD"}  # the compose file's PostgreSQL container
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        text = unit.read_text()
        for name in re.findall(r"^Environment=([A-Z0-9_]+)=", text, re.M):
            used_by_unit = f"${{{name}}}" in text  # a value the unit's own command line uses
            assert name in APP_VARIABLES or used_by_unit, f"{unit.name} sets {name}, which nothing reads"


def test_every_variable_the_app_reads_is_in_the_readme_settings_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings") :]
    table = table[: table.index("\n## ", 5)]
    missing = sorted(v for v in APP_VARIABLES if f"`{v}`" not in table)
    assert missing == []


@pytest.mark.parametrize("unit", ["factcheck-web.service", "factcheck-worker@.service", "factcheck-beat.service"])
def test_the_systemd_units_read_the_shared_environment_file(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    assert "EnvironmentFile=/etc/factcheck/env" in text and "Restart=" in text


def test_the_image_never_ships_the_checkouts_key():
    assert ".secret_key" in (ROOT / ".dockerignore").read_text().splitlines()


def test_the_gunicorn_config_loads_and_reads_its_variables(monkeypatch):
    import runpy

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 3 and config["bind"] == "127.0.0.1:9001" and config["preload_app"] is True
    monkeypatch.setenv("WEB_CONCURRENCY", "lots")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

"""gunicorn settings for the web processes: `gunicorn -c deploy/gunicorn.conf.py factcheck.wsgi`.

Read from the environment like the app's own settings (README, "Settings"). Sync workers:
every request is short (pages come from the cache, slow work is the Celery workers'), and
PostgreSQL connections are reused per worker (DATABASE_CONN_MAX_AGE).
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not an integer") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two per core is gunicorn's rule of thumb for sync workers.
workers = _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))
# A request that takes longer than this is a bug or an attack: the worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a proxy that keeps connections to us open.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced now and then so no slow leak grows without bound (jitter: not all at once).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The app logs through Django's LOGGING (LOG_FORMAT=json for one JSON object per line);
# gunicorn's own access log goes to stdout in the same spirit, one line per request.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = '{"remote": "%(h)s", "request": "%(r)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
# The TLS proxy in front sets X-Forwarded-Proto; Django reads it (DJANGO_HTTPS), gunicorn
# trusts it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking: workers share its memory and a broken settings module stops
# start-up at once, with its message, instead of in every worker.
preload_app = True

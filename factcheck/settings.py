"""One settings module, read from the environment.

Nothing set gives the embedded default: a SQLite file next to manage.py and Celery
tasks run in-process. `DATABASE_URL` switches to PostgreSQL, `CELERY_BROKER_URL` to a
real broker with separate worker processes. A malformed value stops start-up with
ImproperlyConfigured naming the variable, because a typo that silently falls back to
SQLite or eager tasks would lose an operator's data without telling them.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_float(name: str, default: float, minimum: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    if not value > minimum or value == float("inf"):
        raise ImproperlyConfigured(f"{name}={raw!r} must be a finite number above {minimum:g}")
    return value


def env_networks(name: str) -> list[str]:
    """Comma-separated CIDR networks ("127.0.0.2/32,fd00::/64"), normalised."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item)))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} has a malformed network {item!r}: {exc}") from None
    return networks


def database_from_env(name: str = "DATABASE_URL") -> dict:
    url = env_str(name)
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # Tasks run in-process in the embedded setup while a request may hold
            # the write lock; wait instead of failing with "database is locked".
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    import dj_database_url

    scheme = urlsplit(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise ImproperlyConfigured(
            f"{name} must be a postgres://user@host:port/dbname or sqlite:///path URL, got scheme {scheme!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is malformed: {exc}") from None
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database (postgres://user@host:port/DBNAME)")
    if config["ENGINE"].endswith("postgresql"):
        config["CONN_HEALTH_CHECKS"] = True
    return config


def broker_from_env(name: str = "CELERY_BROKER_URL") -> str:
    url = env_str(name)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "memory"):
        raise ImproperlyConfigured(f"{name} must be a redis://host:port/db URL, got scheme {parts.scheme!r}")
    try:
        parts.port  # noqa: B018 -- raises ValueError on a non-numeric port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {url!r}") from None
    if parts.scheme != "memory" and not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no host: {url!r}")
    return url


def http_url_from_env(name: str, default: str = "") -> str:
    """An http(s) URL naming a host, or '' when unset; junk stops start-up (the app's one
    rule for web addresses, claims/web_address.py)."""
    from claims.web_address import url_problem

    url = env_str(name, default)
    if not url:
        return ""
    if url_problem(url) is not None:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL naming a host, got {url!r}")
    return url


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

# Written by `make` (venv, run, test) on first use: a random key of this checkout, never
# committed (.gitignore), so `make run` and the CLI work with nothing set. Deployments set
# DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE instead (deploy/ never ships this file).
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".secret_key"


def secret_key_from_env() -> tuple[str, str]:
    """(key, where it came from). With debug off and no key, start-up stops: a key that
    anyone can read in git would let them forge sessions and password-reset links."""
    key = env_str("DJANGO_SECRET_KEY")
    if key:
        return key, "DJANGO_SECRET_KEY"
    path = env_str("DJANGO_SECRET_KEY_FILE")
    if path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={path!r} cannot be read: {exc.strerror}") from None
        if not key:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={path!r} is empty")
        return key, "DJANGO_SECRET_KEY_FILE"
    if LOCAL_SECRET_KEY_FILE.is_file():
        key = LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
        if key:
            return key, "local file"
    if DEBUG:
        return "dev-only-insecure-key-change-me-with-DJANGO_SECRET_KEY", "development default"
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE, a file holding it) must be set when DJANGO_DEBUG is off; "
        "`make venv` writes a random development key to .secret_key"
    )


SECRET_KEY, SECRET_KEY_SOURCE = secret_key_from_env()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Served behind a TLS proxy -------------------------------------------------
# DJANGO_HTTPS=1 says the site is served over HTTPS by a reverse proxy (which sets
# X-Forwarded-Proto): it turns on every setting below with a safe value; each has its own
# variable to override it. `manage.py check --deploy` is clean with it (README).
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_PROXY_SSL_HEADER", HTTPS) else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
# The load balancer's probes speak plain HTTP to the app: answer them, do not redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^health$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", HTTPS)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", HTTPS)
# Django's defaults, stated because the headers test pins them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies stand in front of the app and append to X-Forwarded-For: the
# client's address is the one the outermost of them saw (claims/auth.py: client_ip). 0: use
# the connection's address. Wrong here means lockouts and throttles hit the proxy, or
# trust an address the client made up.
FACTCHECK_TRUSTED_PROXIES = env_int("FACTCHECK_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "claims",
    "seeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Published data (the ClaimReview feed) does not vary with the reader's language.
    "claims.middleware.LanguageIndependentMiddleware",
    # The language: the one chosen with the switcher (a cookie), else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it turns a locked-out login into its answer (axes' docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.header",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}


def cache_from_env(name: str = "CACHE_URL") -> dict:
    url = env_str(name)
    if not url:
        # Per process: fine for the embedded setup and a single server.
        # Room for the pages of a newsroom's day (the default, 300 entries, evicts them at random).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "factcheck",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if urlsplit(url).scheme not in ("redis", "rediss"):
        raise ImproperlyConfigured(f"{name} must be a redis://host:port/db URL")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "factcheck"}


# Shared short-lived data: sessions, permission sets, the reviewers list, queue counts.
CACHES = {"default": cache_from_env()}
# Sessions read from the cache and written through to the database: no session query
# per request, nothing lost when the cache is flushed.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login that is locked out before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "claims.auth.CachedPermissionsBackend",
]
# Seconds a user's permissions are kept between requests. Only with a shared cache
# (CACHE_URL): a role removed in one web process must stop working in all at once, and a
# per-process cache cannot be told. Approving and publishing always read them afresh.
FACTCHECK_PERMISSIONS_CACHE_SECONDS = env_int("FACTCHECK_PERMISSIONS_CACHE_SECONDS", 60) if env_str("CACHE_URL") else 0

# --- Login lockout (django-axes) ---------------------------------------------
# Failed logins are counted per user name and client address in the database (shared by
# every web process); past the limit that pair is refused, right password or not, until the
# cool-off ends. Per pair, not per address alone: a newsroom behind one NAT address must
# not lock itself out because one person mistyped. The address comes from client_ip.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "claims.auth.client_ip"
AXES_USERNAME_CALLABLE = "claims.auth.login_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("DJANGO_LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("it", "Italiano")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them (factcheck/formats/): "11 Mar 2026", "11 marzo 2026".
FORMAT_MODULE_PATH = ["factcheck.formats"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/Rome")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve admin CSS straight from the app folders in the embedded setup (no collectstatic needed).
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:queue"
LOGOUT_REDIRECT_URL = "login"

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, and the
# article, claim and task ids of the work being done), for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be plain or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "factcheck.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s%(context)s"},
        "json": {"()": "factcheck.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    # django-axes logs every successful login and reset at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Content-Security-Policy (django-csp) ------------------------------------
# Scripts and styles only from our own static files: no inline script, no inline style
# attribute, nothing from elsewhere. JSON-LD blocks are data, not script, and pass.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API ---------------------------------------------------------------

REST_FRAMEWORK = {
    # Tokens for scripts and other systems, the session for the browsable pages; CSRF
    # applies to session-authenticated writes as on the pages.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Requests per client: per address for anonymous calls, per user once authenticated.
    # Wrong tokens are counted apart (claims/api/authentication.py) and answered 429 past
    # their limit, since a failed authentication never reaches these throttles.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "3000/minute"),
    },
    "NUM_PROXIES": FACTCHECK_TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable HTML pages use inline styles the Content-Security-Policy
    # refuses; /api/docs/ (Swagger UI) is the way to browse the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Wrong API tokens one client address may send within LOGIN_LOCKOUT_MINUTES before every
# token request from it is answered 429 (a guessed token is a guessed password).
FACTCHECK_API_BAD_TOKEN_LIMIT = env_int("API_BAD_TOKEN_LIMIT", 10, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workflow API",
    "DESCRIPTION": "Articles, claims, verdicts and sources; approval and publishing. The same rules as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for the newsroom, like everything but published reports.
    "SERVE_PERMISSIONS": ["claims.api.permissions.NewsroomMember"],
    # Swagger UI and Redoc from the sidecar package: the docs work on offline servers.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Request and response bodies as separate components: request fields that refuse blank
    # strings say so (minLength), and read-only fields stay out of request bodies.
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `state` or reason with different choices: one name each.
    "ENUM_NAME_OVERRIDES": {
        "ArticleStateEnum": "claims.models.articles.Article.State",
        "VerdictStateEnum": "claims.models.review.Verdict.State",
        "DiscardReasonEnum": "claims.models.articles.Claim.DiscardReason",
    },
}

# --- Articles ---------------------------------------------------------------

# Largest article accepted, in bytes of the submitted body (before cleaning).
FACTCHECK_MAX_ARTICLE_BYTES = env_int("FACTCHECK_MAX_ARTICLE_BYTES", 2 * 1024 * 1024, minimum=1)
# Most sentences (claims) taken from one article: past it the article fails with a message
# saying so, because one huge article would keep the workers from everyone else's.
FACTCHECK_MAX_CLAIMS_PER_ARTICLE = env_int("FACTCHECK_MAX_CLAIMS_PER_ARTICLE", 2000, minimum=1)
# Attempts at extracting (or fetching) one article before it is marked failed instead of
# being sent again by the sweep: a worker that dies on an article every time must not loop.
FACTCHECK_ARTICLE_MAX_ATTEMPTS = env_int("FACTCHECK_ARTICLE_MAX_ATTEMPTS", 3, minimum=1)

# --- Fetching URLs (claims/verification/fetch.py) ----------------------------

# Networks the fetcher may reach although they are not public, e.g. "127.0.0.2/32" for
# tests or a deliberate internal mirror. Everything else non-public stays refused, because
# every URL it fetches comes from users or articles (SSRF).
FACTCHECK_FETCH_ALLOWED_NETWORKS = env_networks("FACTCHECK_FETCH_ALLOWED_NETWORKS")
# One deadline for a whole fetch (DNS, connect, TLS, redirects, body), in seconds.
FACTCHECK_FETCH_TIMEOUT = env_float("FACTCHECK_FETCH_TIMEOUT", 10.0)
# Largest decoded (decompressed) body a fetch keeps.
FACTCHECK_FETCH_MAX_BYTES = env_int("FACTCHECK_FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
FACTCHECK_FETCH_USER_AGENT = env_str("FACTCHECK_FETCH_USER_AGENT", "FactcheckArchiver/1.0 (+https://github.com/)")

# --- Publishing ---------------------------------------------------------------

# The fact-checking organisation named as author of published ClaimReview.
FACTCHECK_ORG_NAME = env_str("FACTCHECK_ORG_NAME", "Fact-check desk")
FACTCHECK_ORG_URL = env_str("FACTCHECK_ORG_URL")
# Absolute base of public URLs (https://factcheck.example.org) for feeds and JSON-LD;
# empty: taken from each request.
FACTCHECK_PUBLIC_BASE_URL = env_str("FACTCHECK_PUBLIC_BASE_URL").rstrip("/")
# Who is credited on public reports: any of reviewer, editor (comma-separated), or none.
FACTCHECK_CREDITS = [c for c in env_list("FACTCHECK_CREDITS", "reviewer,editor") if c != "none"]
if set(FACTCHECK_CREDITS) - {"reviewer", "editor"}:
    raise ImproperlyConfigured("FACTCHECK_CREDITS is a comma-separated list of reviewer, editor, or none")

# --- Celery -----------------------------------------------------------------

CELERY_BROKER_URL = broker_from_env()
# No broker configured: run tasks in the calling process (embedded default).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A worker that dies mid-task must not lose the message: acknowledge after the task
# ran, and give the message back when the worker process is killed.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=1)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be greater than CELERY_TASK_SOFT_TIME_LIMIT")
# Redis re-delivers an unacknowledged message after this many seconds; it must be
# longer than the slowest task or a running task is handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    # How often a worker looks for messages whose worker died (unacknowledged past the
    # visibility timeout) and puts them back in the queue.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_SECONDS", 60, minimum=1),
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers log through Django's LOGGING (LOG_FORMAT, the ids of the work) like the web processes.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A queue name of its own lets several deployments (or a test run) share one Redis.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "factcheck")
# One queue per kind of work, so a worker pool can be given to each and a flood of one kind
# (a huge article's claims) never holds up another (everyone else's extraction). The default
# queue carries the sweeps and small tasks. A worker started without -Q consumes them all.
FACTCHECK_QUEUES = {job: f"{CELERY_TASK_DEFAULT_QUEUE}.{job}" for job in ("extraction", "verification", "archiving")}
CELERY_TASK_QUEUES = [Queue(name) for name in (CELERY_TASK_DEFAULT_QUEUE, *FACTCHECK_QUEUES.values())]
CELERY_TASK_ROUTES = {
    "claims.tasks.process_article": {"queue": FACTCHECK_QUEUES["extraction"]},
    "claims.tasks.fetch_article": {"queue": FACTCHECK_QUEUES["extraction"]},
    # execute_runs is sent to "verification" or "archiving" by step (claims/services/verification.py).
    "claims.tasks.execute_runs": {"queue": FACTCHECK_QUEUES["verification"]},
}
# Periodic sweeps (run by `celery -A factcheck worker --beat` or a separate `celery beat`):
# they re-send work whose message was lost, so a broker outage never loses an article.
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-articles": {
        "task": "claims.tasks.requeue_stale_articles",
        "schedule": env_int("FACTCHECK_SWEEP_SECONDS", 60, minimum=1),
    },
}

# --- Connectors -------------------------------------------------------------
# Optional external services used by the verification workers. Each is off until
# its variable is set, so the embedded setup never talks to the network on its own.

# Google Fact Check Tools (claims:search): earlier fact-checks of a similar claim.
GOOGLE_FACTCHECK_API_KEY = env_str("GOOGLE_FACTCHECK_API_KEY")
GOOGLE_FACTCHECK_API_URL = http_url_from_env(
    "GOOGLE_FACTCHECK_API_URL", "https://factchecktools.googleapis.com/v1alpha1/claims:search"
)
# Seconds a connector request may take (Google); a worker then moves on without it.
CONNECTOR_TIMEOUT = env_float("CONNECTOR_TIMEOUT", 8.0)

# An OpenAI-compatible chat completions endpoint (vLLM, llama.cpp, Ollama, OpenAI):
# splits claims into sub-claims and labels evidence passages.
LLM_API_URL = http_url_from_env("LLM_API_URL").rstrip("/")
LLM_API_KEY = env_str("LLM_API_KEY")
LLM_MODEL = env_str("LLM_MODEL")
# Generation is slower than a search API, so it has its own, longer limit.
LLM_TIMEOUT = env_float("LLM_TIMEOUT", 30.0)
if LLM_API_URL and not LLM_MODEL:
    raise ImproperlyConfigured("LLM_MODEL must be set when LLM_API_URL is set (the model name the endpoint serves)")
if LLM_API_URL.endswith("/chat/completions"):
    # The connector appends the path itself; a full endpoint URL would be requested twice over.
    raise ImproperlyConfigured("LLM_API_URL is the base URL (like http://host:8000/v1), without /chat/completions")

# --- Verification -----------------------------------------------------------

# Claims whose local steps (matching, evidence) one task runs: batching keeps broker
# overhead per claim low; network steps (archiving, connectors) always run one per task.
FACTCHECK_VERIFY_BATCH = env_int("FACTCHECK_VERIFY_BATCH", 16, minimum=1)
FACTCHECK_RUN_MAX_ATTEMPTS = env_int("FACTCHECK_RUN_MAX_ATTEMPTS", 5, minimum=1)
# Workers that run the matching step load the sentence encoder (about 130 MB) when they
# start, before forking their pool (factcheck/celery.py); off: at the first claim instead.
FACTCHECK_PRELOAD_ENCODER = env_bool("FACTCHECK_PRELOAD_ENCODER", True)
# A queued run or article older than this without being taken is sent again by the sweep.
FACTCHECK_STALE_SECONDS = env_int("FACTCHECK_STALE_SECONDS", 120, minimum=1)
# Fetch and archive every source URL; off for air-gapped installations where no
# outgoing request can succeed (and in tests that have no web server of their own).
FACTCHECK_ARCHIVE_SOURCES = env_bool("FACTCHECK_ARCHIVE_SOURCES", True)
# /readyz reports "not ready" when work has waited in a queue longer than this (seconds):
# the workers are missing, stuck or far behind.
FACTCHECK_READY_MAX_QUEUE_AGE = env_int("FACTCHECK_READY_MAX_QUEUE_AGE", 600, minimum=1)
# Dead links are fetched again after this many hours.
FACTCHECK_RECHECK_HOURS = env_int("FACTCHECK_RECHECK_HOURS", 24, minimum=1)
CELERY_BEAT_SCHEDULE.update(
    {
        "requeue-stale-runs": {
            "task": "claims.tasks.requeue_stale_runs",
            "schedule": env_int("FACTCHECK_SWEEP_SECONDS", 60, minimum=1),
        },
        "requeue-stale-fetches": {
            "task": "claims.tasks.requeue_stale_fetches",
            "schedule": env_int("FACTCHECK_SWEEP_SECONDS", 60, minimum=1),
        },
        "recheck-dead-sources": {
            "task": "claims.tasks.recheck_dead_sources",
            "schedule": 15 * 60,
        },
        # Fact-checks not yet embedded for matching (an import stopped halfway, a lost task).
        "index-missing-factchecks": {
            "task": "claims.tasks.index_missing",
            "schedule": env_int("FACTCHECK_SWEEP_SECONDS", 60, minimum=1),
        },
    }
)

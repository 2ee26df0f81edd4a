"""Django settings for newsdesk.

Everything comes from environment variables with safe defaults, so a laptop needs no
configuration at all: SQLite in WAL mode under ./var, offline AI, the database as task queue.
Set DATABASE_URL=postgres://... to scale out on PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("NEWSDESK_DATA_DIR", Path.cwd() / "var"))
# The SQLite file and collected static files live here; create it so a fresh clone just works.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    """A setting from the environment, or from the file named by ``<name>_FILE`` (secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def persisted_secret_key(path: Path) -> str:
    """The key stored at ``path``, generated (readable by its owner only) on the first start.

    A key made up per process would sign readers out on every restart and differ between the
    web processes; persisting it keeps `make demo` working with no configuration. The file is
    linked into place whole, so processes starting together all read the same key."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process got there first: everyone uses its key
    finally:
        draft.unlink()
    return path.read_text().strip()


DEBUG = env_bool("NEWSDESK_DEBUG", False)
SECRET_KEY = env_str("NEWSDESK_SECRET_KEY") or persisted_secret_key(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("NEWSDESK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("NEWSDESK_CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("NEWSDESK_SITE_NAME", "newsdesk")
# Where readers reach the site: links in emails, which are sent with no request to go by.
SITE_URL = env_str("NEWSDESK_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "newsdesk.news",
    "newsdesk.pipeline",
    "newsdesk.comments",
    "newsdesk.following",
    "newsdesk.accounts",
    "newsdesk.reader",
    "newsdesk.jobs",
    "newsdesk.backoffice",
    "newsdesk.syndication",
    "newsdesk.api",
    # Serves the API docs page's Swagger UI from its own static files (no CDN).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsdesk.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.reader.context.site",
                "newsdesk.following.context.unread_alerts",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "newsdesk.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"), conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once; IMMEDIATE takes the write lock at the start
    # of a transaction so two workers never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
    # Connections are kept (``CONN_MAX_AGE``, as on PostgreSQL): opening the file again for
    # each request, with its schema read and its pragmas set, cost a web request about 0.9 ms
    # of CPU and 1.8 ms in all at a million articles, more than a signed-in reader's cached
    # page.
    # Tests use a file too (not SQLite's in-memory database), so the pipeline's threads share
    # it through WAL exactly as in production.
    # One file per test process, so concurrent test runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements a connection runs again are prepared on the server: planning took most of the
    # server's time on a reader page (an article page at a million articles: about 0.3 ms of
    # planning for every 0.05-0.1 ms of running, six statements a page). Parameters are then
    # sent apart from the statement, which preparing needs; newsdesk keeps its connections
    # (``CONN_MAX_AGE``) and talks to PostgreSQL directly, not through a transaction pooler.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("server_side_binding", True)
    _options.setdefault("prepare_threshold", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsdesk",
        # Each process's own: the archive's version as it last read it, top stories, feeds.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Whole reader pages (newsdesk.reader.caching), shared by every web process of the host: a
    # page one worker rendered is served by all. A SQLite file apart from the database; room
    # for the pages readers are on (two copies of a page, ~10 KB compressed).
    "pages": {
        "BACKEND": "newsdesk.reader.pagestore.SharedCache",
        "LOCATION": str(DATA_DIR / "pages.sqlite3"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # AI results outlive a restart and are shared by every web process: a table in the main
    # database (created on `migrate`), so no cache server is needed.
    "ai": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "newsdesk_ai_cache",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    # Rate-limit counters (sign-in, sign-up, AI features), shared by every web process.
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "newsdesk_throttle",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("NEWSDESK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Sign-in is refused for a while after too many failures for one account or from one address
# (the admin's sign-in too), and one address may only create so many accounts.
AUTHENTICATION_BACKENDS = ["newsdesk.accounts.backends.ThrottledModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = env_int("NEWSDESK_LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("NEWSDESK_LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_SECONDS = env_int("NEWSDESK_LOGIN_LOCKOUT_SECONDS", 900)
SIGNUPS_PER_ADDRESS = env_int("NEWSDESK_SIGNUPS_PER_ADDRESS", 3)
SIGNUP_WINDOW_SECONDS = env_int("NEWSDESK_SIGNUP_WINDOW_SECONDS", 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reader:front"
LOGOUT_REDIRECT_URL = "reader:front"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("NEWSDESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Once `collectstatic` has run (`newsdesk serve` runs it), static files are served under
# hashed names, compressed, with far-future cache headers; until then (tests, development),
# from the app folders under their own names.
STATIC_MANIFEST = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Serve from the app folders until `collectstatic` has filled STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG

# Django's database sessions, read without building an ORM query on every signed-in request.
SESSION_ENGINE = "newsdesk.serving.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS: one switch for a site served over TLS (secure cookies, redirect to https, HSTS).
HTTPS = env_bool("NEWSDESK_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("NEWSDESK_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEWSDESK_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("NEWSDESK_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is a promise that is slow to take back: the operator
    # opts in with NEWSDESK_HSTS_PRELOAD, so its absence is not a deployment warning.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a proxy that terminates TLS, the proxy says the request was https in this header;
# only trust it when your proxy always sets (or strips) it.
if env_bool("NEWSDESK_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The header your proxy puts the client's address in (e.g. X-Forwarded-For); empty: the
# connection's address. With X-Forwarded-For, the address that many proxies from the right.
CLIENT_IP_HEADER = env_str("NEWSDESK_CLIENT_IP_HEADER")
TRUSTED_PROXY_HOPS = env_int("NEWSDESK_TRUSTED_PROXY_HOPS", 1)

# --- newsdesk --------------------------------------------------------------------------------
# Comments: longest accepted comment and how many one reader may post per window.
COMMENT_MAX_LENGTH = env_int("NEWSDESK_COMMENT_MAX_LENGTH", 2000)
COMMENT_RATE_LIMIT = env_int("NEWSDESK_COMMENT_RATE_LIMIT", 5)
COMMENT_RATE_WINDOW_SECONDS = env_int("NEWSDESK_COMMENT_RATE_WINDOW_SECONDS", 600)

# Fetching: who we say we are, and which private hosts an admin explicitly allows (the SSRF
# guard refuses loopback, private and link-local addresses unless they are listed here).
FETCH_USER_AGENT_CONTACT = env_str("NEWSDESK_CONTACT_URL", "https://example.org/newsdesk")
FETCH_ALLOWED_PRIVATE_HOSTS = env_list("NEWSDESK_ALLOWED_PRIVATE_HOSTS")
FETCH_MAX_BYTES = env_int("NEWSDESK_FETCH_MAX_BYTES", 10 * 1024 * 1024)
FETCH_CONNECT_TIMEOUT = env_float("NEWSDESK_FETCH_CONNECT_TIMEOUT", 10.0)
FETCH_READ_TIMEOUT = env_float("NEWSDESK_FETCH_READ_TIMEOUT", 30.0)
FETCH_PER_HOST_CONNECTIONS = env_int("NEWSDESK_FETCH_PER_HOST_CONNECTIONS", 2)
FETCH_PER_HOST_DELAY = env_float("NEWSDESK_FETCH_PER_HOST_DELAY", 1.0)
# How long a worker may hold one piece of work before another worker takes it over.
WORK_LEASE_SECONDS = env_int("NEWSDESK_WORK_LEASE_SECONDS", 600)
# A page that fails this many times keeps the feed's text and is not retried.
PAGE_MAX_ATTEMPTS = env_int("NEWSDESK_PAGE_MAX_ATTEMPTS", 3)
# Caps on the work one publisher can make: entries taken per poll (newest first) and pages
# fetched per source per pass (the rest wait for the next pass).
FEED_MAX_ENTRIES = env_int("NEWSDESK_FEED_MAX_ENTRIES", 500)
PAGES_PER_SOURCE_PER_PASS = env_int("NEWSDESK_PAGES_PER_SOURCE_PER_PASS", 200)

# Story clustering preset: "default" for full articles, "headlines" for headline-only feeds.
STORY_PRESET = env_str("NEWSDESK_STORY_PRESET", "default")

# Embeddings: "minilm" (English, fast) or "e5" (multilingual); threads 0 = one per core.
EMBEDDING_BACKEND = env_str("NEWSDESK_EMBEDDING_BACKEND", "minilm").strip().lower()
EMBEDDING_THREADS = env_int("NEWSDESK_EMBEDDING_THREADS", 0)

# AI: questions one reader (or address) may ask per minute, and the optional OpenAI-compatible
# endpoint for abstractive text (off when the base URL is empty).
AI_QUESTIONS_PER_MINUTE = env_int("NEWSDESK_AI_QUESTIONS_PER_MINUTE", 10)
# Summary, key points, comparison and background per address: cheap when precomputed, costly
# when not, so a crawler cannot keep the web processes computing.
AI_FEATURES_PER_MINUTE = env_int("NEWSDESK_AI_FEATURES_PER_MINUTE", 60)
LLM_BASE_URL = env_str("NEWSDESK_LLM_BASE_URL")
LLM_MODEL = env_str("NEWSDESK_LLM_MODEL", "llama3.1")
LLM_API_KEY = env_str("NEWSDESK_LLM_API_KEY")
LLM_TIMEOUT = env_float("NEWSDESK_LLM_TIMEOUT", 20.0)

# APIs: requests one token (or signed-in reader) may make per minute, Google Reader sign-in
# attempts per user name per minute, and how far back unread articles reach.
API_RATE_LIMIT = env_int("NEWSDESK_API_RATE_LIMIT", 300)
API_LOGIN_ATTEMPTS = env_int("NEWSDESK_API_LOGIN_ATTEMPTS", 10)
API_UNREAD_DAYS = env_int("NEWSDESK_API_UNREAD_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "newsdesk": {"handlers": ["console"], "level": env_str("NEWSDESK_LOG_LEVEL", "INFO")}
    },
}

# Email (alert digests): printed to the worker's console until EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsdesk@localhost>")

"""Vetted settings: one module, every deployment-specific value read from the environment.

Defaults are for a local demo (SQLite, local-memory cache, email written to files in var/mail/).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, VETTED_SITE_URL and DATABASE_URL
(see README).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pagecache import cache_aliases

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    """An absolute http(s) address such as https://vetted.example.org, without a trailing slash."""
    raw = env_str(name, default).strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be the site's address, such as https://vetted.example.org or http://127.0.0.1:8000, "
            f"not {raw!r}."
        )
    return raw.rstrip("/")


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (a long random string) when DJANGO_DEBUG=0.")
    SECRET_KEY = "insecure-local-demo-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "references",
    "articles",
    "editorial",
    "ninja",  # serves its Swagger UI from the wheel's static files (no CDN): /api/v1/docs
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepare a statement on its first run, for the cursors that bind on the server: only
    # pagecache.prepared's few fixed queries (Django's own cursors bind on the client and never prepare).
    # Behind PgBouncer in transaction mode this needs PgBouncer 1.21+ with max_prepared_statements.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []

# Email is written to files under var/mail/ unless DJANGO_EMAIL_BACKEND says otherwise (SMTP in production,
# see below): the demo's emails are there to read, not printed over the console.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Vetted <editorial@vetted.invalid>")

# History rows are the audit trail: the admin must never offer to "revert" to one of them.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Bibliography imports: files above this size are refused before parsing (the upload stops reading).
VETTED_IMPORT_MAX_BYTES = env_int("VETTED_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Form bodies without files stay small; uploaded files above 2.5 MB are streamed to disk, never held whole.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# The review desk (docs/review-desk.md): SMTP from the environment when DJANGO_EMAIL_BACKEND is
# django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The site's address as staff reach it: links in emails start with it, and seed_demo prints it. `make run`
# sets it to the address it serves; in production set it (`check --deploy` warns when it is missing).
VETTED_SITE_URL = env_url("VETTED_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# Flesch-Kincaid grade above which a plain-language section is flagged on the review page.
VETTED_READABILITY_TARGET_GRADE = env_int("VETTED_READABILITY_TARGET_GRADE", 8)

# Production
# Everything below is read from the environment so one settings module serves the demo, CI and
# production (`make serve`); `python manage.py check --deploy` is clean with DJANGO_DEBUG=0.

# Render version: part of every rendered-HTML and page cache key. Bump it (or set VETTED_RENDER_VERSION)
# when a template or the renderer changes, and every cached page is re-rendered site-wide.
# 2: Markdown tables, two-space nested lists, the headline and "also called" names (issue 14).
# 3: grade badges and evidence levels in the reference list (issue 17).
RENDER_VERSION = env_int("VETTED_RENDER_VERSION", 3)
VETTED_RENDER_CACHE_SECONDS = env_int("VETTED_RENDER_CACHE_SECONDS", 30 * 24 * 3600)
VETTED_PAGE_CACHE_SECONDS = env_int("VETTED_PAGE_CACHE_SECONDS", 24 * 3600)
VETTED_CACHE_MAX_AGE = env_int("VETTED_CACHE_MAX_AGE", 60)  # browsers
VETTED_CACHE_S_MAXAGE = env_int("VETTED_CACHE_S_MAXAGE", 300)  # CDNs and shared proxies
# The syndication API (api/, issue 16): the licence and attribution text every article response carries,
# plain text. "{title}" and "{url}" in the attribution are filled with the article's title and address.
VETTED_API_LICENCE = env_str(
    "VETTED_API_LICENCE",
    "Copyright Vetted. Reproduced under the terms of your syndication agreement with Vetted; not for resale.",
)
VETTED_API_ATTRIBUTION = env_str(
    "VETTED_API_ATTRIBUTION", "From Vetted: {title}, reviewed by the Vetted Medical Advisory Board. {url}"
)
# Requests without a partner key (X-API-Key) are answered; off, every API request needs a key (api/keys.py).
VETTED_API_ANONYMOUS = env_bool("VETTED_API_ANONYMOUS", True)
VETTED_BENCH_VIEWS = env_bool("VETTED_BENCH_VIEWS", False)  # /bench/trivial/ for `make bench`

# Caches (the page cache, docs/pagecache.md): "default" (rendered revisions, the reader-report throttle),
# "pages" (whole public responses in each worker process's memory, used only while they carry the current
# generation tokens) and "tokens" (those tokens, which every worker process of every app server must see:
# Redis with REDIS_URL, failing open to the database while Redis is down; else files on this host, so the
# workers of one `make serve` agree, with one site-wide token: any change renews every page).
REDIS_URL = env_str("REDIS_URL", "")
# Every request does the whole work: how `make bench` measures the page "with caches cleared".
VETTED_CACHE_DISABLED = env_bool("VETTED_CACHE_DISABLED", False)
CACHES = cache_aliases(
    redis_url=REDIS_URL,
    token_dir=env_str("VETTED_TOKEN_DIR", str(BASE_DIR / "var" / "page-tokens")),
    page_entries=env_int("VETTED_PAGE_CACHE_ENTRIES", 1000),
    local_entries=env_int("VETTED_LOCMEM_MAX_ENTRIES", 5000),
    disabled=VETTED_CACHE_DISABLED,
)
VETTED_TOKENS_PER_ARTICLE = bool(REDIS_URL)  # an approval renews only its article's pages (and listings)
# Each process keeps the tokens it read and hears of changes by Redis pub/sub (pagecache/watch.py).
VETTED_TOKEN_WATCH_URL = "" if VETTED_CACHE_DISABLED else REDIS_URL

# Static files: WhiteNoise serves them from the app server, compressed and with hashed names when not DEBUG.
if not DEBUG:  # in DEBUG, runserver serves static files itself (and no STATIC_ROOT need exist)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS settings live in the "# Security" section below (one home); load balancers probe /healthz
# over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Security
# Headers, the Content-Security-Policy, login throttling and session lifetime (issue 8, docs/trust.md).
# Additive on purpose: the lists above stay as they are, this section extends them.

INSTALLED_APPS += ["csp", "axes"]
# CSP before everything that renders; axes last, as its documentation asks (it turns lockouts into responses).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]

# The lockout check runs first; ModelBackend then authenticates and answers permission questions.
AUTHENTICATION_BACKENDS = ["config.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]

# No inline script or style anywhere, public site and Django admin alike (verified in a real browser:
# tests/security/test_browser.py). Reader pages load nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production (DJANGO_DEBUG=0) is HTTPS-only unless DJANGO_SECURE=0 says otherwise (e.g. a local trial).
SECURE_MODE = env_bool("DJANGO_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SECURE_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE_MODE)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if SECURE_MODE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_MODE)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", SECURE_MODE)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # Only when a proxy that strips and sets this header terminates TLS in front of the app.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Staff sessions end after a working day and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Login throttling (django-axes): AXES_FAILURE_LIMIT failures for one username, or from one address,
# lock it for AXES_COOLOFF_TIME hours; every failure is stored (AccessFailureLog) and shown in the admin.
AXES_FAILURE_LIMIT = env_int("VETTED_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("VETTED_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
# Lockouts live in the database: shared by every app server, and rolled back with each test.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_VERBOSE = False

# Optional second factor for board members and the editor-in-chief (config/otp.py). The apps are always
# installed (so their tables exist); the setting decides whether a code is demanded.
VETTED_REQUIRE_OTP = env_bool("VETTED_REQUIRE_OTP", False)
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# After the messages middleware: it tells the user why they were signed out.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1, "config.otp.SecondFactorMiddleware"
)
OTP_TOTP_ISSUER = "Vetted"

# Edge: the proxy or CDN in front, and the task worker (issue 19, docs/deploy.md)
# Anonymous pages carry surrogate keys (pagecache/purge.py); with a purger the decisions that change them
# purge the proxy on commit, through an outbox the worker retries, so the proxy may keep pages a day.
VETTED_PURGER = env_str("VETTED_PURGER", "none")  # none, varnish-ban or http-purge
VETTED_PURGE_URLS = env_list("VETTED_PURGE_URLS", "")  # each proxy's address, such as http://127.0.0.1:6081
VETTED_PURGE_TIMEOUT = float(env_int("VETTED_PURGE_TIMEOUT_MS", 2000)) / 1000
if VETTED_PURGER != "none":
    VETTED_CACHE_S_MAXAGE = env_int("VETTED_CACHE_S_MAXAGE", 24 * 3600)
# Emails, purge retries, overdue reminders and (with the API's webhooks) deliveries run as django-tasks. With
# VETTED_TASKS=database they are queued in the database for `manage.py run_worker` (`make serve` starts it);
# the default runs each at once in the process that queued it (the demo and the tests need no worker).
VETTED_TASKS = env_str("VETTED_TASKS", "immediate")
if VETTED_TASKS not in ("immediate", "database"):
    raise ImproperlyConfigured(f"VETTED_TASKS must be immediate or database, not {VETTED_TASKS!r}.")
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if VETTED_TASKS == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": [],
    }
}
# A failed email is tried again after this many seconds, doubling each time (at most an hour).
VETTED_MAIL_RETRY_SECONDS = env_int("VETTED_MAIL_RETRY_SECONDS", 60)
# The worker's schedule: a plain function's dotted path and how often it runs, in seconds. One line a job.
VETTED_WORKER_JOBS = {
    "articles.purges.send_due_purges": env_int("VETTED_PURGE_RETRY_SECONDS", 2),
    "editorial.notifications.send_due_notifications": env_int("VETTED_MAIL_SWEEP_SECONDS", 30),
    "editorial.notifications.notify_overdue_reviews": 24 * 3600,
    "editorial.services.safety_overdue_notify": 3600,  # issue 18: overdue safety updates, once each
    "api.webhooks.deliver_pending_webhooks": 30,  # issue 16: partners' webhooks, retried with backoff
    "editorial.tasks.prune_finished_tasks": 3600,
}

# Resilience (issue 19, points 2 and 3; README "Running in production", docs/pagecache.md)
# While the database does not answer, readers get the last stored copy of a cached page (pagecache.stale)
# and everyone else a 503 with Retry-After (config.outage); CONN_HEALTH_CHECKS above makes each worker
# reconnect by itself once it is back. Shared stale copies live in Redis, so every worker has them.
VETTED_OUTAGE_RETRY_AFTER = env_int("VETTED_OUTAGE_RETRY_AFTER", 5)  # seconds, in Retry-After
VETTED_STALE_SHARED = env_bool("VETTED_STALE_SHARED", bool(REDIS_URL)) and not VETTED_CACHE_DISABLED
# A PostgreSQL streaming replica for anonymous public pages (pagecache.replica): built there only once it
# has replayed past the page's tokens; staff, writes and transactions use the primary, and a browser that
# wrote something reads the primary for VETTED_REPLICA_PIN_SECONDS.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
VETTED_REPLICA_PIN_SECONDS = env_int("VETTED_REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL too (its primary).")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    # A replica that does not answer costs a miss at most 2 s, then is skipped for a while (pagecache.replica).
    DATABASES["replica"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # a test suite has one database
    DATABASE_ROUTERS = ["pagecache.replica.PrimaryReplicaRouter"]
    MIDDLEWARE += ["pagecache.replica.PinToPrimaryMiddleware"]

# Speed (issue 19, config/middleware.py, bench/stack.py): the same middleware, cheaper for readers. The CSP
# header is built once instead of per response; the message storage, and the empty session of a request
# without a session cookie, are built only when a request uses them; the middleware that serve only staff
# (django-otp's, the second factor, simple-history's, django-axes') run as one layer, StaffMiddleware, after
# the messages and frame-options middleware, that anonymous GETs and HEADs outside the admin skip (a reader's
# GET never signs in, so it is never locked out). Every header stays (tests/security/,
# tests/config/test_stack19_fast_path.py).
VETTED_STAFF_MIDDLEWARE = [
    "django_otp.middleware.OTPMiddleware",  # after authentication: it wraps request.user
    "config.otp.SecondFactorMiddleware",  # after django-otp (is_verified) and messages (says why)
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as its documentation asks (it turns lockouts into responses)
]
# django-axes' own check looks for its middleware in MIDDLEWARE by name only; vetted.W002 (editorial/checks.py)
# asks the same of MIDDLEWARE and VETTED_STAFF_MIDDLEWARE together, so `check --deploy` still guards it.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]
SPEED_MIDDLEWARE = {
    "csp.middleware.CSPMiddleware": "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware": "config.middleware.LazyMessageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware": "config.middleware.LazySessionMiddleware",
}
MIDDLEWARE = [SPEED_MIDDLEWARE.get(name, name) for name in MIDDLEWARE if name not in VETTED_STAFF_MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware") + 1, "config.middleware.StaffMiddleware"
)

# Evidence a reader can weigh (issue 17, docs/evidence.md). The grading scheme of recommendations:
# "GRADE" (1A to 2C) or "SORT" (A to C). Pre-submit quality checks (editorial.quality) that refuse a
# submit; the others only warn. Names: section_citations, numbers_cited, credentials, reference_age,
# readability, absolute_claims. Grades invalid in the scheme and unmarked retracted sources always refuse.
VETTED_GRADE_SCHEME = env_str("VETTED_GRADE_SCHEME", "GRADE")
VETTED_QUALITY_BLOCKING = env_list("VETTED_QUALITY_BLOCKING", "")
VETTED_REFERENCE_MAX_AGE_YEARS = env_int("VETTED_REFERENCE_MAX_AGE_YEARS", 10)

# The question box (issue 15, ask/): quoted answers from approved passages, or an honest refusal.
INSTALLED_APPS += ["ask"]
# The refusal threshold: the share of a question's weight the best passage must contain (ask/retrieval.py,
# calibrated with `make eval`; README "The question box").
VETTED_ASK_MIN_COVERAGE = float(env_str("VETTED_ASK_MIN_COVERAGE", "0.40"))
VETTED_ASK_RETENTION_DAYS = env_int("VETTED_ASK_RETENTION_DAYS", 180)  # `manage.py prune_questions` deletes older
VETTED_ASK_QUESTIONS_PER_HOUR = env_int("VETTED_ASK_QUESTIONS_PER_HOUR", 5)  # sent to the editors, per client

# The board's rules (issue 18, editorial/permissions/board.py): a conflict-of-interest disclosure holds this
# many months, then its member approves nothing until they declare again; a safety update is due this many
# hours after it is submitted, by category (BMJ Best Practice's commitments: 48 hours for a withdrawal or
# alert, a month for practice-changing evidence).
VETTED_DISCLOSURE_VALID_MONTHS = env_int("VETTED_DISCLOSURE_VALID_MONTHS", 12)
VETTED_SAFETY_DEADLINE_HOURS = {
    "withdrawal_or_alert": env_int("VETTED_SAFETY_HOURS_WITHDRAWAL", 48),
    "practice_changing": env_int("VETTED_SAFETY_HOURS_PRACTICE_CHANGING", 30 * 24),
    "other": env_int("VETTED_SAFETY_HOURS_OTHER", 90 * 24),
}

# Syndication API webhooks (issue 16, api/webhooks.py): seconds to wait for a partner's receiver, and the first
# retry's delay (doubled after each failure, at most six hours).
VETTED_WEBHOOK_TIMEOUT = env_int("VETTED_WEBHOOK_TIMEOUT", 5)
VETTED_WEBHOOK_BACKOFF_SECONDS = env_int("VETTED_WEBHOOK_BACKOFF_SECONDS", 60)

# Round trips on PostgreSQL (issue 19 point 5, branch pgcold; docs/speed.md, "Round trips on PostgreSQL"). The
# connection health check asks the socket, not the server (config/postgresql/base.py): a cold page no longer
# pays a SELECT 1 before its one query, and a worker still reconnects by itself after a restart.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["ENGINE"] = "config.postgresql"

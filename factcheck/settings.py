"""The one settings module. Everything that differs between machines comes from the
environment (see README.md, "Configuration"); nothing secret is committed.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# A development key is only acceptable with DEBUG on; production refuses to start
# without a real one rather than silently signing sessions with a known key.
_DEV_SECRET = "insecure-dev-key-only-for-debug"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = _DEV_SECRET
elif not DEBUG and (len(SECRET_KEY) < 32 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too short or is the development key.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "annotations.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# PostgreSQL only: constraints, full-text search and trigram similarity rely on it.
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimdesk")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Override the database name alone (e.g. a worker pointed at the test database).
if os.environ.get("DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["DATABASE_NAME"]
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
# Every query here is small and indexed; a parallel plan only adds 5-10 ms of worker start-up
# and takes cores the other requests need. DATABASE_PG_OPTIONS overrides (libpq "options").
DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
    "DATABASE_PG_OPTIONS", "-c max_parallel_workers_per_gather=0"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one
# username from one address, that pair is locked out for the cool-off time.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CLAIMDESK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CLAIMDESK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("DJANGO_BEHIND_PROXY") else None

# Mail (password reset, invitations): the console in development, SMTP in production.
MAILERS: dict[str, dict[str, object]]
if env_bool("DJANGO_EMAIL_CONSOLE", DEBUG):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "claimdesk@localhost")
# Password and invitation links work once and expire after this long.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("CLAIMDESK_LINK_HOURS", "72")) * 3600

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Export files. With workers on several machines this must be shared storage.
MEDIA_ROOT = Path(os.environ.get("CLAIMDESK_MEDIA_ROOT") or BASE_DIR / "var" / "media")
# The sample article the demo project imports: a research-use text, read in place from the
# shared folder beside the checkout and never copied into the repository.
SEED_ARTICLE = Path(
    os.environ.get("CLAIMDESK_SEED_ARTICLE") or BASE_DIR.parent / "shared" / "seed" / "assad_fled.txt"
)
MEDIA_URL = "/media/"  # never served directly: downloads go through a permission check

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise serves hashed, compressed static files; tests and DEBUG use the plain finder.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("CLAIMDESK_COLLECTED_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Security headers. Production (DEBUG off) gets HTTPS-only cookies and HSTS;
# DJANGO_SECURE_SSL_REDIRECT=0 turns the redirect off behind a TLS-terminating proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS-only cookies outside DEBUG; DJANGO_SECURE_COOKIES=0 only for plain-http benches on loopback.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django 6's built-in CSP: no inline script, nothing from other origins.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# --- REST API (annotations/api) -------------------------------------------------
REST_FRAMEWORK = {
    # Bearer first: its WWW-Authenticate header makes DRF answer 401 (not 403) without credentials.
    # Session auth enforces CSRF on writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "annotations.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: no browsable API (its forms would list related objects, and it needs inline script).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["annotations.api.parsers.LimitedJSONParser"],
    # OPTIONS lists renderers and parsers only; the schema describes the inputs.
    "DEFAULT_METADATA_CLASS": "annotations.api.metadata.PlainMetadata",
    "DEFAULT_PAGINATION_CLASS": "annotations.api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "annotations.api.exceptions.exception_handler",
    # Only views with a throttle_scope are throttled: token creation (password checks) and imports.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("CLAIMDESK_API_AUTH_RATE", "20/hour"),
        "import": os.environ.get("CLAIMDESK_API_IMPORT_RATE", "120/minute"),
        "export": os.environ.get("CLAIMDESK_API_EXPORT_RATE", "30/minute"),
    },
    # Throttles key anonymous callers by address: trust X-Forwarded-For only from this many proxies.
    "NUM_PROXIES": int(os.environ.get("CLAIMDESK_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimdesk API",
    "VERSION": "1",
    # Swagger UI from the sidecar package: no CDN, so it works offline and under our CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "Claimdesk's REST API: everything an analyst does in the UI, under the same permissions. "
    "Authenticate with `Authorization: Bearer <token>` (see /api/v1/tokens/) or a browser session.",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "annotations.api.schema.add_protocol_errors",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "annotations.models.Role",
        "SplitStatusEnum": "annotations.models.SplitStatus",
        "ClaimStatusEnum": "annotations.models.ClaimStatus",
        "SourceReliabilityEnum": "annotations.models.SourceReliability",
        "EvidenceStanceEnum": "annotations.models.EvidenceStance",
        "StanceEnum": "annotations.models.Stance",
        "SourceKindEnum": "annotations.models.SourceKind",
    },
}
# --- end REST API -------------------------------------------------------------------

# Celery: Redis broker; tasks are acknowledged after they finish so a killed worker's
# task is delivered again (services are safe to run twice).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "claimdesk")
# Export jobs go to their own queue, "<default queue>-exports" (factcheck/celery.py), so splits
# never wait behind reports. A worker without -Q consumes both queues.
CELERY_TASK_ROUTES = ("factcheck.celery.route_task",)
CELERY_TASK_QUEUES = (
    Queue(CELERY_TASK_DEFAULT_QUEUE, routing_key=CELERY_TASK_DEFAULT_QUEUE),
    Queue(f"{CELERY_TASK_DEFAULT_QUEUE}-exports", routing_key=f"{CELERY_TASK_DEFAULT_QUEUE}-exports"),
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes the database connection before and after every task unless
# this is set: a new PostgreSQL backend (fork, authentication, cold catalog caches) for every
# split batch. Set out of reach, so connections live as Django's do after a request
# (factcheck/celery.py closes the unusable and the obsolete: CONN_MAX_AGE, health checks).
CELERY_DB_REUSE_MAX = 2**62
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged message after this long; it must exceed the
# longest task (a bulk split batch), or a slow task would run twice needlessly.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-articles": {
        "task": "annotations.tasks.sweep_stuck_articles",
        "schedule": timedelta(seconds=int(os.environ.get("CLAIMDESK_SWEEP_SECONDS", "60"))),
    },
    "sweep-stuck-exports": {
        "task": "annotations.tasks.sweep_stuck_exports",
        "schedule": timedelta(seconds=int(os.environ.get("CLAIMDESK_SWEEP_SECONDS", "60"))),
    },
    "purge-idempotency-records": {
        "task": "annotations.tasks.purge_idempotency_records",
        "schedule": timedelta(hours=1),
    },
    "sweep-pending-captures": {
        "task": "annotations.tasks.sweep_pending_captures",
        "schedule": timedelta(seconds=int(os.environ.get("CLAIMDESK_SWEEP_SECONDS", "60"))),
    },
}

# The claim-extraction engine (annotations/engine) takes its options from here.
CLAIMDESK_ENGINE = {
    "sentence_backend": os.environ.get("CLAIMDESK_SENTENCE_BACKEND", "pysbd"),
    "spacy_model": os.environ.get("CLAIMDESK_SPACY_MODEL", "en_core_web_sm"),
}
# Articles split per task when many are imported at once (the engine batches them).
CLAIMDESK_SPLIT_BATCH_SIZE = int(os.environ.get("CLAIMDESK_SPLIT_BATCH_SIZE", "16"))
# An article left in "pending" or "splitting" longer than this is re-enqueued by the sweeper.
CLAIMDESK_STUCK_AFTER = timedelta(seconds=int(os.environ.get("CLAIMDESK_STUCK_AFTER_SECONDS", "600")))
CLAIMDESK_MAX_SPLIT_ATTEMPTS = int(os.environ.get("CLAIMDESK_MAX_SPLIT_ATTEMPTS", "5"))
# Sweeps of a stuck export job before it is failed with a message to start it again.
CLAIMDESK_MAX_EXPORT_ATTEMPTS = int(os.environ.get("CLAIMDESK_MAX_EXPORT_ATTEMPTS", "5"))
# Where the public fact-check pages are served (https://checks.example.org): the ClaimReview
# export's `url` for a published claim. Unset: the export points at the publisher URL's
# #claim-N anchors (docs/exports.md).
CLAIMDESK_PUBLIC_BASE_URL = os.environ.get("CLAIMDESK_PUBLIC_BASE_URL", "").rstrip("/")
# Export jobs (a 100k-claim PDF takes minutes) get longer before the sweeper re-enqueues them.
CLAIMDESK_EXPORT_STUCK_AFTER = timedelta(
    seconds=int(os.environ.get("CLAIMDESK_EXPORT_STUCK_AFTER_SECONDS", "1800"))
)

# Evidence capture (services/evidence.py): the worker fetches a cited page through the SSRF
# guard (annotations/fetch.py) with these caps and keeps at most this much of its main text.
CLAIMDESK_CAPTURE_MAX_BYTES = int(os.environ.get("CLAIMDESK_CAPTURE_MAX_BYTES", str(5 * 1024 * 1024)))
CLAIMDESK_CAPTURE_TIMEOUT_SECONDS = float(os.environ.get("CLAIMDESK_CAPTURE_TIMEOUT_SECONDS", "10"))
CLAIMDESK_CAPTURE_MAX_CHARS = int(os.environ.get("CLAIMDESK_CAPTURE_MAX_CHARS", "500000"))
# A capture left pending this long (a lost message, a killed worker) is re-enqueued by the
# sweeper, and failed with the reason after this many attempts.
CLAIMDESK_CAPTURE_STUCK_AFTER = timedelta(
    seconds=int(os.environ.get("CLAIMDESK_CAPTURE_STUCK_AFTER_SECONDS", "300"))
)
CLAIMDESK_MAX_CAPTURE_ATTEMPTS = int(os.environ.get("CLAIMDESK_MAX_CAPTURE_ATTEMPTS", "3"))
# FOR TESTS ONLY: networks the fetcher may reach although they are not public (the test
# suite's own HTTP server on loopback). Never set it in production: it opens the SSRF guard.
CLAIMDESK_FETCH_ALLOW_NETWORKS = tuple(
    ipaddress.ip_network(item) for item in env_list("CLAIMDESK_FETCH_ALLOW_NETWORKS")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
# Longest article body accepted, in characters (a long report, not a data dump).
# The engine's time grows faster than linearly on huge texts (608k chars: 18 s), so the
# default keeps one article's split well inside the task's time limit.
CLAIMDESK_MAX_ARTICLE_CHARS = int(os.environ.get("CLAIMDESK_MAX_ARTICLE_CHARS", "1000000"))
# An uploaded file (page upload, the command's files, a fetched page) is refused above this.
CLAIMDESK_MAX_UPLOAD_BYTES = int(os.environ.get("CLAIMDESK_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Page forms: the import page sends a paste as multipart, raw UTF-8 (at most 4 bytes a
# character), so the longest accepted article fits, with room for the other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * CLAIMDESK_MAX_ARTICLE_CHARS + 64 * 1024
# The largest JSON body the API reads (annotations/api/parsers.py; 413 above it). Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (above) stays the limit of the HTML forms. One article at the
# longest accepted body must always fit, written as json.dumps writes it by default
# (ensure_ascii): a character outside the BMP (emoji, rare CJK) becomes a 12-byte surrogate
# pair "\ud83d\ude00", so 12 bytes a character at worst, for the body and for the other fields
# (title 500, url 2,000, outlet 200, author 300, language 16 characters), plus 1 KiB of keys.
# A bulk call shares the same limit: 64 MiB holds 5,000 articles of ~13 KB of JSON each.
CLAIMDESK_API_ARTICLE_MAX_JSON_BYTES = 12 * (CLAIMDESK_MAX_ARTICLE_CHARS + 500 + 2000 + 200 + 300 + 16) + 1024
CLAIMDESK_API_MAX_BODY_BYTES = int(os.environ.get("CLAIMDESK_API_MAX_BODY_BYTES", str(64 * 1024 * 1024)))
if CLAIMDESK_API_MAX_BODY_BYTES < CLAIMDESK_API_ARTICLE_MAX_JSON_BYTES:
    raise ImproperlyConfigured(
        f"CLAIMDESK_API_MAX_BODY_BYTES ({CLAIMDESK_API_MAX_BODY_BYTES:,}) is below what one article of "
        f"CLAIMDESK_MAX_ARTICLE_CHARS characters can take as JSON ({CLAIMDESK_API_ARTICLE_MAX_JSON_BYTES:,})."
    )
# Seconds a split task may run before its articles are failed (must stay < visibility timeout).
CLAIMDESK_SPLIT_SOFT_TIME_LIMIT = int(os.environ.get("CLAIMDESK_SPLIT_SOFT_TIME_LIMIT", "900"))

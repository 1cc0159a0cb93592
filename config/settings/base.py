"""Settings shared by every environment.

Everything that differs between machines comes from the environment
(django-environ); a secret may also be given as a path in ``<NAME>_FILE``
so that it can live in a Docker/systemd secret file instead of the process
environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MUSTAFID_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def secret(name: str, default: str | None = None) -> str:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    if default is None:
        return env.str(name)
    return env.str(name, default=default)


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = secret("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "mustafid.core",
    "mustafid.accounts",
    "mustafid.audit",
    "mustafid.notifications",
    "mustafid.beneficiaries",
    "mustafid.interactions",
    "mustafid.committees",
    "mustafid.services",
    "mustafid.requests",
    "mustafid.entitlements",
    "mustafid.compensation",
    "mustafid.portal",
    "mustafid.liaison",
    "mustafid.inquiries",
    "mustafid.complaints",
    "mustafid.policies",
    "mustafid.reports",
    "mustafid.oversight",
    "mustafid.documents",
    "mustafid.surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mustafid.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mustafid.core.middleware.ArabicFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: its 400 page is drawn in the site layout.
    "mustafid.core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # RS-1: after sign-in, the first page of a staff member with an unsigned policy is that policy.
    "mustafid.policies.middleware.PendingPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes last: it answers a locked-out login before anything else runs.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# never inline, so an injected <script> or style= attribute does nothing (issue 9.7).
# data: images: the signature pad's drawing is previewed as a data: PNG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mustafid.accounts.context_processors.navigation",
            ],
        },
    }
]

# --- Database --------------------------------------------------------------
# DATABASE_URL picks the engine: sqlite:///path (default) or postgres://...
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mustafid.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue behind the busy timeout instead of
    # failing with "database is locked" when a read transaction upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: tests that run threads need a database they share.
    # One per test process, so two runs at once (two developers, xdist) never collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A cache every gunicorn worker shares, with no extra service: a database table
# (created by the migration accounts/0003). allauth's rate limits count in it,
# so a per-process memory cache would let each worker count alone.
# CACHE_URL overrides (e.g. a memcached or redis URL where one exists).
CACHE_TABLE = "mustafid_cache"
CACHES = {"default": env.cache_url("CACHE_URL", default=f"dbcache://{CACHE_TABLE}")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before a password check.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "mustafid.accounts.adapters.StaffAccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins are counted by django-axes in the database (shared by every
# worker) with its own lockout page; allauth's per-process counter would
# refuse first with a vaguer message.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# django-axes: lock an account (per user name and address) after repeated failures.
# Its database handler, so every worker counts the same failures (not its cache handler).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "mustafid.accounts.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "mustafid.core.http.client_ip"
# How many reverse proxies (nginx, a load balancer) stand before gunicorn.
MUSTAFID_PROXY_COUNT = env.int("MUSTAFID_PROXY_COUNT", default=0)
# Portal sign-in codes per hour for everyone together (an SMS cost ceiling);
# per device, address and ID number the limits are in mustafid/portal/codes.py.
MUSTAFID_PORTAL_CODES_PER_HOUR = env.int("MUSTAFID_PORTAL_CODES_PER_HOUR", default=600)
# The address people reach the site at, for links in messages (the satisfaction question, CM-1).
MUSTAFID_SITE_URL = env.str("MUSTAFID_SITE_URL", default="http://localhost:8000")
# Public complaint form (CM-1): (per address, for everyone) per hour, for filing and for tracking.
MUSTAFID_COMPLAINT_LIMITS = {
    "file": (
        env.int("MUSTAFID_COMPLAINTS_PER_ADDRESS", default=5),
        env.int("MUSTAFID_COMPLAINTS_PER_HOUR", default=200),
    ),
    "track": (30, 2000),
}
# Compensation claims (CP-1..CP-4, issue 11.7): working days each open stage may take before the
# claim shows as overdue, counted from the day it enters the stage. The policy sets no deadline;
# these follow the society's rhythm: the investigation committee meets about monthly and its
# minute needs every member's approval (20); a first offer within two working weeks of the
# fault (10); a month of offers and answers (20); the signature and the payment within two
# working weeks, as settlements promise (10); closing the paid file within a week (5).
MUSTAFID_CLAIM_STAGE_WORKING_DAYS = {"opened": 20, "fault": 10, "negotiating": 20, "settled": 10, "paid": 5}

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
# Uploaded files (beneficiary documents) live outside the web root and are
# served only through views that check permission and log the access.
MEDIA_ROOT = Path(env.str("MUSTAFID_MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.str("MUSTAFID_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Beneficiaries' documents: no URL; only views that check and log serve them.
    "private": {
        "BACKEND": "mustafid.core.files.PrivateFileStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Encryption at rest (RL-2) ---------------------------------------------
# Fernet keys, comma-separated: the first encrypts, all decrypt (rotation:
# put a new key first, run `manage.py rotate_field_keys`, then drop the old).
MUSTAFID_FIELD_KEYS = [k.strip() for k in secret("MUSTAFID_FIELD_KEYS").split(",") if k.strip()]
# The key of the keyed hashes that make national ID and phone searchable.
MUSTAFID_BLIND_INDEX_KEY = secret("MUSTAFID_BLIND_INDEX_KEY")

# --- Background work and notifications --------------------------------------
# Tasks are rows in the database; `manage.py db_worker` runs them (many workers
# may run: they claim rows with SKIP LOCKED on PostgreSQL).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic tasks: (task, every N seconds), enqueued by `manage.py run_scheduler`.
MUSTAFID_SCHEDULE = [
    ("mustafid.notifications.tasks.dispatch_outbox", 60),  # retries and anything missed
    ("mustafid.requests.tasks.flag_overdue_requests", 60 * 60),  # HD-6 escalation
    ("mustafid.core.tasks.retry_documents", 120),  # receipts, letters, minutes whose render failed
    ("mustafid.core.tasks.purge_rate_budgets", 60 * 60),  # counts of rate-limit windows that ended
    ("mustafid.beneficiaries.tasks.purge_import_previews", 5 * 60),  # unconfirmed import files, after an hour
    ("mustafid.complaints.tasks.escalate_overdue_complaints", 60 * 60),  # CM-1 escalation, level by level
    ("mustafid.policies.tasks.remind_unsigned_policies", 24 * 60 * 60),  # RS-2: once a week per person (dedupe)
    ("mustafid.oversight.tasks.escalate_overdue_actions", 60 * 60),  # SM-3: overdue corrective actions
]
# Days a corrective action may stay overdue after its owner's reminder before senior management hears (SM-3).
MUSTAFID_ACTION_ESCALATION_DAYS = env.int("MUSTAFID_ACTION_ESCALATION_DAYS", default=7)
MUSTAFID_SMS_BACKEND = env.str("MUSTAFID_SMS_BACKEND", default="mustafid.notifications.gateways.ConsoleSmsBackend")
MUSTAFID_SMS_URL = env.str("MUSTAFID_SMS_URL", default="")
MUSTAFID_SMS_TOKEN = secret("MUSTAFID_SMS_TOKEN", default="")
MUSTAFID_SMS_SENDER = env.str("MUSTAFID_SMS_SENDER", default="Mustafid")
MUSTAFID_SMS_TIMEOUT = env.float("MUSTAFID_SMS_TIMEOUT", default=10.0)

# --- Audit -----------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_MASK_CALLABLE = "mustafid.audit.registry.mask_fully"

# --- Sessions and cookies --------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@mustafid.local")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The society whose policy this instance applies (shown in the UI and on letters).
MUSTAFID_SOCIETY_NAME = env.str("MUSTAFID_SOCIETY_NAME", default="الجمعية التعاونية متعددة الأغراض بالمستجدة")
# Working days a beneficiary has to object to a decision, counted from its letter (issue 10.3).
MUSTAFID_OBJECTION_WORKING_DAYS = env.int("MUSTAFID_OBJECTION_WORKING_DAYS", default=15)

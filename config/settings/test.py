"""Test settings: the same stack as production, with fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-" + "x" * 40)

# Throw-away keys for local data only; production reads its own from the environment.
os.environ.setdefault("MUSTAFID_FIELD_KEYS", "OqrzKn1e8-_au5Gk-hq0BRSdoZSYu-mA1UnflFY7hGQ=")
os.environ.setdefault("MUSTAFID_BLIND_INDEX_KEY", "test-blind-index-key-not-secret")

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
LOGGING["root"]["level"] = "WARNING"
# Serve static files from the app folders as they are; production collects them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Messages are recorded, not sent; tasks run at once when their transaction commits.
MUSTAFID_SMS_BACKEND = "mustafid.notifications.gateways.LocmemSmsBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

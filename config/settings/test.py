"""Test settings: the same stack as production, with fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-" + "x" * 40)

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

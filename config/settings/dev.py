"""Local development: debug on, a throw-away secret unless one is set."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files from the app folders as they are; production collects them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

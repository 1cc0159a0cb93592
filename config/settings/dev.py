"""Local development: debug on, a throw-away secret unless one is set."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "true")

# Throw-away keys for local data only; production reads its own from the environment.
os.environ.setdefault("MUSTAFID_FIELD_KEYS", "OqrzKn1e8-_au5Gk-hq0BRSdoZSYu-mA1UnflFY7hGQ=")
os.environ.setdefault("MUSTAFID_BLIND_INDEX_KEY", "dev-blind-index-key-not-secret")

from .base import *

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files from the app folders as they are; production collects them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

"""An uploaded import file waiting between its preview and its confirmation.

It waits in the private storage encrypted with the field keys (a file of
national IDs and phones must not lie on disk in plain text, issue 9.5), under
a random token only the uploader's session knows. It is deleted on confirm,
on cancel, and once older than ``MAX_AGE``: by the scheduled
``purge_import_previews`` task, and when someone tries to open it late.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from mustafid.core.crypto import fernet

SESSION_KEY = "beneficiaries_import_pending"
DIRECTORY = "imports"
MAX_AGE = timedelta(hours=1)


def _storage():
    return storages["private"]


def _expired(saved_at: datetime) -> bool:
    return saved_at < timezone.now() - MAX_AGE


def purge_expired() -> int:
    """Delete every waiting upload older than ``MAX_AGE``; returns how many."""
    storage = _storage()
    try:
        _dirs, names = storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return 0
    purged = 0
    for name in names:
        path = f"{DIRECTORY}/{name}"
        try:
            if _expired(storage.get_modified_time(path)):
                storage.delete(path)
                purged += 1
        except FileNotFoundError:
            continue
    return purged


def discard(session) -> None:
    """Forget the session's waiting upload and delete its file."""
    pending = session.pop(SESSION_KEY, None)
    if pending:
        _storage().delete(pending["path"])


def keep(session, content: bytes, fmt: str, name: str) -> str:
    """Store ``content`` encrypted for the session; returns the token the confirm form carries."""
    discard(session)
    purge_expired()
    token = secrets.token_urlsafe(24)
    path = _storage().save(f"{DIRECTORY}/{token}.bin", ContentFile(fernet().encrypt(content)))
    session[SESSION_KEY] = {
        "token": token,
        "path": path,
        "fmt": fmt,
        "name": name[:200],
        "saved_at": timezone.now().isoformat(),
    }
    return token


def open_pending(session, token: str) -> tuple[bytes, str, str] | None:
    """The session's waiting upload (content, format, uploader's name), or None if absent or expired."""
    pending = session.get(SESSION_KEY)
    if not pending or not token or not constant_time_compare(pending["token"], token):
        return None
    saved_at = pending.get("saved_at")
    if saved_at is None or _expired(datetime.fromisoformat(saved_at)):
        discard(session)
        return None
    try:
        with _storage().open(pending["path"], "rb") as handle:
            return fernet().decrypt(handle.read()), pending["fmt"], pending["name"]
    except FileNotFoundError:
        return None

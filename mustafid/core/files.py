"""Uploaded files: checked by their content, kept where the web server cannot reach."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The first bytes of each accepted kind of file: the name and the browser's
# declared type are not trusted.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "tiff": (b"II*\x00", b"MM\x00*"),  # scanned faxes
}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "tiff": "image/tiff"}
DOCUMENT_KINDS = frozenset(SIGNATURES)
IMAGE_KINDS = frozenset({"png", "jpeg"})
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def private_storage():
    """Where beneficiaries' files live: outside the web root, served only by views."""
    return storages["private"]


def sniff(head: bytes) -> str | None:
    for kind, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            return kind
    return None


def check_upload(upload, *, allowed: frozenset[str] = DOCUMENT_KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The kind of ``upload`` (pdf, png, jpeg, tiff); a translated error otherwise."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind not in allowed:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s."),
            params={"kinds": "، ".join(sorted(k.upper() for k in allowed))},
            code="file_type",
        )
    return kind


def sha256_of(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class PrivateFileStorage(FileSystemStorage):
    """A file system storage without URLs: its files reach people only through views."""

    def url(self, name):
        raise ValueError("private files have no public URL; serve them through a view that checks access")

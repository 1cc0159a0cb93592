"""Uploaded files: checked by their content, kept where the web server cannot reach."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import posixpath
import uuid

from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models.fields.files import FieldFile
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
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "tiff": "tif"}
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


def random_name(name: str, head: bytes = b"") -> str:
    """``name``'s folder with a random file name, its extension the one the content proves.

    The uploader's file name ("هوية-أحمد-1023456789.pdf") often carries a name
    and an ID number: it is kept as data (``PrivateFileField``), never as the path.
    """
    directory = posixpath.dirname(name)
    kind = sniff(head)
    if kind:
        extension = EXTENSIONS[kind]
    else:
        # Not a document kind (an import preview, a spreadsheet): a short plain extension only.
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        extension = extension if extension.isascii() and extension.isalnum() and len(extension) <= 5 else "bin"
    return posixpath.join(directory, f"{uuid.uuid4().hex}.{extension}")


def display_name(name: str) -> str:
    """The last part of an uploader's file name, short enough for a model field."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    stem, extension = os.path.splitext(base)
    return stem[: 200 - len(extension)] + extension if len(base) > 200 else base


class PrivateFileStorage(FileSystemStorage):
    """A file system storage without URLs: its files reach people only through views.

    Files are readable by the service's user only (0600, folders 0700), under
    random names: neither another account on the host nor a directory listing
    learns whose documents are there.
    """

    def __init__(self, *args, file_permissions_mode=0o600, directory_permissions_mode=0o700, **kwargs):
        super().__init__(
            *args,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
            **kwargs,
        )

    def url(self, name):
        raise ValueError("private files have no public URL; serve them through a view that checks access")

    def save(self, name, content, max_length=None):
        # Every write goes through here (a model's FileField, a generated PDF,
        # an import preview): each gets a random name, whatever the caller chose.
        if name is None:
            name = content.name
        head = b""
        if hasattr(content, "seek") and hasattr(content, "read"):
            content.seek(0)
            head = content.read(16)
            content.seek(0)
        return super().save(random_name(name, head), content, max_length=max_length)


class PrivateFieldFile(FieldFile):
    def save(self, name, content, save=True):
        # ``name`` is still the uploader's here; the storage replaces it with a random one.
        if self.field.original_name_field:
            setattr(self.instance, self.field.original_name_field, display_name(name))
        super().save(name, content, save)


class PrivateFileField(models.FileField):
    """A file in the private storage; the uploader's file name goes to ``original_name_field``.

    That field must be declared after this one: a model's values are collected
    in field order, and the name is known only when this field saves its file.
    """

    attr_class = PrivateFieldFile

    def __init__(self, *args, original_name_field: str = "", **kwargs):
        kwargs.setdefault("storage", private_storage)
        self.original_name_field = original_name_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.original_name_field:
            kwargs["original_name_field"] = self.original_name_field
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.original_name_field:
            names = [f.name for f in self.model._meta.concrete_fields]
            if self.original_name_field not in names or names.index(self.original_name_field) < names.index(self.name):
                errors.append(
                    checks.Error(
                        f"{self.original_name_field!r} must be a field declared after {self.name!r}",
                        obj=self,
                        id="mustafid.E001",
                    )
                )
        return errors


def _relink(storage, old: str) -> str | None:
    """A second, random name for the file ``old`` (hard link, else a copy); None if the file is gone."""
    source = storage.path(old)
    try:
        with open(source, "rb") as handle:
            head = handle.read(16)
    except (FileNotFoundError, IsADirectoryError):
        return None
    new = random_name(old, head)
    target = storage.path(new)
    os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return new


def rename_stored_files(app_label: str, model_name: str, field_name: str, name_field: str = "", batch_size: int = 500):
    """A ``RunPython`` forward step giving the stored files of one field random names (issue 9.5).

    The name the file was stored under becomes ``name_field``'s value. The
    file gets a second, random name first; the rows point to it batch by
    batch; the old names are removed only once the migration commits, so a
    failed migration leaves every row pointing to a file that exists. A row
    whose file is missing keeps its name.
    """
    from django.db import transaction

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        storage = private_storage()
        alias = schema_editor.connection.alias
        columns = ["pk", field_name, *([name_field] if name_field else [])]
        rows = model._base_manager.using(alias).exclude(**{field_name: ""}).only(*columns).order_by("pk")
        batch, old_names = [], []

        def flush():
            model._base_manager.using(alias).bulk_update(batch, [c for c in columns if c != "pk"])
            gone = list(old_names)
            transaction.on_commit(lambda: [storage.delete(n) for n in gone], using=alias)
            batch.clear()
            old_names.clear()

        for row in rows.iterator(chunk_size=batch_size):
            old = getattr(row, field_name).name
            if name_field and not getattr(row, name_field):
                setattr(row, name_field, display_name(old))
            new = _relink(storage, old)
            if new is not None:
                setattr(row, field_name, new)
                old_names.append(old)
            batch.append(row)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()

    return forward


def signature_from_data_url(data_url: str) -> ContentFile:
    """The PNG drawn with signature_pad, sent as ``data:image/png;base64,...``.

    Every signature drawn on screen (an attestation, a settlement) comes this
    way; a forged or empty drawing is refused in the signer's language.
    """
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError(_("The signature could not be read: sign again."), code="signature_format")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(_("The signature could not be read: sign again."), code="signature_format") from exc
    if not raw.startswith(SIGNATURES["png"][0]) or len(raw) < 40:  # shorter than any real image
        raise ValidationError(_("The signature is empty: sign in the box."), code="signature_empty")
    return ContentFile(raw, name="signature.png")

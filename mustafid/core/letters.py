"""The signature and stamp block a letter ends with, ready for a PDF (issue 10.3).

The images are private files (no URL serves a stamp); a PDF embeds them as
``data:`` URIs, which WeasyPrint reads without fetching anything, so the
renderer's refusal of every outside URL still holds.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from .files import CONTENT_TYPES, IMAGE_KINDS, sniff
from .models import LETTER_IMAGE_MAX_BYTES, LetterSignature


def image_data_uri(stored: Any) -> str | None:
    """A stored PNG or JPEG as a ``data:`` URI; ``None`` when absent, unreadable or not an image.

    The kind is read again from the content, not from the name: a file swapped
    on disk since its upload is left out rather than handed to the renderer.
    """
    if not stored or not getattr(stored, "name", ""):
        return None
    try:
        with stored.open("rb") as handle:
            data = handle.read(LETTER_IMAGE_MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    kind = sniff(data[:16])
    if kind not in IMAGE_KINDS or len(data) > LETTER_IMAGE_MAX_BYTES:
        return None
    return f"data:{CONTENT_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class SignatureBlock:
    name: str
    title: str
    logo: str | None
    signature: str | None
    stamp: str | None


def signature_block() -> SignatureBlock | None:
    """The administrator's block (``core.LetterSignature``), or ``None`` when none is configured."""
    configured = LetterSignature.current()
    if configured is None:
        return None
    return SignatureBlock(
        name=configured.signatory_name,
        title=configured.signatory_title,
        logo=image_data_uri(configured.logo),
        signature=image_data_uri(configured.signature),
        stamp=image_data_uri(configured.stamp),
    )

"""Requests at each stage of the cycle, built through the real services."""

import base64
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from mustafid.requests import services
from mustafid.requests.models import ServiceRequest


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    """A small real PNG (a signature-like stroke), built without any imaging library."""
    rows = b"".join(b"\x00" + bytes(255 if (x + y) % 7 else 0 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def signature_data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def pdf_upload(name: str = "doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% a scanned document\n", content_type="application/pdf")


def filled_draft(*, by, beneficiary, version, received_via="interview") -> ServiceRequest:
    """A draft with every required answer, criterion, document and the signature: ready to complete."""
    request = services.create_draft(by=by, beneficiary=beneficiary, version=version, received_via=received_via)
    answers = {f.key: "5" if f.kind == "number" else "نص" for f in version.fields.all() if f.required}
    criteria = {str(c.pk): True for c in version.criteria.all()}
    services.save_answers(by=by, request=request, answers=answers, criteria_answers=criteria)
    for document in version.documents.filter(required=True):
        services.attach_request_document(by=by, request=request, upload=pdf_upload(), required_document=document)
    services.sign_attestation(by=by, request=request, signer_name=beneficiary.full_name, drawn=signature_data_url())
    return request

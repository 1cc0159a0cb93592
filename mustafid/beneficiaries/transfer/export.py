"""Export of beneficiary files, and the blank import template, as CSV or XLSX (RL-2: scope, masking, access log)."""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from import_export import fields, resources
from import_export.formats import base_formats

from mustafid.audit.models import AccessLog
from mustafid.core import exports
from mustafid.core.http import client_ip

from ..models import Beneficiary
from ..selectors import MASK, can_see_sensitive
from .columns import COLUMN_BY_KEY, COLUMNS, TEMPLATE_HEADERS

EXPORT_PERMISSION = "beneficiaries.export_beneficiary"
FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
#: Access log rows per INSERT.
BATCH_SIZE = 1000


def _safe_text(value: str | None) -> str:
    """Free text made inert for spreadsheets (OWASP "CSV injection")."""
    return exports.inert(value or "")


class BeneficiaryResource(resources.ModelResource):
    """Export of beneficiary files; sensitive values masked unless the reader may see them."""

    file_number = fields.Field(attribute="file_number", column_name=COLUMN_BY_KEY["file_number"].header)
    full_name = fields.Field(attribute="full_name", column_name=COLUMN_BY_KEY["full_name"].header)
    national_id = fields.Field(attribute="national_id", column_name=COLUMN_BY_KEY["national_id"].header)
    phone = fields.Field(attribute="phone", column_name=COLUMN_BY_KEY["phone"].header)
    email = fields.Field(attribute="email", column_name=COLUMN_BY_KEY["email"].header)
    gender = fields.Field(attribute="gender", column_name=COLUMN_BY_KEY["gender"].header)
    date_of_birth = fields.Field(attribute="date_of_birth", column_name=COLUMN_BY_KEY["date_of_birth"].header)
    branch = fields.Field(attribute="branch__code", column_name=COLUMN_BY_KEY["branch"].header)
    category = fields.Field(attribute="category__code", column_name=COLUMN_BY_KEY["category"].header)
    domains = fields.Field(attribute="domains", column_name=COLUMN_BY_KEY["domains"].header)
    city = fields.Field(attribute="city", column_name=COLUMN_BY_KEY["city"].header)
    district = fields.Field(attribute="district", column_name=COLUMN_BY_KEY["district"].header)
    monthly_income = fields.Field(attribute="monthly_income", column_name=COLUMN_BY_KEY["monthly_income"].header)
    preferred_channel = fields.Field(
        attribute="preferred_channel", column_name=COLUMN_BY_KEY["preferred_channel"].header
    )

    class Meta:
        model = Beneficiary
        fields = tuple(column.key for column in COLUMNS)
        export_order = fields
        chunk_size = 2000

    def __init__(self, *, sensitive_allowed: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.sensitive_allowed = sensitive_allowed
        #: (pk, str) of every exported file, for the access log.
        self.exported: list[tuple[int, str]] = []

    def export_resource(self, instance, selected_fields=None, **kwargs):
        self.exported.append((instance.pk, str(instance)))
        return super().export_resource(instance, selected_fields, **kwargs)

    # Every value is written as text: ID numbers must keep all their digits
    # and dates and amounts must read back exactly as they were written.
    def dehydrate_full_name(self, obj: Beneficiary) -> str:
        return _safe_text(obj.full_name)

    def dehydrate_national_id(self, obj: Beneficiary) -> str:
        return obj.national_id if self.sensitive_allowed else MASK

    def dehydrate_phone(self, obj: Beneficiary) -> str:
        return obj.phone if self.sensitive_allowed else MASK

    def dehydrate_email(self, obj: Beneficiary) -> str:
        return _safe_text(obj.email)

    def dehydrate_date_of_birth(self, obj: Beneficiary) -> str:
        return obj.date_of_birth.isoformat() if obj.date_of_birth else ""

    def dehydrate_branch(self, obj: Beneficiary) -> str:
        return obj.branch.code

    def dehydrate_category(self, obj: Beneficiary) -> str:
        return obj.category.code

    def dehydrate_domains(self, obj: Beneficiary) -> str:
        # Uses the prefetched domains: no query per row.
        return ";".join(sorted(domain.code for domain in obj.domains.all()))

    def dehydrate_city(self, obj: Beneficiary) -> str:
        return _safe_text(obj.city)

    def dehydrate_district(self, obj: Beneficiary) -> str:
        return _safe_text(obj.district)

    def dehydrate_monthly_income(self, obj: Beneficiary) -> str:
        if not self.sensitive_allowed:
            return MASK
        return "" if obj.monthly_income is None else f"{obj.monthly_income:.2f}"


def _file_name(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def _render(dataset: tablib.Dataset, fmt: str) -> bytes:
    # Free text was made inert column by column: ID numbers and phones must read back as written.
    rows = (dataset[index] for index in range(dataset.height))
    return exports.tabular(dataset.headers or [], rows, fmt, title=dataset.title or "beneficiaries", make_inert=False)


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return fmt


def export_beneficiaries(*, by: Any, request: HttpRequest, queryset: Any, fmt: str) -> tuple[bytes, str, str]:
    """The beneficiary files of ``queryset`` that ``by`` may see, as CSV or XLSX.

    Only rows of ``Beneficiary.objects.restrict(by, "view")`` are written;
    national ID, phone and income are masked unless ``by`` has
    ``view_sensitive``. One access log row per exported file is written in
    the same transaction. Requires ``beneficiaries.export_beneficiary``.
    Returns ``(content, content_type, filename)``.
    """
    fmt = _check_format(fmt)
    if not by.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    allowed = Beneficiary.objects.restrict(by, "view")
    if queryset is not None:
        allowed = allowed.filter(pk__in=queryset.values("pk"))
    allowed = allowed.select_related("branch", "category").prefetch_related("domains").order_by("pk")
    resource = BeneficiaryResource(sensitive_allowed=can_see_sensitive(by))
    with transaction.atomic():
        dataset = resource.export(queryset=allowed)
        dataset.title = "beneficiaries"
        content = _render(dataset, fmt)
        content_type = ContentType.objects.get_for_model(Beneficiary)
        common = {
            "actor": by,
            "action": AccessLog.Action.EXPORT,
            "content_type": content_type,
            "detail": fmt.upper(),
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            # The path without the search: a searched ID number must not sit in the log in clear text.
            "path": request.path[:300],
        }
        AccessLog.objects.bulk_create(
            [AccessLog(object_id=str(pk), object_repr=text[:200], **common) for pk, text in resource.exported],
            batch_size=BATCH_SIZE,
        )
    return content, FORMATS[fmt]().get_content_type(), _file_name("beneficiaries", fmt)


def import_template(fmt: str) -> tuple[bytes, str, str]:
    """A blank file with the import columns' headers: ``(content, content_type, filename)``."""
    fmt = _check_format(fmt)
    dataset = tablib.Dataset(headers=TEMPLATE_HEADERS, title="beneficiaries")
    return _render(dataset, fmt), FORMATS[fmt]().get_content_type(), f"beneficiaries-import-template.{fmt}"

"""What the portal writes: requests filed by beneficiaries themselves (HD-2..HD-5, CH-5).

The request services check a staff member's permission and scope. A
beneficiary on the portal has no staff account, so the portal acts as one
system account, :func:`portal_user`, and the portal's own checks (the
identified beneficiary owns the file and the request) come first.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from mustafid.accounts.models import PORTAL_ACCOUNT_EMAIL, User
from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests import services as request_services
from mustafid.requests.forms import RequestAnswersForm
from mustafid.requests.models import Attestation, ReceivedVia, ServiceRequest, Status
from mustafid.services.models import ServiceVersion

PORTAL_EMAIL = PORTAL_ACCOUNT_EMAIL


def portal_user() -> User:
    """The system staff account in whose name the portal calls the request services.

    Created on first use: email ``portal@mustafid.system``, the receptionist
    role and global scope, so the services' permission and scope checks
    pass for any beneficiary who identified on the portal (the portal has
    checked the beneficiary owns what they touch before it calls them).

    It cannot sign in: it has no usable password (no password can ever
    match) and is not allowed on the administration site. It stays
    ``is_active`` because Django grants no permission to an inactive
    account; an administrator who deactivates it closes request filing on
    the portal. It shows in histories as the one who recorded what the
    beneficiary filed (``created_by``, ``witnessed_by``), with the request
    marked as received through the portal.
    """
    user = User.objects.filter(email=PORTAL_EMAIL).first()
    if user is not None:
        return user
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=PORTAL_EMAIL,
            defaults={"full_name": "بوابة المستفيدين", "scope_all": True, "is_staff": False, "is_active": True},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=Role.RECEPTIONIST))
    return user


def available_versions(beneficiary: Beneficiary) -> QuerySet[ServiceVersion]:
    """The current published version of each offered service the beneficiary's category may use.

    A version that names no category is open to every category.
    """
    latest = (
        ServiceVersion.objects.filter(service=OuterRef("service"), published_at__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        ServiceVersion.objects.filter(published_at__isnull=False, service__is_active=True, pk=Subquery(latest))
        .filter(Q(categories=beneficiary.category_id) | Q(categories__isnull=True))
        .select_related("service")
        .distinct()
        .order_by("service__name")
    )


def _signature_line() -> str:
    # The line ``missing_items`` gives for an unsigned request, in the same words.
    return _("The beneficiary's attestation and signature")


def _missing_before_signing(service_request: ServiceRequest) -> list[str]:
    """What is missing apart from the signature: the beneficiary signs last, over complete data."""
    return [m for m in request_services.missing_items(service_request) if m != _signature_line()]


def still_missing(service_request: ServiceRequest) -> list[str]:
    """What the beneficiary still has to give, the signature last."""
    missing = _missing_before_signing(service_request)
    if not Attestation.objects.filter(request=service_request).exists():
        missing.append(_signature_line())
    return missing


def file_request(
    *,
    beneficiary: Beneficiary,
    version: ServiceVersion | None = None,
    draft: ServiceRequest | None = None,
    form: RequestAnswersForm,
    drawn_signature: str = "",
) -> tuple[ServiceRequest, list[str]]:
    """File (or continue) a request from the portal; register it complete when nothing is missing.

    Returns the request and what is still missing (empty when it was
    registered complete). The answers and documents given are kept on the
    draft either way. The signature is taken only once everything else is
    there, so the beneficiary attests the data as it is registered (HD-4).
    A ``ValidationError`` (a refused file, say) leaves nothing written.
    """
    by = portal_user()
    if draft is not None and (draft.beneficiary_id != beneficiary.pk or draft.status != Status.DRAFT):
        raise ValueError("the portal continues only the identified beneficiary's own drafts")
    with transaction.atomic():
        if draft is not None:
            service_request = draft
        elif version is not None:
            service_request = request_services.create_draft(
                by=by, beneficiary=beneficiary, version=version, received_via=ReceivedVia.PORTAL
            )
        else:
            raise ValueError("the portal starts a new request from a service version")
        service_request = request_services.save_answers(
            by=by, request=service_request, answers=form.answers(), criteria_answers=form.criteria_answers()
        )
        for upload in form.uploads():
            request_services.attach_request_document(by=by, request=service_request, **upload)
    signed = Attestation.objects.filter(request=service_request).exists()
    missing = _missing_before_signing(service_request)
    if missing or not (signed or drawn_signature):
        if not signed:
            missing.append(_signature_line())
        return service_request, missing
    with transaction.atomic():
        if not signed:
            request_services.sign_attestation(
                by=by, request=service_request, signer_name=beneficiary.full_name, drawn=drawn_signature
            )
        service_request = request_services.complete_request(by=by, request=service_request)
    return service_request, []

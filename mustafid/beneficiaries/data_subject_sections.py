"""The beneficiaries app's own sections of the data-subject copy (RL-2).

The file itself, and what the base apps hold about it: the messages in the
outbox, the access log and the change history. The base apps (notifications,
audit) import no domain app, so their sections are declared here, where the
file is known.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.roles import Role, role_label
from mustafid.audit.models import AccessLog
from mustafid.notifications.models import Notification

from .data_subject import (
    DataSubjectSection,
    Record,
    display,
    field_labels,
    generic_references,
    register_section,
    verbose_name_plural,
)
from .models import Beneficiary, BeneficiaryDocument, Consent, CorrectionRequest, HouseholdMember, ItemUse, ProvidedItem


def person(beneficiary: Beneficiary) -> list[Record]:
    b = (
        Beneficiary.objects.select_related("branch", "category")
        .prefetch_related("domains", "assigned_volunteers")
        .get(pk=beneficiary.pk)
    )
    return [
        {
            "file_number": b.file_number,
            "full_name": b.full_name,
            "national_id": b.national_id,
            "phone": b.phone,
            "email": b.email,
            "gender": display(b, "gender"),
            "date_of_birth": b.date_of_birth,
            "city": b.city,
            "district": b.district,
            "address": b.address,
            "monthly_income": b.monthly_income,
            "health_notes": b.health_notes,
            "preferred_channel": display(b, "preferred_channel"),
            "branch": b.branch.name,
            "category": b.category.name,
            "domains": [d.name for d in b.domains.all()],
            "assigned_volunteers": [v.full_name for v in b.assigned_volunteers.all()],
            "is_archived": b.is_archived,
            "created_at": b.created_at,
        }
    ]


def household(beneficiary: Beneficiary) -> list[Record]:
    return [
        {
            "full_name": m.full_name,
            "relation": display(m, "relation"),
            "gender": display(m, "gender"),
            "date_of_birth": m.date_of_birth,
            "national_id": m.national_id,
            "notes": m.notes,
        }
        for m in HouseholdMember.objects.filter(beneficiary=beneficiary).order_by("id")
    ]


def documents(beneficiary: Beneficiary) -> list[Record]:
    # The files themselves are handed over on request; the copy lists what is kept.
    return [
        {"title": d.title, "kind": display(d, "kind"), "uploaded_at": d.uploaded_at}
        for d in BeneficiaryDocument.objects.filter(beneficiary=beneficiary).order_by("uploaded_at", "id")
    ]


def provided_items(beneficiary: Beneficiary) -> list[Record]:
    items = ProvidedItem.objects.filter(beneficiary=beneficiary).prefetch_related("consents", "uses").order_by("id")
    return [
        {
            "title": item.title,
            "kind": display(item, "kind"),
            "description": item.description,
            "received_on": item.received_on,
            "consents": [
                {
                    "purpose": display(c, "purpose"),
                    "granted_on": c.granted_on,
                    "evidence_kind": display(c, "evidence_kind"),
                    "evidence_note": c.evidence_note,
                    "withdrawn_on": c.withdrawn_on,
                    "withdrawal_note": c.withdrawal_note,
                }
                for c in item.consents.all()
            ],
            "uses": [
                {"purpose": display(u, "purpose"), "note": u.note, "marked_at": u.marked_at, "is_stopped": u.is_stopped}
                for u in item.uses.all()
            ],
        }
        for item in items
    ]


def correction_requests(beneficiary: Beneficiary) -> list[Record]:
    return [
        {
            "received_on": c.received_on,
            "field_label": c.field_label,
            "requested_change": c.requested_change,
            "status": display(c, "status"),
            "resolution": c.resolution,
            "resolved_at": c.resolved_at,
        }
        for c in CorrectionRequest.objects.filter(beneficiary=beneficiary).order_by("received_on", "id")
    ]


def messages(beneficiary: Beneficiary) -> list[Record]:
    """What the outbox sent the person (or staff did for them by phone or letter) about their file.

    Alerts to staff about the person's requests (overdue requests to their
    supervisors) are the society's internal work, not messages to the person:
    left out. Sign-in codes are the portal's section; their text is never copied.
    """
    rows = list(
        Notification.objects.filter(
            generic_references(beneficiary, type_field="about_type", id_field="about_id")
        ).order_by("created_at", "id")
    )
    addresses = {n.address.lower() for n in rows if "@" in n.address}
    staff = {
        email.lower() for email in get_user_model().objects.filter(email__in=addresses).values_list("email", flat=True)
    }
    return [
        {
            "created_at": n.created_at,
            "channel": display(n, "channel"),
            "address": n.address,
            "subject": n.subject,
            "body": n.body,
            "status": display(n, "status"),
            "sent_at": n.sent_at,
            "done_note": n.done_note,
        }
        for n in rows
        if n.address.lower() not in staff or n.recipient_name == beneficiary.full_name
    ]


def _who(actor) -> str:
    """The staff member's role, not their name: the person learns who in the society, by function."""
    if actor is None:
        return str(_("No staff member (the portal or an automatic task)"))
    codes = sorted(group.name for group in actor.groups.all())
    if not codes and actor.is_superuser:
        codes = [Role.ADMINISTRATOR]
    separator = "، " if (get_language() or "ar").startswith("ar") else ", "
    return separator.join(role_label(code) for code in codes) or str(_("staff member"))


def access_log(beneficiary: Beneficiary) -> list[Record]:
    """Every view, export and download of the file (RL-2): when, what, and by which role."""
    entries = (
        AccessLog.objects.filter(generic_references(beneficiary, type_field="content_type", id_field="object_id"))
        .select_related("actor")
        .prefetch_related("actor__groups")
        .order_by("at", "pk")
    )
    return [{"at": e.at, "action": display(e, "action"), "by": _who(e.actor)} for e in entries]


ACTIONS = {
    LogEntry.Action.CREATE: _("Recorded"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
}


def _field_names(model, changes: dict) -> list[str]:
    """The translated names of the fields that changed.

    Fields without a translated name are bookkeeping (``decided``,
    ``delivered_by``): a field that matters to the person has one.
    """
    names = []
    for name in changes:
        try:
            verbose = model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            continue
        if isinstance(verbose, Promise):
            names.append(str(verbose))
    return names


def change_history(beneficiary: Beneficiary) -> list[Record]:
    """When the person's records were recorded or changed, which fields, by which role.

    The values are not copied: the current ones are in the sections above,
    and the history masks sensitive ones anyway.
    """
    entries = (
        LogEntry.objects.filter(generic_references(beneficiary, type_field="content_type", id_field="object_pk"))
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .prefetch_related("actor__groups")
        .order_by("timestamp", "pk")
    )
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        rows.append(
            {
                "at": entry.timestamp,
                "record": str(model._meta.verbose_name) if model else entry.content_type.model,
                "action": ACTIONS.get(entry.action, ""),
                "fields": _field_names(model, entry.changes_dict)
                if model and entry.action == LogEntry.Action.UPDATE
                else [],
                "by": _who(entry.actor),
            }
        )
    return rows


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="person",
        title=_("Personal data"),
        models=(Beneficiary,),
        collect=person,
        order=10,
        labels={
            **field_labels(
                Beneficiary,
                "file_number",
                "full_name",
                "national_id",
                "phone",
                "email",
                "gender",
                "date_of_birth",
                "city",
                "district",
                "address",
                "monthly_income",
                "health_notes",
                "preferred_channel",
                "branch",
                "category",
                "domains",
                "assigned_volunteers",
                "is_archived",
            ),
            "created_at": _("registered on"),
        },
    )
)
register_section(
    DataSubjectSection(
        key="household",
        title=_("Household members"),
        models=(HouseholdMember,),
        collect=household,
        order=20,
        labels=field_labels(
            HouseholdMember, "full_name", "relation", "gender", "date_of_birth", "national_id", "notes"
        ),
    )
)
register_section(
    DataSubjectSection(
        key="documents",
        title=_("Documents you gave"),
        models=(BeneficiaryDocument,),
        collect=documents,
        order=30,
        tabular=True,
        labels=field_labels(BeneficiaryDocument, "title", "kind", "uploaded_at"),
    )
)
register_section(
    DataSubjectSection(
        key="provided_items",
        title=_("Provided items and consent"),
        models=(ProvidedItem, Consent, ItemUse),
        collect=provided_items,
        order=80,
        labels={
            **field_labels(ProvidedItem, "title", "kind", "description", "received_on"),
            **field_labels(Consent, "purpose", "granted_on", "evidence_kind", "evidence_note", "withdrawn_on"),
            **field_labels(Consent, "withdrawal_note"),
            **field_labels(ItemUse, "note", "is_stopped"),
            "consents": verbose_name_plural(Consent),
            "uses": _("uses"),
            "marked_at": _("marked for use on"),
        },
    )
)
register_section(
    DataSubjectSection(
        key="correction_requests",
        title=_("Correction requests"),
        models=(CorrectionRequest,),
        collect=correction_requests,
        order=85,
        labels={
            **field_labels(CorrectionRequest, "received_on", "field_label", "requested_change", "status", "resolution"),
            "resolved_at": _("handled on"),
        },
    )
)
register_section(
    DataSubjectSection(
        key="messages",
        title=_("Messages sent to you"),
        models=(Notification,),
        collect=messages,
        order=70,
        labels={
            **field_labels(Notification, "channel", "subject", "body", "status", "sent_at", "done_note"),
            "created_at": _("written on"),
            "address": _("sent to"),
        },
    )
)
register_section(
    DataSubjectSection(
        key="access_log",
        title=_("Who opened your file"),
        models=(AccessLog,),
        collect=access_log,
        order=95,
        tabular=True,
        labels={"at": _("time"), "action": _("action"), "by": _("by")},
    )
)
register_section(
    DataSubjectSection(
        key="change_history",
        title=_("Changes to your records"),
        models=(LogEntry,),
        collect=change_history,
        order=96,
        tabular=True,
        labels={
            "at": _("time"),
            "record": _("record"),
            "action": _("action"),
            "fields": _("data changed"),
            "by": _("by"),
        },
    )
)

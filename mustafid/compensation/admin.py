"""Claims in the administration site: read-mostly, in the administrator's scope, and logged.

A claim is worked on its own pages, whose services check the fault gate
(CP-1..CP-3) and the signed settlement before the payment (CP-4): nothing of
that is written here. The administrator reads the claim, its offers, its
settlement and its payment, and may name who follows it (``assigned_to``,
through ``services.assign_claim``). Reading a claim is reading the
beneficiary's file, so the change page writes the access log as the claim's
page does; the file is shown by name and file number only, as on that page,
and documents only through the logged download views.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access
from mustafid.core.admin_scope import ScopedAdminMixin
from mustafid.core.formatting import format_amount

from . import services
from .models import Claim, Offer
from .selectors import may_follow

CLAIM_FIELDS = (
    "reference",
    "beneficiary",
    "status",
    "due_on",
    "opened_by",
    "created_at",
    "alleged_harm",
    "claimed_amount",
)
FAULT_FIELDS = (
    "finding",
    "finding_meeting",
    "finding_on",
    "harm_found",
    "harm_size",
    "fault_basis",
    "fault_established_on",
    "ruling_authority",
    "ruling_number",
    "ruling_date",
    "ruling_link",
)
PAYMENT_FIELDS = ("paid_amount", "paid_on", "payment_method", "payment_reference", "closed_on", "closing_reason")


class OfferInline(admin.TabularInline):
    """Each offer and its answer (CP-4): evidence, never changed here."""

    model = Offer
    fields = ("made_on", "party", "amount", "terms", "answer", "answer_note", "answered_on", "recorded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ClaimAdminForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["assigned_to"]

    def clean_assigned_to(self):
        # Refused on the form, where the administrator reads why; the service checks again as it saves.
        to = self.cleaned_data["assigned_to"]
        if to is not None and not may_follow(to, self.instance):
            raise ValidationError(services.cannot_follow_text(to))
        return to


@admin.register(Claim)
class ClaimAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ("reference", "beneficiary", "status", "due_on", "assigned_to", "created_at")
    list_filter = ("status", "fault_basis")
    list_select_related = ("beneficiary", "assigned_to")
    search_fields = ("reference", "beneficiary__file_number")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": (*CLAIM_FIELDS, "assigned_to")}),
        (_("The society's fault"), {"fields": FAULT_FIELDS}),
        (_("Settlement"), {"fields": ("settlement_summary",)}),
        (_("Payment"), {"fields": PAYMENT_FIELDS}),
    )
    readonly_fields = (*CLAIM_FIELDS, *FAULT_FIELDS, "settlement_summary", *PAYMENT_FIELDS)
    inlines = [OfferInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("beneficiary", "settlement", "finding_meeting")

    def has_add_permission(self, request) -> bool:
        return False  # a claim is opened from the file or a complaint, which tell the beneficiary

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a claim is evidence: it ends rejected, withdrawn or closed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "assigned_to" and field is not None:
            # Offered: who handles claims; the service also checks that the claim is in their scope.
            field.queryset = field.queryset.filter(
                is_active=True, groups__permissions__codename="negotiate_claim"
            ).distinct()
        return field

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        claim = getattr(response, "context_data", {}).get("original") if request.method == "GET" else None
        if claim is not None:
            # Reading a claim is reading the beneficiary's file (RL-2), here as on the claim's page.
            record_access(
                request=request, obj=claim.beneficiary, action=AccessLog.Action.VIEW, detail=f"{claim.reference} admin"
            )
        return response

    def save_model(self, request, obj, form, change):
        # Only who follows the claim changes here, through its service; nothing else is saved.
        if "assigned_to" in form.changed_data and obj.assigned_to is not None:
            services.assign_claim(by=request.user, claim=obj, to=obj.assigned_to)

    @admin.display(description=_("ruling document"))
    def ruling_link(self, obj: Claim) -> str:
        if not obj.ruling_document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("compensation:ruling", args=[obj.pk]), _("The ruling's document")
        )

    @admin.display(description=_("settlement"))
    def settlement_summary(self, obj: Claim) -> str:
        settlement = obj.settlement
        if settlement is None:
            return "—"
        signatures = format_html_join(
            "",
            '<li>{}: {} ({}) — {} — <a href="{}">{}</a></li>',
            (
                (
                    s.get_party_display(),
                    s.signer_name,
                    s.get_method_display(),
                    s.signed_at,
                    # The logged download view: a signature has no storage URL.
                    reverse("compensation:signature", args=[obj.pk, s.party]),
                    _("Open the signed paper") if s.is_scan else _("Open the signature"),
                )
                for s in settlement.signatures.all()
            ),
        )
        link = (
            format_html(
                ' — <a href="{}">{}</a>',
                reverse("compensation:settlement_pdf", args=[obj.pk]),
                _("Download the settlement (PDF)"),
            )
            if settlement.pdf
            else ""
        )
        return format_html(
            "<p>{} — {} — {}{}</p><p>{}</p><ul>{}</ul>",
            settlement.reference,
            format_amount(settlement.amount) if settlement.amount is not None else "—",
            settlement.agreed_on,
            link,
            settlement.terms,
            signatures,
        )

"""Change history of beneficiary data; sensitive values masked (RL-2)."""

from mustafid.audit.registry import audited

from .models import Beneficiary, Consent, CorrectionRequest, HouseholdMember, ProvidedItem

audited(
    Beneficiary,
    exclude_fields=["name_search", "national_id_hash", "phone_hash"],
    mask_fields=list(Beneficiary.SENSITIVE_FIELDS),
    m2m_fields={"domains", "assigned_volunteers"},
)
# Their history is read in the scope of the beneficiary they belong to (issue 9.1).
audited(HouseholdMember, mask_fields=["national_id"], scope_through="beneficiary")
audited(ProvidedItem, scope_through="beneficiary")
audited(Consent, scope_through="item__beneficiary")
audited(CorrectionRequest, scope_through="beneficiary")

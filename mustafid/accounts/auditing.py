"""Change history of staff and scope data (who changed whose access, when)."""

from mustafid.audit.registry import audited

from .models import Branch, Category, Domain, User

audited(
    User,
    exclude_fields=["password", "last_login"],
    mask_fields=["phone"],
    m2m_fields={"groups", "branches", "categories", "domains"},
)
audited(Branch)
audited(Category)
audited(Domain)

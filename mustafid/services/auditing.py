"""Change history of the catalogue: who changed which draft, who published it, when."""

from mustafid.audit.registry import audited

from .models import Criterion, FormField, RequiredDocument, Service, ServiceVersion

audited(Service)
audited(ServiceVersion, m2m_fields={"categories", "domains"})
audited(FormField)
audited(Criterion)
audited(RequiredDocument)

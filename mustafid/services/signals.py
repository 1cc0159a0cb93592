"""Signals other apps listen to (services imports none of them).

``version_published(sender=ServiceVersion, version, previous)``: sent after
the transaction that published ``version`` commits; ``previous`` is the
version it replaces (None for a new service). IN-3: the documents app
(``documents.service_changes``) tells the beneficiaries with open requests
for the service what changed in its criteria and required documents.
"""

from django.dispatch import Signal

version_published = Signal()

"""Signals other apps listen to (services imports none of them).

``version_published(sender=ServiceVersion, version, previous)``: sent after
the transaction that published ``version`` commits; ``previous`` is the
version it replaces (None for a new service). IN-3: the requests app tells
the beneficiaries whose open requests are under ``previous``.
"""

from django.dispatch import Signal

version_published = Signal()

"""Reading the codes the portal sent out of the test SMS gateway."""

import re

from mustafid.notifications.models import Notification
from mustafid.portal.codes import DEDUPE_PREFIX


def code_messages(sms) -> list[dict]:
    """The text messages that carried portal codes (other messages may go out in the same send)."""
    keys = {
        f"mustafid-{pk}"
        for pk in Notification.objects.filter(dedupe_key__startswith=DEDUPE_PREFIX).values_list("pk", flat=True)
    }
    return [m for m in sms.outbox if m["key"] in keys]


def sent_code(sms) -> str:
    found = re.search(r"\d{6}", code_messages(sms)[-1]["body"])
    assert found is not None, "the last portal message carries no six-digit code"
    return found.group(0)

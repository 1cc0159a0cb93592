"""Inquiries for tests, made through the service (routing and history included)."""

from mustafid.inquiries import services
from mustafid.inquiries.models import ReplyChannel, Source


def inquiry(*, by=None, beneficiary=None, branch=None, **fields):
    defaults = {
        "kind": "inquiry",
        "inquirer_name": beneficiary.full_name if beneficiary else "زائر البوابة",
        "contact": "+966551234567",
        "reply_channel": ReplyChannel.SMS,
        "subject": "مواعيد الدوام",
        "question": "متى تفتح الجمعية؟",
    }
    if beneficiary is not None:
        defaults["beneficiary"] = beneficiary
    else:
        defaults["branch"] = branch
    source = Source.PHONE if by is not None else Source.PORTAL
    return services.register_inquiry(by=by, source=source, **{**defaults, **fields})

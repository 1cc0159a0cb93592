"""Building claims at each stage for the compensation tests."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mustafid.committees import services as committee_services
from mustafid.compensation import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The smallest real PNG: a 1x1 pixel, as signature_pad would send a drawing.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
HARM_FOUND = "تأخر صرف الإعانة المعتمدة ثلاثة أشهر بسبب خطأ إداري في الجمعية، وتحملت الأسرة غرامة تأخير الإيجار"


def ruling_pdf(content: bytes = PDF, name: str = "حكم.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def opened(w, harm="تأخر صرف الإعانة المعتمدة وتحملت الأسرة غرامة"):
    return services.open_claim(by=w["worker"], beneficiary=w["b"], harm=harm, claimed_amount=Decimal("3000"))


def decided_by_committee(w, claim, conflicts=("m2",)):
    """The committee finds the fault (the chair and m1 vote; m2 declared a conflict) and closes its minute."""
    meeting = committee_services.schedule_meeting(
        by=w["chair"], committee=w["committee"], held_on=timezone.localdate(), location="قاعة الاجتماعات"
    )
    (item,) = committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[claim])
    committee_services.record_attendance(
        by=w["secretary"], meeting=meeting, present=[w["chair"], w["m1"], w["m2"], w["secretary"]]
    )
    for key in ("chair", "m1", "m2"):
        committee_services.declare_conflict(
            by=w[key], item=item, has_conflict=key in conflicts, note="قريب للمستفيدة" if key in conflicts else ""
        )
    for key in ("chair", "m1", "m2"):
        if key not in conflicts:
            committee_services.cast_vote(by=w[key], item=item, choice="established")
    committee_services.decide_item(
        by=w["chair"], item=item, decision="established", reasons=HARM_FOUND, approved_amount=Decimal("2500")
    )
    committee_services.close_meeting(by=w["chair"], meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def fault_by_ruling(w, claim):
    return services.establish_fault_by_ruling(
        by=w["worker"],
        claim=claim,
        authority="المحكمة العامة بالرياض",
        number="4512/ق",
        ruling_date=timezone.localdate(),
        document=ruling_pdf(),
    )


def settled(w, claim, amount=Decimal("2500")):
    offer = services.make_offer(by=w["worker"], claim=claim, party="society", amount=amount, terms="دفعة واحدة")
    services.answer_offer(by=w["worker"], offer=offer, answer="accepted", note="قبلت المستفيدة العرض")
    return services.settle(by=w["worker"], claim=claim, terms="تدفع الجمعية مبلغ التعويض دفعة واحدة خلال عشرة أيام عمل")

"""Demo: the society's four published documents (TL-1..TL-4), the aid policy in two versions. Idempotent.

The versions are written directly, not through the publishing service: loading
the demo tells no demo beneficiary of a change (IN-3 is shown by publishing one).
"""

from __future__ import annotations

from django.utils import timezone

from mustafid.accounts.models import User

from .models import Document, DocumentVersion

# Short texts written for the demo: a society publishes its own adopted wording.
DOCUMENTS = [
    (
        Document.Kind.BYLAWS,
        "bylaws",
        "اللائحة الأساسية",
        "Bylaws",
        [
            (
                "الجمعية جمعية تعاونية أهلية غير ربحية، مقرها الرئيسي في مدينة حائل، ولها أن تفتح فروعًا.\n"
                "تهدف الجمعية إلى خدمة الأسر المحتاجة في نطاقها بالمساعدات والتدريب والإسكان.\n"
                "الجمعية العمومية أعلى سلطة في الجمعية، ويدير شؤونها مجلس إدارة منتخب لأربع سنوات.",
                "",
            )
        ],
    ),
    (
        Document.Kind.PARTNERS,
        "partners-policy",
        "سياسة التعامل مع الشركاء المنفذين والأطراف",
        "Policy for implementing partners and parties",
        [
            (
                "تختار الجمعية شركاءها المنفذين وفق معايير معلنة، وتوقع معهم اتفاقيات مكتوبة.\n"
                "يلتزم الشريك بحماية بيانات المستفيدين وعدم استعمالها لغير الغرض المتفق عليه.\n"
                "تقيّم الجمعية أداء كل شريك سنويًا، ولها إنهاء الشراكة عند الإخلال بالاتفاقية.",
                "",
            )
        ],
    ),
    (
        Document.Kind.VOLUNTEERS,
        "volunteering-policy",
        "سياسة إدارة التطوع",
        "Volunteer management policy",
        [
            (
                "يسجل المتطوع في الجمعية ببياناته ومهاراته، ويوقع على إقرار السرية.\n"
                "يتلقى المتطوع تدريبًا قبل تكليفه بأي عمل مع المستفيدين.\n"
                "لا يطلع المتطوع إلا على بيانات المستفيدين المكلف بخدمتهم.",
                "",
            )
        ],
    ),
    (
        Document.Kind.AID,
        "aid-policy",
        "سياسة صرف المساعدات",
        "Aid disbursement policy",
        [
            (
                "تصرف المساعدات بعد دراسة حالة الأسرة وقرار اللجنة المختصة.\n"
                "يبلغ المستفيد بالقرار خلال خمسة عشر يوم عمل من اكتمال طلبه.\n"
                "تصرف المساعدة المالية بتحويل إلى حساب المستفيد البنكي.",
                "",
            ),
            (
                "تصرف المساعدات بعد دراسة حالة الأسرة وقرار اللجنة المختصة.\n"
                "يبلغ المستفيد بالقرار خلال خمسة عشر يوم عمل من اكتمال طلبه.\n"
                "تصرف المساعدة المالية بتحويل إلى حساب المستفيد البنكي أو ببطاقة مسبقة الدفع.\n"
                "تراجع الجمعية حالة الأسرة المستفيدة من المساعدة الدورية كل ستة أشهر.",
                "أضيف الصرف ببطاقة مسبقة الدفع، ومراجعة حالة الأسر المستفيدة من المساعدة الدورية كل ستة أشهر.",
            ),
        ],
    ),
]


def load(stdout) -> None:
    manager = User.objects.filter(email="manager@mustafid.test").first()
    if manager is None:
        return
    for kind, slug, title, title_en, versions in DOCUMENTS:
        document, _created = Document.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "title": title, "title_en": title_en, "is_public": True}
        )
        done = set(document.versions.values_list("number", flat=True))
        for number, (body, changes) in enumerate(versions, start=1):
            if number not in done:
                DocumentVersion.objects.create(
                    document=document,
                    number=number,
                    body=body,
                    changes=changes,
                    published_at=timezone.now(),
                    published_by=manager,
                )
    stdout.write("Published documents: the bylaws and three policies on the portal, the aid policy in two versions.")

"""Demo catalogue in Arabic: the aid committee and two published services (idempotent)."""

from __future__ import annotations

from typing import Any, TypedDict

from mustafid.accounts.models import Category, Domain, User
from mustafid.committees.models import Committee, CommitteeMember

from . import services
from .models import Service

COMMITTEE_NAME = "لجنة المساعدات"
# email, role in the committee
COMMITTEE_MEMBERS = [
    ("committee@mustafid.test", CommitteeMember.Role.CHAIR),
    # Members who vote hold the committee member role (declaring and voting are its permissions).
    ("member@mustafid.test", CommitteeMember.Role.MEMBER),
]
ADMIN_EMAIL = "admin@mustafid.test"


class ServiceSpec(TypedDict):
    """The arguments of ``services.create_service`` for one demo service."""

    code: str
    name: str
    name_en: str
    description: str
    categories: list[str]
    domains: list[str]
    fields: list[dict[str, Any]]
    criteria: list[str]
    documents: list[dict[str, Any]]


SERVICES: list[ServiceSpec] = [
    {
        "code": "urgent-financial-aid",
        "name": "مساعدة مالية عاجلة",
        "name_en": "Urgent financial aid",
        "description": (
            "مساعدة مالية تُصرف مرة واحدة للأسرة التي تمر بظرف طارئ يهدد استقرارها، "
            "مثل تراكم الإيجار أو انقطاع الكهرباء أو علاج لا يحتمل التأجيل أو حريق أو حادث.\n"
            "تُدرس الحالة بزيارة أو مقابلة من الباحث الاجتماعي، وتُعرض على لجنة المساعدات لتقرير المبلغ."
        ),
        "categories": ["families", "widows", "orphans", "elderly", "disabled"],
        "domains": ["financial-aid"],
        "fields": [
            {
                "key": "emergency",
                "label": "نوع الظرف الطارئ",
                "kind": "choice",
                "choices": "إيجار متأخر\nفواتير كهرباء أو ماء\nعلاج طبي\nحريق أو حادث\nأخرى",
            },
            {"key": "situation", "label": "وصف الحالة", "kind": "text", "help_text": "اشرح الظرف باختصار ومتى بدأ."},
            {"key": "event_date", "label": "تاريخ وقوع الظرف", "kind": "date", "required": False},
            {"key": "amount_requested", "label": "المبلغ المطلوب (ريال)", "kind": "number"},
            {"key": "family_size", "label": "عدد أفراد الأسرة", "kind": "number"},
            {"key": "monthly_income", "label": "دخل الأسرة الشهري (ريال)", "kind": "number", "sensitive": True},
            {
                "key": "proof",
                "label": "صورة الفاتورة أو المطالبة",
                "kind": "file",
                "required": False,
                "help_text": "PDF أو صورة، إن وُجدت.",
            },
        ],
        "criteria": [
            "أن يكون المتقدم سعودي الجنسية أو من أم سعودية",
            "أن تكون الأسرة مقيمة في نطاق خدمة الجمعية",
            "ألا يتجاوز دخل الأسرة الشهري حد الكفاية المعتمد لدى الجمعية",
            "ألا تكون الأسرة قد حصلت على مساعدة مالية عاجلة من الجمعية خلال الأشهر الستة الماضية",
        ],
        "documents": [
            {"name": "صورة الهوية الوطنية لمقدم الطلب"},
            {"name": "صورة سجل الأسرة"},
            {
                "name": "ما يثبت الظرف الطارئ",
                "description": "فاتورة، أو تقرير طبي، أو محضر من الدفاع المدني أو الشرطة.",
            },
            {"name": "تعريف بالراتب أو إفادة الضمان الاجتماعي"},
            {"name": "شهادة الآيبان البنكي باسم مقدم الطلب"},
            {"name": "صورة عقد الإيجار", "description": "إذا كان الظرف إيجارًا متأخرًا.", "required": False},
        ],
    },
    {
        "code": "monthly-food-basket",
        "name": "سلة غذائية شهرية",
        "name_en": "Monthly food basket",
        "description": (
            "سلة من المواد الغذائية الأساسية (أرز، سكر، زيت، دقيق، بقوليات، حليب) تُسلَّم كل شهر "
            "للأسر المسجلة لدى الجمعية التي لا يكفي دخلها احتياجها من الغذاء.\n"
            "تُستلم من مقر الجمعية أو تُوصل إلى المنزل لكبار السن وذوي الإعاقة."
        ),
        "categories": ["families", "widows", "elderly", "disabled"],
        "domains": ["in-kind-aid"],
        "fields": [
            {"key": "family_size", "label": "عدد أفراد الأسرة", "kind": "number"},
            {"key": "children_under_18", "label": "عدد الأطفال دون 18 سنة", "kind": "number"},
            {"key": "district", "label": "الحي", "kind": "text"},
            {
                "key": "delivery",
                "label": "طريقة الاستلام",
                "kind": "choice",
                "choices": "الاستلام من مقر الجمعية\nالتوصيل إلى المنزل",
            },
            {
                "key": "special_diet",
                "label": "احتياجات غذائية خاصة",
                "kind": "text",
                "required": False,
                "sensitive": True,  # health (issue 9.2)
                "help_text": "مثل: مرض السكري، حساسية القمح، حليب أطفال.",
            },
        ],
        "criteria": [
            "أن تكون الأسرة مسجلة لدى الجمعية",
            "أن تكون الأسرة مقيمة في نطاق خدمة الجمعية",
            "ألا يتجاوز دخل الفرد في الأسرة الحد المعتمد لدى الجمعية",
            "ألا تستفيد الأسرة من سلة غذائية شهرية من جهة أخرى",
        ],
        "documents": [
            {"name": "صورة الهوية الوطنية لمقدم الطلب"},
            {"name": "صورة سجل الأسرة"},
            {"name": "إثبات السكن", "description": "عقد إيجار، أو صك، أو فاتورة كهرباء باسم رب الأسرة."},
            {"name": "إفادة الضمان الاجتماعي", "required": False},
        ],
    },
]


def _committee() -> Committee:
    committee, _created = Committee.objects.get_or_create(
        name=COMMITTEE_NAME, defaults={"kind": Committee.Kind.COMPETENT, "quorum": 2}
    )
    for email, role in COMMITTEE_MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            CommitteeMember.objects.get_or_create(committee=committee, user=user, defaults={"role": role})
    return committee


def load(stdout) -> None:
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        stdout.write("Service catalogue: no demo administrator, skipped.")
        return
    committee = _committee()
    for spec in SERVICES:
        if Service.objects.filter(code=spec["code"]).exists():
            continue
        service = services.create_service(
            by=admin,
            code=spec["code"],
            name=spec["name"],
            name_en=spec["name_en"],
            description=spec["description"],
            committee=committee,
            categories=Category.objects.filter(code__in=spec["categories"]),
            domains=Domain.objects.filter(code__in=spec["domains"]),
            fields=spec["fields"],
            criteria=spec["criteria"],
            documents=spec["documents"],
        )
        services.publish_version(by=admin, version=service.versions.get())
    stdout.write(f"Service catalogue: {Service.objects.count()} services, committee “{committee.name}”.")

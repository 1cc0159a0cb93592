"""Demo staff, one per role, with Arabic names, branches, categories and domains."""

from __future__ import annotations

from django.contrib.auth.models import Group

from .models import Branch, Category, Domain, User
from .roles import Role

DEMO_PASSWORD = "mustafid-demo-2026"  # noqa: S105 - demo data only, refused when DEBUG is off

BRANCHES = [
    ("المقر الرئيسي - المستجدة", "Headquarters - Al-Mustajidah", "hq", "المستجدة"),
    ("فرع حائل", "Hail branch", "hail", "حائل"),
]
CATEGORIES = [
    ("الأسر المحتاجة", "Families in need", "families"),
    ("الأيتام", "Orphans", "orphans"),
    ("الأرامل والمطلقات", "Widows and divorcees", "widows"),
    ("كبار السن", "Elderly", "elderly"),
    ("ذوو الإعاقة", "People with disabilities", "disabled"),
]
DOMAINS = [
    ("المساعدات المالية", "Financial aid", "financial-aid"),
    ("المساعدات العينية", "In-kind aid", "in-kind-aid"),
    ("التدريب والتأهيل", "Training and rehabilitation", "training"),
    ("الإسكان", "Housing", "housing"),
]
# email, full name, role, branch codes (None: every scope)
STAFF = [
    ("admin@mustafid.test", "عبدالله بن سعد الشمري", Role.ADMINISTRATOR, None),
    ("manager@mustafid.test", "سارة بنت محمد العتيبي", Role.SENIOR_MANAGEMENT, None),
    ("reception@mustafid.test", "نورة بنت خالد الرشيدي", Role.RECEPTIONIST, ["hq"]),
    ("researcher@mustafid.test", "فهد بن عبدالعزيز الحربي", Role.CASE_WORKER, ["hq"]),
    ("liaison@mustafid.test", "منى بنت سليمان القحطاني", Role.LIAISON_OFFICER, ["hq", "hail"]),
    ("committee@mustafid.test", "إبراهيم بن ناصر الدوسري", Role.COMMITTEE_MEMBER, ["hq"]),
    ("member@mustafid.test", "أمل بنت حمد الزهراني", Role.COMMITTEE_MEMBER, ["hq"]),
    ("volunteer@mustafid.test", "ريم بنت عبدالرحمن المطيري", Role.VOLUNTEER, ["hail"]),
    ("hr@mustafid.test", "خالد بن فيصل السبيعي", Role.HR, None),
]


def load(stdout) -> None:
    for name, name_en, code, city in BRANCHES:
        Branch.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "city": city})
    for model, rows in ((Category, CATEGORIES), (Domain, DOMAINS)):
        for name, name_en, code in rows:
            model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})

    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, full_name, role, branch_codes in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                scope_all=branch_codes is None,
                is_staff=role == Role.ADMINISTRATOR,
            )
            user.groups.add(Group.objects.get(name=role))
            if branch_codes:
                user.branches.set(Branch.objects.filter(code__in=branch_codes))
                user.categories.set(Category.objects.all())
                user.domains.set(Domain.objects.all())
        stdout.write(f"  {Role(role).label:<20} {email}")

"""Demo beneficiary files in Arabic (idempotent: keyed by national ID)."""

from __future__ import annotations

from decimal import Decimal

from mustafid.accounts.models import Branch, Category, Domain, User
from mustafid.core.references import next_reference
from mustafid.core.validators import national_id_check_digit_ok

from .models import Beneficiary, HouseholdMember

# name, branch, category, domains, phone, city, district, income, channel, household
PEOPLE = [
    (
        "عبدالله بن سعد الشمري",
        "hq",
        "families",
        ["financial-aid"],
        "0551234567",
        "المستجدة",
        "الخالدية",
        2500,
        "sms",
        [("نورة بنت فهد الشمري", "spouse"), ("سعد بن عبدالله الشمري", "son")],
    ),
    (
        "فاطمة بنت علي العتيبي",
        "hq",
        "widows",
        ["financial-aid", "housing"],
        "0502223344",
        "المستجدة",
        "النسيم",
        1800,
        "phone",
        [("ريم بنت محمد العتيبي", "daughter")],
    ),
    ("أحمد بن ناصر القحطاني", "hq", "elderly", ["in-kind-aid"], "0533334455", "المستجدة", "الروضة", 3200, "letter", []),
    ("مريم بنت خالد الحربي", "hq", "orphans", ["training"], "0544445566", "المستجدة", "الفيصلية", 0, "sms", []),
    (
        "سلطان بن فيصل الرشيدي",
        "hail",
        "disabled",
        ["financial-aid"],
        "0555556677",
        "حائل",
        "المنتزه",
        2100,
        "sms",
        [("منيرة بنت سلطان الرشيدي", "daughter")],
    ),
    ("هيا بنت سليمان المطيري", "hail", "families", ["housing"], "0566667788", "حائل", "السمراء", 2900, "email", []),
    (
        "عبدالرحمن بن محمد الدوسري",
        "hail",
        "families",
        ["in-kind-aid", "training"],
        "0577778899",
        "حائل",
        "الوسيطاء",
        4100,
        "phone",
        [],
    ),
    (
        "لطيفة بنت عبدالعزيز السبيعي",
        "hq",
        "widows",
        ["financial-aid"],
        "0588889900",
        "المستجدة",
        "الخالدية",
        1500,
        "sms",
        [],
    ),
]


def _national_id(n: int) -> str:
    body = f"1{n:08d}"
    return next(body + d for d in "0123456789" if national_id_check_digit_ok(body + d))


def load(stdout) -> None:
    registrar = User.objects.filter(email="reception@mustafid.test").first()
    volunteer = User.objects.filter(email="volunteer@mustafid.test").first()
    added = 0
    for n, (name, branch, category, domains, phone, city, district, income, channel, household) in enumerate(PEOPLE, 1):
        national_id = _national_id(n * 7919)
        if Beneficiary.objects.by_national_id(national_id).exists():
            continue
        b = Beneficiary.objects.create(
            file_number=next_reference("BEN"),
            full_name=name,
            national_id=national_id,
            phone="+966" + phone[1:],
            branch=Branch.objects.get(code=branch),
            category=Category.objects.get(code=category),
            city=city,
            district=district,
            monthly_income=Decimal(income),
            preferred_channel=channel,
            created_by=registrar,
        )
        b.domains.set(Domain.objects.filter(code__in=domains))
        for member_name, relation in household:
            HouseholdMember.objects.create(beneficiary=b, full_name=member_name, relation=relation)
        if volunteer and branch == "hail":
            b.assigned_volunteers.add(volunteer)
        added += 1
    stdout.write(f"beneficiaries: {added} demo files added")

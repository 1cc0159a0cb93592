"""Demo: the two policies every staff member signs (RS-1, RL-4), published by HR. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from mustafid.accounts.models import User

from . import services
from .models import Policy, PolicyVersion

#: left unsigned, so the demo shows a staff member whose first page after sign-in is the policy to sign.
UNSIGNED_DEMO_USER = "volunteer@mustafid.test"

# Short texts written for the demo: a society publishes its own adopted wording.
POLICIES = [
    (
        Policy.Kind.RELATIONS,
        "سياسة العلاقة مع المستفيدين",
        "Beneficiary relations policy",
        "تلتزم الجمعية بخدمة المستفيدين بعدل وشفافية، واستقبال طلباتهم مكتملة موقعة، "
        "والرد عليها خلال خمسة عشر يوم عمل، "
        "ومعالجة شكاواهم واستفساراتهم، وحماية خصوصية بياناتهم وملكيتهم الفكرية، وقياس رضاهم.\n\n"
        "يطلع كل موظف على هذه السياسة ويوقع عليها، ويعمل بها في تعامله اليومي مع المستفيدين.",
    ),
    (
        Policy.Kind.ETHICS,
        "ميثاق أخلاقيات العمل",
        "Code of ethics",
        "يلتزم الموظف بالأمانة والنزاهة والحياد، ويحفظ سرية بيانات المستفيدين، ويفصح عن أي تعارض في المصالح، "
        "ولا يقبل هدية أو منفعة مقابل خدمة يقدمها.",
    ),
]


def load(stdout) -> None:
    hr = User.objects.filter(email="hr@mustafid.test").first()
    if hr is None:
        return
    for kind, title, title_en, text in POLICIES:
        policy, _created = Policy.objects.get_or_create(
            title=title, defaults={"kind": kind, "title_en": title_en, "required_of_all": True}
        )
        version = policy.versions.order_by("-number").first()
        if version is None:
            version = PolicyVersion.objects.create(
                policy=policy, number=1, text=text, published_at=timezone.now(), published_by=hr
            )
        demo_staff = User.objects.filter(email__endswith="@mustafid.test").exclude(email=UNSIGNED_DEMO_USER)
        for person in demo_staff.exclude(policy_signatures__version=version):
            services.sign_policy(by=person, version=version, typed_name=person.full_name, confirmed=True)
    stdout.write(f"Staff policies: 2 in force, signed by the demo staff but {UNSIGNED_DEMO_USER}.")

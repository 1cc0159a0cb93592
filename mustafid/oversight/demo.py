"""Demo: a checklist and a supervisory visit to the main branch, with a finding and two corrective actions
(one overdue), so the visit page, "my corrective actions" and the home section have something to show. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mustafid.accounts.models import Branch, User

from . import services
from .models import ChecklistTemplate, CorrectiveAction, Finding, Visit, VisitAnswer

CHECKLIST = "قائمة التحقق للزيارة الإشرافية على المكاتب"
# Items written for the demo from the policy's commitments; a society adopts its own list.
ITEMS = [
    "سياسة العلاقة مع المستفيدين معلنة في مكان ظاهر",
    "الطلبات تُستقبل مكتملة موقعة ويُسلَّم المستفيد إيصالًا",
    "سجل الشكاوى والاستفسارات محدث",
    "صندوق الاقتراحات متاح ويُفتح دوريًا",
    "بيانات المستفيدين محفوظة في مكان آمن",
]
PLACE = "مكتب الاستقبال بالمقر الرئيسي"


def load(stdout) -> None:
    manager = User.objects.filter(email="manager@mustafid.test").first()
    owner = User.objects.filter(email="reception@mustafid.test").first()
    branch = Branch.objects.filter(code="hq").first()
    if manager is None or owner is None or branch is None:
        return
    template = ChecklistTemplate.objects.filter(name=CHECKLIST).first() or services.create_template(
        by=manager, name=CHECKLIST, items=ITEMS
    )
    if Visit.objects.filter(place=PLACE).exists():
        stdout.write("Supervisory visits: the demo visit is there already.")
        return
    today = timezone.localdate()
    visit = services.plan_visit(
        by=manager,
        branch=branch,
        visit_on=today - timedelta(days=20),
        template=template,
        visitors=[manager],
        place=PLACE,
    )
    visit = services.start_visit(by=manager, visit=visit)
    answers = list(visit.answers.order_by("order"))
    results = {a.pk: (VisitAnswer.Result.OK, "") for a in answers}
    results[answers[2].pk] = (VisitAnswer.Result.NOT_OK, "آخر قيد في السجل قبل شهرين")
    services.record_answers(by=manager, visit=visit, answers=results)
    finding = services.add_finding(
        by=manager,
        visit=visit,
        text="سجل الشكاوى والاستفسارات غير محدث منذ شهرين",
        severity=Finding.Severity.HIGH,
        answer=answers[2],
    )
    services.complete_visit(by=manager, visit=visit, summary="المكتب ملتزم بالسياسة إلا في تحديث سجل الشكاوى")
    late = services.assign_action(
        by=manager, finding=finding, text="قيد الشكاوى المتأخرة في السجل", owner=owner, due_on=today
    )
    # Due ten days ago (a date in the past cannot be chosen): the demo shows an overdue action.
    CorrectiveAction.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=10))
    services.assign_action(
        by=manager,
        finding=finding,
        text="تحديث السجل أسبوعيًا وتعيين موظف مسؤول عنه",
        owner=owner,
        due_on=today + timedelta(days=14),
    )
    stdout.write(
        "Supervisory visits: one visit to the main branch, two corrective actions of reception@ (one overdue)."
    )

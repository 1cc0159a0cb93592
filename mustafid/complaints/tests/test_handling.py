"""Handling a complaint on the staff pages (CM-1): scope, the declared steps, answers by the complainant's channel."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.complaints.models import Complaint, ComplaintCategory, Status
from mustafid.notifications.models import Notification

from .factories import filed

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_complaint_goes_from_receipt_to_closure_and_the_complainant_hears_each_answer(client):
    beneficiary = BeneficiaryFactory()
    officer = scoped_staff(Role.LIAISON_OFFICER, beneficiary)
    client.force_login(officer)
    complaint = filed(beneficiary=beneficiary).complaint
    detail = reverse("complaints:detail", args=[complaint.pk])
    assert client.get(detail).status_code == 200

    client.post(reverse("complaints:acknowledge", args=[complaint.pk]))
    client.post(reverse("complaints:assign", args=[complaint.pk]), {"officer": officer.pk})
    client.post(reverse("complaints:note", args=[complaint.pk]), {"text": "راجعنا الملف مع الفرع."})
    client.post(reverse("complaints:respond", args=[complaint.pk]), {"text": "نعتذر، صُرفت المساعدة اليوم."})
    client.post(reverse("complaints:close", args=[complaint.pk]), {"text": "حُلّت الشكوى."})

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.assigned_to == officer
    assert complaint.outcome == "حُلّت الشكوى."
    bodies = list(Notification.objects.filter(about_id=str(complaint.pk)).values_list("body", flat=True))
    assert len(bodies) == 4  # filed, acknowledged, the response, closed
    assert any("صُرفت المساعدة اليوم" in body for body in bodies)
    page = client.get(detail).content.decode()
    assert "راجعنا الملف مع الفرع." in page


def test_a_step_the_workflow_does_not_allow_is_refused(client):
    beneficiary = BeneficiaryFactory()
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    complaint = filed(beneficiary=beneficiary).complaint
    client.post(reverse("complaints:close", args=[complaint.pk]), {"text": "إغلاق مبكر"})
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and complaint.outcome == ""


def test_staff_out_of_scope_get_a_404_and_do_not_see_it_listed(client):
    beneficiary = BeneficiaryFactory()
    complaint = filed(beneficiary=beneficiary, complainant_name="اسم خارج النطاق").complaint
    client.force_login(UserFactory(role=Role.LIAISON_OFFICER, branches=[BranchFactory()]))
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert client.post(reverse("complaints:acknowledge", args=[complaint.pk])).status_code == 404
    assert "اسم خارج النطاق" not in client.get(reverse("complaints:worklist")).content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_a_complaint_without_a_beneficiary_is_seen_by_its_branch_or_else_by_the_main_office(client):
    branch, other = BranchFactory(), BranchFactory()
    of_branch = filed(branch=branch).complaint
    of_no_branch = filed().complaint
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[branch]))
    assert client.get(reverse("complaints:detail", args=[of_branch.pk])).status_code == 200
    assert client.get(reverse("complaints:detail", args=[of_no_branch.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[other]))
    assert client.get(reverse("complaints:detail", args=[of_branch.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, scope_all=True))
    assert client.get(reverse("complaints:detail", args=[of_no_branch.pk])).status_code == 200


def test_senior_management_reads_but_may_not_handle(client):
    complaint = filed().complaint
    client.force_login(UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True))
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    assert client.post(reverse("complaints:acknowledge", args=[complaint.pk])).status_code == 403


def _register(client, **overrides):
    branch = BranchFactory()
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[branch]))
    data = {
        "received_via": "fax",
        "complainant_name": "مرسل الفاكس",
        "contact_channel": "sms",
        "contact_address": "0501234567",
        "category": ComplaintCategory.objects.get(name="سلوك موظف").pk,
        "subject_kind": "staff",
        "staff_name": "موظف الاستقبال",
        "branch": branch.pk,
        "text": "شكوى وصلت بالفاكس.",
    }
    data.update(overrides)
    return client.post(reverse("complaints:register"), data)


def test_a_fax_needs_its_scanned_image(client):
    response = _register(client)
    assert response.status_code == 200
    assert not Complaint.objects.exists()


def test_staff_register_a_fax_with_its_scan(client):
    response = _register(client, scan=SimpleUploadedFile("fax.png", PNG))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.received_via == "fax" and complaint.scan
    assert complaint.created_by is not None


def test_the_worklist_views(client):
    beneficiary = BeneficiaryFactory()
    officer = scoped_staff(Role.CASE_WORKER, beneficiary)
    mine = filed(beneficiary=beneficiary, complainant_name="شكوى مسندة إلي").complaint
    filed(beneficiary=beneficiary, complainant_name="شكوى لم تسند")
    Complaint.objects.filter(pk=mine.pk).update(assigned_to=officer, status=Status.ASSIGNED)
    client.force_login(officer)
    page = client.get(reverse("complaints:worklist"), {"view": "mine"}).content.decode()
    assert "شكوى مسندة إلي" in page and "شكوى لم تسند" not in page
    page = client.get(reverse("complaints:worklist"), {"view": "received"}).content.decode()
    assert "شكوى لم تسند" in page and "شكوى مسندة إلي" not in page


PDF = b"%PDF-1.4\n%%EOF\n"


def test_the_attachments_open_in_scope_only_and_each_opening_is_logged(client):
    from mustafid.audit.models import AccessLog

    beneficiary = BeneficiaryFactory()
    complaint = filed(beneficiary=beneficiary, attachments=[SimpleUploadedFile("a.pdf", PDF)]).complaint
    item = complaint.attachments.get()
    client.force_login(scoped_staff(Role.LIAISON_OFFICER, beneficiary))
    response = client.get(reverse("complaints:attachment", args=[item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(object_id=str(complaint.pk), action=AccessLog.Action.DOWNLOAD).exists()
    client.force_login(UserFactory(role=Role.LIAISON_OFFICER, branches=[BranchFactory()]))
    assert client.get(reverse("complaints:attachment", args=[item.pk])).status_code == 404


def test_the_export_holds_the_readers_scope_and_is_logged(client):
    from mustafid.audit.models import AccessLog

    beneficiary = BeneficiaryFactory()
    mine = filed(beneficiary=beneficiary, complainant_name="في نطاقي").complaint
    filed(beneficiary=BeneficiaryFactory(), complainant_name="خارج نطاقي")
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    response = client.get(reverse("complaints:export"))
    body = response.content.decode("utf-8-sig")
    assert mine.reference in body and "في نطاقي" in body and "خارج نطاقي" not in body
    assert AccessLog.objects.filter(object_id=str(mine.pk), action=AccessLog.Action.EXPORT).count() == 1


def test_the_export_in_xlsx_holds_the_csvs_rows_in_the_readers_scope_and_is_logged(client):
    import csv
    import io

    import openpyxl

    from mustafid.audit.models import AccessLog

    beneficiary = BeneficiaryFactory()
    mine = filed(beneficiary=beneficiary, complainant_name="=في نطاقي").complaint
    filed(beneficiary=BeneficiaryFactory(), complainant_name="خارج نطاقي")
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    as_csv = client.get(reverse("complaints:export"), {"format": "csv"})
    as_xlsx = client.get(reverse("complaints:export"), {"format": "xlsx"})
    assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet.sheet_view.rightToLeft
    from_xlsx = [[v if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    assert from_xlsx == list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert [row[0] for row in from_xlsx[1:]] == [mine.reference]
    assert from_xlsx[1][1] == "'=في نطاقي"  # a formula-like name stays text
    assert AccessLog.objects.filter(object_id=str(mine.pk), action=AccessLog.Action.EXPORT).count() == 2
    assert client.get(reverse("complaints:export"), {"format": "pdf"}).status_code == 404


def test_the_worklist_offers_the_export_in_csv_and_xlsx(client):
    beneficiary = BeneficiaryFactory()
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    page = client.get(reverse("complaints:worklist"), {"view": "mine"}).content.decode()
    assert 'data-testid="export-csv"' in page and 'data-testid="export-xlsx"' in page
    assert reverse("complaints:export") + "?view=mine&amp;format=xlsx" in page

"""Import and export of beneficiary files as CSV and Excel (RL-2: scope, masking, access log)."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from mustafid.accounts.models import User
from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.models import NATIONAL_ID_INDEX, PHONE_INDEX, Beneficiary
from mustafid.beneficiaries.selectors import MASK
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, valid_national_id
from mustafid.beneficiaries.transfer.columns import TEMPLATE_HEADERS
from mustafid.beneficiaries.transfer.export import export_beneficiaries
from mustafid.beneficiaries.transfer.importing import import_beneficiaries
from mustafid.beneficiaries.transfer.read import ImportFileError, read_table
from mustafid.core.crypto import blind_index
from mustafid.core.models import ReferenceCounter

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
HEADERS = TEMPLATE_HEADERS


@pytest.fixture
def scope(db):
    return {
        "hq": BranchFactory(code="hq", name="المقر الرئيسي"),
        "hail": BranchFactory(code="hail", name="فرع حائل"),
        "families": CategoryFactory(code="families", name="الأسر"),
        "widows": CategoryFactory(code="widows", name="الأرامل"),
        "aid": DomainFactory(code="aid", name="المساعدات المالية"),
        "housing": DomainFactory(code="housing", name="الإسكان"),
    }


def with_perms(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="beneficiaries", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def importer(scope):
    """Imports anywhere: global scope."""
    return with_perms(
        UserFactory(scope_all=True), "import_beneficiary", "view_beneficiary", "export_beneficiary", "view_sensitive"
    )


@pytest.fixture
def hq_importer(scope):
    """Imports only into the head office, families, aid."""
    user = UserFactory(
        role=Role.RECEPTIONIST, branches=[scope["hq"]], categories=[scope["families"]], domains=[scope["aid"]]
    )
    return with_perms(user, "import_beneficiary")


def row(n=1, **overrides):
    values = {
        "full_name": f"عبدالله بن سعد الشمري {n}",
        "national_id": valid_national_id(7000 + n),
        "phone": f"05512{n:05d}",
        "email": "",
        "gender": "m",
        "date_of_birth": "1985-03-21",
        "branch": "hq",
        "category": "families",
        "domains": "aid",
        "city": "المستجدة",
        "district": "الخالدية",
        "monthly_income": "3500",
        "preferred_channel": "sms",
    }
    values.update(overrides)
    return [values[key] for key in ROW_KEYS]


ROW_KEYS = [
    "full_name",
    "national_id",
    "phone",
    "email",
    "gender",
    "date_of_birth",
    "branch",
    "category",
    "domains",
    "city",
    "district",
    "monthly_income",
    "preferred_channel",
]


def csv_bytes(rows, headers=HEADERS):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headers)
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8")


def xlsx_bytes(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run(user, content, dry_run=False):
    return import_beneficiaries(by=user, rows_or_dataset=read_table(content), dry_run=dry_run)


def is_arabic(text):
    return bool(set(text) & ARABIC_LETTERS)


# --- Import -------------------------------------------------------------------


def test_a_good_csv_creates_the_files_with_blind_indexes_and_encrypted_values(importer, scope):
    result = run(importer, csv_bytes([row(1), row(2, domains="aid;housing", branch="hail", phone="+966559876543")]))
    assert result.ok, result.errors
    assert result.created == 2
    first = Beneficiary.objects.get(national_id_hash=blind_index(valid_national_id(7001), NATIONAL_ID_INDEX))
    assert first.phone == "+966551200001"
    assert first.phone_hash == blind_index("+966551200001", PHONE_INDEX)
    assert first.name_search == "عبدالله بن سعد الشمري 1"
    assert first.file_number.startswith("BEN-") and first.created_by == importer
    assert str(first.monthly_income) == "3500.00"
    assert [d.code for d in first.domains.all()] == ["aid"]
    second = Beneficiary.objects.get(phone_hash=blind_index("+966559876543", PHONE_INDEX))
    assert second.branch == scope["hail"]
    assert sorted(d.code for d in second.domains.all()) == ["aid", "housing"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT national_id, phone, monthly_income FROM beneficiaries_beneficiary WHERE id = %s", [first.pk]
        )
        stored = cursor.fetchone()
    assert valid_national_id(7001) not in stored[0] and "+966551200001" not in stored[1] and "3500" not in stored[2]
    assert [result.first_file_number, result.last_file_number] == sorted(
        Beneficiary.objects.values_list("file_number", flat=True)
    )


def test_a_good_xlsx_creates_the_files_even_with_numbers_and_dates_as_excel_cells(importer, scope):
    national_id = valid_national_id(7101)
    values = row(
        1, national_id=int(national_id), phone=551234567, date_of_birth=datetime(1990, 5, 1), monthly_income=2750.5
    )
    result = run(importer, xlsx_bytes([values, row(2)]))
    assert result.ok, result.errors
    assert result.created == 2
    b = Beneficiary.objects.by_national_id(national_id).get()
    assert b.phone == "+966551234567"
    assert b.date_of_birth.isoformat() == "1990-05-01"
    assert str(b.monthly_income) == "2750.50"


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row_with_arabic_reasons(importer, scope):
    rows = [
        row(1),
        row(2, national_id="1234567890"),  # bad check digit
        row(3, phone="12345", branch="nowhere"),
        row(4),
        row(5, email="not-an-email", date_of_birth="21/03/1985", monthly_income="كثير", preferred_channel="fax"),
        row(6, full_name="", domains=""),
    ]
    counter_before = list(ReferenceCounter.objects.values_list("last_value", flat=True))
    with translation.override("ar"):
        result = run(importer, csv_bytes(rows))
    assert not result.ok
    assert Beneficiary.objects.count() == 0
    assert list(ReferenceCounter.objects.values_list("last_value", flat=True)) == counter_before
    by_line = {error.line: error.reasons for error in result.errors}
    assert sorted(by_line) == [3, 4, 6, 7]
    assert len(by_line[4]) == 2  # phone and branch
    assert len(by_line[6]) == 4  # email, date, income, channel
    assert len(by_line[7]) == 2  # name and domains
    for reasons in by_line.values():
        assert all(is_arabic(reason) for reason in reasons), reasons
    assert any("nowhere" in reason for reason in by_line[4])


def test_line_numbers_count_blank_lines_as_the_spreadsheet_shows_them(importer, scope):
    content = csv_bytes([row(1)]) + b"\r\n\r\n" + csv_bytes([row(2, national_id="1")], headers=[]).lstrip(b"\r\n")
    result = run(importer, content)
    assert [error.line for error in result.errors] == [5]


def test_an_id_repeated_in_the_file_is_refused_on_every_line_that_has_it(importer, scope):
    national_id = valid_national_id(7500)
    result = run(importer, csv_bytes([row(1, national_id=national_id), row(2), row(3, national_id=national_id)]))
    assert [error.line for error in result.errors] == [2, 4]
    assert "4" in result.errors[0].reasons[0] and "2" in result.errors[1].reasons[0]
    assert Beneficiary.objects.count() == 0


def test_an_id_already_registered_is_refused_with_its_file_number(importer, scope):
    existing = BeneficiaryFactory(national_id=valid_national_id(7002), branch=scope["hq"], category=scope["families"])
    result = run(importer, csv_bytes([row(1), row(2)]))
    assert [error.line for error in result.errors] == [3]
    assert existing.file_number in result.errors[0].reasons[0]
    assert Beneficiary.objects.count() == 1


def test_an_importer_does_not_learn_the_file_number_of_a_file_outside_their_scope(hq_importer, scope):
    BeneficiaryFactory(national_id=valid_national_id(7001), branch=scope["hail"], category=scope["widows"])
    result = run(hq_importer, csv_bytes([row(1)]))
    assert [error.line for error in result.errors] == [2]
    assert "BEN-" not in result.errors[0].reasons[0]


def test_rows_outside_the_importers_scope_are_refused(hq_importer, scope):
    result = run(
        hq_importer,
        csv_bytes([row(1), row(2, branch="hail"), row(3, category="widows"), row(4, domains="aid، housing")]),
    )
    assert [error.line for error in result.errors] == [3, 4, 5]
    assert "hail" in result.errors[0].reasons[0]
    assert Beneficiary.objects.count() == 0
    assert run(hq_importer, csv_bytes([row(1)])).created == 1


def test_an_inactive_branch_is_refused(importer, scope):
    scope["hail"].is_active = False
    scope["hail"].save()
    result = run(importer, csv_bytes([row(1, branch="hail")]))
    assert [error.line for error in result.errors] == [2]


def test_arabic_indic_digits_and_every_saudi_phone_form_are_accepted(importer, scope):
    national_id = valid_national_id(7300)
    rows = [
        row(
            1,
            national_id=national_id.translate(ARABIC_DIGITS),
            phone="٠٥٥١٢٣٤٥٦٧",
            date_of_birth="١٩٨٥-٠٣-٢١",
            monthly_income="٣٥٠٠٫٥٠",
        ),
        row(2, phone="966551234568"),
        row(3, phone="+966 55 123 4569"),
    ]
    result = run(importer, csv_bytes(rows))
    assert result.ok, result.errors
    b = Beneficiary.objects.by_national_id(national_id).get()
    assert b.phone == "+966551234567"
    assert b.date_of_birth.isoformat() == "1985-03-21"
    assert str(b.monthly_income) == "3500.50"
    assert set(Beneficiary.objects.values_list("phone_hash", flat=True)) == {
        blind_index(f"+96655123456{n}", PHONE_INDEX) for n in (7, 8, 9)
    }


def test_a_dry_run_checks_everything_and_writes_nothing(importer, scope):
    result = run(importer, csv_bytes([row(1), row(2)]), dry_run=True)
    assert result.ok and result.dry_run
    assert result.total == 2 and result.created == 0
    assert [p.line for p in result.preview] == [2, 3]
    assert result.preview[0].branch == "المقر الرئيسي"
    assert Beneficiary.objects.count() == 0
    assert not ReferenceCounter.objects.exists()


def test_english_headers_in_any_order_are_accepted(importer, scope):
    headers = [
        "Mobile",
        "Full name",
        "National ID",
        "Branch code",
        "Category code",
        "Domain codes",
        "preferred_channel",
    ]
    values = ["0551234567", "سارة", valid_national_id(7400), "hq", "families", "aid", "phone"]
    result = run(importer, csv_bytes([values], headers=headers))
    assert result.ok, result.errors
    assert Beneficiary.objects.get().preferred_channel == "phone"


def test_a_missing_or_unknown_column_is_reported_on_line_1(importer, scope):
    headers = [h for h in HEADERS if h != "رقم الجوال"] + ["عمود غريب"]
    with translation.override("ar"):
        result = run(importer, csv_bytes([row(1)[:2] + row(1)[3:] + ["x"]], headers=headers))
    assert [error.line for error in result.errors] == [1]
    assert len(result.errors[0].reasons) == 2
    assert all(is_arabic(reason) for reason in result.errors[0].reasons)


def test_mappings_are_accepted_as_rows(importer, scope):
    rows = [dict(zip(ROW_KEYS, row(n), strict=True)) for n in (1, 2)]
    result = import_beneficiaries(by=importer, rows_or_dataset=rows, dry_run=False)
    assert result.created == 2


def test_importing_needs_the_import_permission(scope):
    user = with_perms(UserFactory(scope_all=True), "add_beneficiary", "view_beneficiary")
    with pytest.raises(PermissionDenied):
        run(user, csv_bytes([row(1)]))


def test_an_unreadable_file_gives_a_translated_error(scope):
    with translation.override("ar"), pytest.raises(ImportFileError) as caught:
        read_table(b"PK\x03\x04 not really a workbook")
    assert is_arabic(caught.value.messages[0])


# --- Export -------------------------------------------------------------------


def export_request(user, path="/beneficiaries/transfer/export/"):
    request = RequestFactory().get(path, REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT="pytest")
    request.user = user
    return request


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def two_branches(scope):
    mine = BeneficiaryFactory(
        full_name="نورة الحربي", branch=scope["hq"], category=scope["families"], domains=[scope["aid"]]
    )
    other = BeneficiaryFactory(
        full_name="هيا المطيري", branch=scope["hail"], category=scope["families"], domains=[scope["aid"]]
    )
    return mine, other


def test_an_export_holds_only_the_files_in_scope_and_masks_sensitive_values(two_branches, scope):
    mine, other = two_branches
    user = UserFactory(branches=[scope["hq"]], categories=[scope["families"]], domains=[scope["aid"]])
    user = with_perms(user, "view_beneficiary", "export_beneficiary")  # not view_sensitive
    content, content_type, filename = export_beneficiaries(
        by=user, request=export_request(user), queryset=Beneficiary.objects.all(), fmt="csv"
    )
    assert content_type == "text/csv" and filename.endswith(".csv")
    rows = read_csv(content)
    assert rows[0][:3] == ["رقم الملف", "الاسم الكامل", "رقم الهوية أو الإقامة"]
    assert [r[0] for r in rows[1:]] == [mine.file_number]
    text = content.decode("utf-8-sig")
    assert mine.national_id not in text and mine.phone not in text and MASK in text
    assert other.full_name not in text


def test_an_export_writes_one_access_log_row_per_exported_file(two_branches, importer):
    content, _type, _name = export_beneficiaries(
        by=importer, request=export_request(importer), queryset=None, fmt="xlsx"
    )
    logs = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert sorted(int(log.object_id) for log in logs) == sorted(b.pk for b in two_branches)
    assert {(log.actor, log.ip_address, log.detail) for log in logs} == {(importer, "10.0.0.7", "XLSX")}
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.sheet_view.rightToLeft
    exported = list(sheet.iter_rows(values_only=True))
    assert len(exported) == 3
    assert {r[2] for r in exported[1:]} == {b.national_id for b in two_branches}  # view_sensitive: not masked


def test_exporting_needs_the_export_permission(two_branches, scope):
    user = with_perms(UserFactory(scope_all=True), "view_beneficiary", "view_sensitive")
    with pytest.raises(PermissionDenied):
        export_beneficiaries(by=user, request=export_request(user), queryset=None, fmt="csv")
    assert not AccessLog.objects.exists()


def test_an_export_imports_back_as_duplicates(two_branches, importer):
    content, _type, _name = export_beneficiaries(
        by=importer, request=export_request(importer), queryset=None, fmt="csv"
    )
    result = run(importer, content)
    assert [error.line for error in result.errors] == [2, 3]


# --- Pages ----------------------------------------------------------------------


def upload(client, content, name="beneficiaries.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("beneficiaries:import"), {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_and_confirm_import_the_file(client, importer, scope, private_files):
    client.force_login(importer)
    assert client.get(reverse("beneficiaries:import")).status_code == 200
    response = upload(client, xlsx_bytes([row(1), row(2)]), name="ملف.xlsx")
    assert response.status_code == 200
    assert response.context["result"].ok
    token = response.context["token"]
    assert token and Beneficiary.objects.count() == 0
    assert len(list((private_files / "imports").iterdir())) == 1
    response = client.post(reverse("beneficiaries:import_confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("beneficiaries:list")
    assert Beneficiary.objects.count() == 2
    assert list((private_files / "imports").iterdir()) == []
    # The same token cannot import twice.
    response = client.post(reverse("beneficiaries:import_confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("beneficiaries:import")
    assert Beneficiary.objects.count() == 2


def test_a_bad_file_shows_every_bad_line_and_cannot_be_confirmed(client, importer, scope, private_files):
    client.force_login(importer)
    response = upload(client, csv_bytes([row(1), row(2, national_id="123"), row(3, phone="")]))
    assert response.status_code == 200
    assert response.context["token"] is None
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body and 'data-testid="import-confirm"' not in body
    assert [error.line for error in response.context["result"].errors] == [3, 4]
    assert not (private_files / "imports").exists()


def test_an_unreadable_or_foreign_file_is_refused_on_the_form(client, importer, scope, private_files):
    client.force_login(importer)
    response = upload(client, b"PK\x03\x04 broken", name="data.xlsx")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = upload(client, b"%PDF-1.4", name="data.pdf")
    assert response.context["form"].errors["file"]


def test_the_export_page_downloads_the_current_search_and_logs_it(client, importer, two_branches):
    mine, _other = two_branches
    client.force_login(importer)
    response = client.get(reverse("beneficiaries:export"), {"q": "نوره", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response.content)
    assert [r[0] for r in rows[1:]] == [mine.file_number]
    assert list(AccessLog.objects.values_list("object_id", flat=True)) == [str(mine.pk)]


def test_the_blank_template_has_the_arabic_headers(client, importer):
    client.force_login(importer)
    response = client.get(reverse("beneficiaries:import_template"), {"format": "csv"})
    assert read_csv(response.content) == [HEADERS]
    response = client.get(reverse("beneficiaries:import_template"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert list(next(sheet.iter_rows(values_only=True))) == HEADERS


def test_the_pages_refuse_staff_without_the_permissions(client, scope):
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[scope["hq"]]))
    for name in ("import", "import_template", "export"):
        assert client.get(reverse(f"beneficiaries:{name}")).status_code == 403
    assert client.post(reverse("beneficiaries:import_confirm"), {"token": "x"}).status_code == 403


def test_the_pages_need_a_sign_in(client, db):
    response = client.get(reverse("beneficiaries:import"))
    assert response.status_code == 302 and "login" in response.url


# --- The previewed file at rest (issue 9.5) -------------------------------------


def waiting_files(private_files):
    folder = private_files / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_at_rest_the_previewed_file_is_encrypted_on_disk_issue_9_5(client, importer, scope, private_files):
    client.force_login(importer)
    response = upload(client, csv_bytes([row(1)]))
    assert response.context["token"]
    [stored] = waiting_files(private_files)
    content = stored.read_bytes()
    assert valid_national_id(7001).encode() not in content and b"+966551200001" not in content
    assert "الشمري".encode() not in content


def test_at_rest_cancel_deletes_the_previewed_file_issue_9_5(client, importer, scope, private_files):
    client.force_login(importer)
    token = upload(client, csv_bytes([row(1)])).context["token"]
    assert len(waiting_files(private_files)) == 1
    response = client.post(reverse("beneficiaries:import_cancel"))
    assert response.status_code == 302 and response.url == reverse("beneficiaries:import")
    assert waiting_files(private_files) == []
    client.post(reverse("beneficiaries:import_confirm"), {"token": token})
    assert Beneficiary.objects.count() == 0


def _age(path, hours):
    import os
    import time

    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_at_rest_an_unconfirmed_preview_is_purged_after_an_hour_issue_9_5(client, importer, scope, private_files):
    from mustafid.beneficiaries.tasks import purge_import_previews

    client.force_login(importer)
    upload(client, csv_bytes([row(1)]))
    [stored] = waiting_files(private_files)
    _age(stored, 0.5)
    assert purge_import_previews.call() == 0 and stored.exists()
    _age(stored, 1.1)
    assert purge_import_previews.call() == 1
    assert waiting_files(private_files) == []


def test_at_rest_a_preview_opened_after_the_hour_is_refused_and_deleted_issue_9_5(
    client, importer, scope, private_files
):
    from datetime import timedelta

    from django.utils import timezone

    from mustafid.beneficiaries.transfer import pending

    client.force_login(importer)
    token = upload(client, csv_bytes([row(1)])).context["token"]
    session = client.session
    late = timezone.now() - pending.MAX_AGE - timedelta(minutes=1)
    session[pending.SESSION_KEY]["saved_at"] = late.isoformat()
    session.save()
    response = client.post(reverse("beneficiaries:import_confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("beneficiaries:import")
    assert Beneficiary.objects.count() == 0
    assert waiting_files(private_files) == []

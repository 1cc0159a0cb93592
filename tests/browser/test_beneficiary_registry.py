"""Reception registers a beneficiary, finds them by a spelling variant, records a call (CH-1, CH-3)."""

import pytest
from django.core.management import call_command

from mustafid.accounts.demo import DEMO_PASSWORD
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import valid_national_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_find_by_variant_and_record_a_phone_call(live_server, page, screenshot):
    call_command("load_demo", force=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "reception@mustafid.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")

    # Register: an Arabic name with a hamza and taa marbuta; the ID typed in Arabic-Indic digits.
    page.goto(f"{live_server.url}/beneficiaries/new/")
    national_id = valid_national_id(60606)
    page.fill("#id_full_name", "أسماء بنت عبد الله الحربي")
    page.fill("#id_national_id", national_id.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    page.fill("#id_phone", "0551112299")
    page.select_option("#id_gender", "f")
    page.select_option("#id_date_of_birth_0", "hijri")
    page.fill("#id_date_of_birth_1", "1412-03-15")
    page.select_option("#id_branch", label="المقر الرئيسي - المستجدة")
    page.select_option("#id_category", label="الأسر المحتاجة")
    page.check("text=المساعدات المالية")
    page.fill("#id_city", "المستجدة")
    page.fill("#id_monthly_income", "2200")
    screenshot("beneficiary-register-ar")
    page.click("form[data-testid=beneficiary-form] button[type=submit]")
    page.wait_for_selector("[data-testid=beneficiary-name]")
    assert page.inner_text("[data-testid=beneficiary-name]") == "أسماء بنت عبد الله الحربي"
    assert page.inner_text("[data-testid=national-id]") == national_id
    asmaa = Beneficiary.objects.by_national_id(national_id).get()
    assert asmaa.phone == "+966551112299"

    # Find her by spelling variants: no hamza, joined عبدالله, haa for taa marbuta.
    page.goto(f"{live_server.url}/beneficiaries/")
    page.fill("[data-testid=search]", "اسماء عبدالله")
    page.press("[data-testid=search]", "Enter")
    page.wait_for_selector("[data-testid=beneficiary-list] >> text=أسماء بنت عبد الله الحربي")
    screenshot("beneficiary-search-ar")
    page.click("[data-testid=beneficiary-list] >> text=أسماء بنت عبد الله الحربي")
    page.wait_for_selector("[data-testid=beneficiary-name]")

    # Record a phone call from the file's contact menu.
    page.click("text=تسجيل تواصل")
    page.click(".dropdown-menu.show >> text=الاتصال الهاتفي")
    page.wait_for_selector("#id_subject")
    page.fill("#id_subject", "استفسار عن موعد الزيارة الميدانية")
    page.fill("#id_summary", "اتصلت المستفيدة تسأل عن موعد الزيارة، وأُبلغت أن الباحث سيتواصل معها.")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=استفسار عن موعد الزيارة الميدانية")
    if "/contacts/" in page.url:  # the contact's own page: go back to the file
        page.goto(f"{live_server.url}/beneficiaries/{asmaa.pk}/")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "استفسار عن موعد الزيارة الميدانية" in timeline
    assert "الاتصال الهاتفي" in timeline
    screenshot("beneficiary-file-ar")

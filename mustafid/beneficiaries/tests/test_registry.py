"""The beneficiary file: registration, duplicates, encryption at rest, search, scope (CH-1, RL-2)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries import selectors, services
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff, valid_national_id

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def scope(db):
    return {
        "branch": BranchFactory(code="hq"),
        "category": CategoryFactory(code="families"),
        "domain": DomainFactory(code="aid"),
    }


@pytest.fixture
def reception(scope):
    return UserFactory(
        role=Role.RECEPTIONIST, branches=[scope["branch"]], categories=[scope["category"]], domains=[scope["domain"]]
    )


def form_data(scope, **overrides):
    data = {
        "full_name": "عبدالله بن سعد الشمري",
        "national_id": valid_national_id(4242),
        "phone": "0551234567",
        "gender": "m",
        "date_of_birth_0": "hijri",
        "date_of_birth_1": "1410-10-22",
        "branch": scope["branch"].pk,
        "category": scope["category"].pk,
        "domains": [scope["domain"].pk],
        "city": "المستجدة",
        "preferred_channel": "sms",
        "monthly_income": "3500",
    }
    data.update(overrides)
    return data


def test_ch1_reception_registers_a_beneficiary_with_normalised_id_and_phone(client, reception, scope):
    client.force_login(reception)
    national_id = valid_national_id(4242)
    response = client.post(
        reverse("beneficiaries:create"),
        form_data(scope, national_id=national_id.translate(ARABIC_DIGITS), phone="+966 55 123 4567"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    b = Beneficiary.objects.get()
    assert b.national_id == national_id
    assert b.phone == "+966551234567"
    assert b.file_number.startswith("BEN-")
    assert str(b.date_of_birth) == "1990-05-17"
    assert response["Location"] == reverse("beneficiaries:detail", args=[b.pk])


@pytest.mark.parametrize("typed", ["0551234567", "+966551234567", "966551234567", "٠٥٥١٢٣٤٥٦٧", "00966551234567"])
def test_saudi_phone_forms_become_e164(client, reception, scope, typed):
    client.force_login(reception)
    client.post(reverse("beneficiaries:create"), form_data(scope, phone=typed))
    assert Beneficiary.objects.get().phone == "+966551234567"


def test_bad_input_keeps_what_was_typed_and_explains_in_arabic(client, reception, scope):
    client.force_login(reception)
    with translation.override("ar"):
        response = client.post(reverse("beneficiaries:create"), form_data(scope, national_id="1234567890", phone="12"))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Beneficiary.objects.exists()
    assert "رقم الهوية غير صحيح" in body
    assert 'value="عبدالله بن سعد الشمري"' in body
    assert 'value="1234567890"' in body


def test_a_second_file_with_the_same_national_id_is_refused_and_links_to_the_first(client, reception, scope):
    existing = BeneficiaryFactory(
        national_id=valid_national_id(4242),
        branch=scope["branch"],
        category=scope["category"],
        domains=[scope["domain"]],
    )
    client.force_login(reception)
    response = client.post(reverse("beneficiaries:create"), form_data(scope, full_name="اسم آخر تماما"))
    assert response.status_code == 200
    assert Beneficiary.objects.count() == 1
    assert reverse("beneficiaries:detail", args=[existing.pk]) in response.content.decode()


def test_a_similar_name_with_the_same_phone_is_shown_before_saving(client, reception, scope):
    BeneficiaryFactory(
        full_name="عبد الله بن سعد الشمرى",
        phone="+966551234567",
        branch=scope["branch"],
        category=scope["category"],
        domains=[scope["domain"]],
    )
    client.force_login(reception)
    response = client.post(reverse("beneficiaries:create"), form_data(scope))
    assert response.status_code == 200
    assert 'data-testid="possible-duplicates"' in response.content.decode()
    assert Beneficiary.objects.count() == 1
    response = client.post(reverse("beneficiaries:create"), form_data(scope, confirm_not_duplicate="on"))
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_rl2_the_database_row_holds_no_plain_national_id_phone_or_income(reception, scope):
    national_id = valid_national_id(777)
    b = BeneficiaryFactory(
        national_id=national_id,
        phone="+966551112233",
        monthly_income="4321.50",
        health_notes="سكري",
        branch=scope["branch"],
        category=scope["category"],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT national_id, phone, monthly_income, health_notes, national_id_hash "
            "FROM beneficiaries_beneficiary WHERE id = %s",
            [b.pk],
        )
        raw = cursor.fetchone()
    row_text = " ".join(str(v) for v in raw)
    for plain in (national_id, "551112233", "4321", "سكري"):
        assert plain not in row_text
    assert raw[0].startswith("gAAAA")  # a Fernet token
    fresh = Beneficiary.objects.get(pk=b.pk)
    assert (fresh.national_id, fresh.phone, str(fresh.monthly_income), fresh.health_notes) == (
        national_id,
        "+966551112233",
        "4321.50",
        "سكري",
    )
    assert Beneficiary.objects.by_national_id(national_id).get() == b


def test_rotating_keys_keeps_every_value_readable(settings, scope):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from mustafid.core.crypto import _fernet

    b = BeneficiaryFactory(national_id=valid_national_id(31), phone="+966501234567")
    old_keys = list(settings.MUSTAFID_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.MUSTAFID_FIELD_KEYS = [new_key, *old_keys]
    _fernet.cache_clear()
    call_command("rotate_field_keys")
    settings.MUSTAFID_FIELD_KEYS = [new_key]  # the old key is gone
    _fernet.cache_clear()
    try:
        assert Beneficiary.objects.get(pk=b.pk).national_id == valid_national_id(31)
    finally:
        settings.MUSTAFID_FIELD_KEYS = old_keys
        _fernet.cache_clear()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("عبدالله الشمري", "abdullah"),
        ("عبد الله الشمري", "abdullah"),
        ("عَبْدُ اللهِ", "abdullah"),  # tashkeel
        ("عبداللـه", "abdullah"),  # tatweel
        ("الشمرى", "abdullah"),  # alef maqsura for yaa
        ("الشمري عبدالله", "abdullah"),  # any word order
        ("فاطمه", "fatimah"),  # haa for taa marbuta
        ("أحمد", "ahmad"),  # hamza on alef
        ("مسئول", "masool"),  # hamza carriers
    ],
)
def test_search_finds_a_name_whatever_the_spelling(reception, scope, query, expected):
    kw = {"branch": scope["branch"], "category": scope["category"], "domains": [scope["domain"]]}
    people = {
        "abdullah": BeneficiaryFactory(full_name="عبد الله بن سعد الشمري", **kw),
        "fatimah": BeneficiaryFactory(full_name="فاطمة بنت علي", **kw),
        "ahmad": BeneficiaryFactory(full_name="احمد بن ناصر", **kw),
        "masool": BeneficiaryFactory(full_name="سعد المسؤول", **kw),
    }
    BeneficiaryFactory(full_name="سارة العتيبي", **kw)
    assert selectors.beneficiary_page(reception, query=query).rows == [people[expected]]


@pytest.mark.parametrize("form", ["plain", "arabic", "phone_local", "phone_intl", "phone_arabic"])
def test_search_by_national_id_or_phone_in_any_digit_form(reception, scope, form):
    national_id = valid_national_id(9001)
    b = BeneficiaryFactory(
        national_id=national_id,
        phone="+966559876543",
        branch=scope["branch"],
        category=scope["category"],
        domains=[scope["domain"]],
    )
    BeneficiaryFactory(branch=scope["branch"], category=scope["category"], domains=[scope["domain"]])
    query = {
        "plain": national_id,
        "arabic": national_id.translate(ARABIC_DIGITS),
        "phone_local": "055 987 6543",
        "phone_intl": "+966559876543",
        "phone_arabic": "٠٥٥٩٨٧٦٥٤٣",
    }[form]
    assert selectors.beneficiary_page(reception, query=query).rows == [b]


def test_search_and_list_respect_the_users_scope(reception, scope):
    mine = BeneficiaryFactory(
        full_name="نورة الحربي", branch=scope["branch"], category=scope["category"], domains=[scope["domain"]]
    )
    BeneficiaryFactory(full_name="نورة الحربي", category=scope["category"], domains=[scope["domain"]])  # another branch
    BeneficiaryFactory(full_name="نورة الحربي", branch=scope["branch"], domains=[scope["domain"]])  # another category
    BeneficiaryFactory(full_name="نورة الحربي", branch=scope["branch"], category=scope["category"])  # another domain
    assert selectors.beneficiary_page(reception, query="نوره").rows == [mine]
    assert selectors.beneficiary_page(reception).rows == [mine]


def test_the_list_pages_by_keyset(reception, scope):
    kw = {"branch": scope["branch"], "category": scope["category"], "domains": [scope["domain"]]}
    made = [BeneficiaryFactory(**kw) for _ in range(5)]
    first = selectors.beneficiary_page(reception, size=3)
    assert [b.pk for b in first.rows] == [b.pk for b in reversed(made)][:3]
    second = selectors.beneficiary_page(reception, size=3, after=first.next_after)
    assert [b.pk for b in second.rows] == [made[1].pk, made[0].pk]
    assert second.next_after is None


def test_a_file_outside_the_scope_is_a_404(client, reception):
    other = BeneficiaryFactory()
    client.force_login(reception)
    for name in ("detail", "edit", "household_add", "document_add", "correction_add"):
        assert client.get(reverse(f"beneficiaries:{name}", args=[other.pk])).status_code == 404, name


def test_rl2_opening_a_file_is_logged_and_the_administrator_sees_who_opened_it(client, reception, scope, administrator):
    b = BeneficiaryFactory(branch=scope["branch"], category=scope["category"], domains=[scope["domain"]])
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:detail", args=[b.pk])).status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (reception, "view", str(b.pk))
    client.force_login(administrator)
    body = client.get(reverse("beneficiaries:access", args=[b.pk])).content.decode()
    assert reception.full_name in body
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:access", args=[b.pk])).status_code == 403


def test_sensitive_fields_are_masked_for_a_role_without_the_permission(client, scope):
    b = BeneficiaryFactory(
        national_id=valid_national_id(55),
        phone="+966551230000",
        monthly_income="2500",
        branch=scope["branch"],
        category=scope["category"],
        domains=[scope["domain"]],
    )
    # Senior management reads files without the sensitive values (a committee member reads
    # only the files with a case before their committee, issue 9.2).
    client.force_login(scoped_staff(Role.SENIOR_MANAGEMENT, b))
    body = client.get(reverse("beneficiaries:detail", args=[b.pk])).content.decode()
    assert valid_national_id(55) not in body and "551230000" not in body and "2500" not in body
    assert selectors.MASK in body
    desk = scoped_staff(Role.RECEPTIONIST, b)
    client.force_login(desk)
    assert valid_national_id(55) in client.get(reverse("beneficiaries:detail", args=[b.pk])).content.decode()


def test_ch6_a_volunteer_sees_only_assigned_beneficiaries_and_nothing_sensitive(client, scope):
    kw = {"branch": scope["branch"], "category": scope["category"], "domains": [scope["domain"]]}
    volunteer = UserFactory(
        role=Role.VOLUNTEER, branches=[scope["branch"]], categories=[scope["category"]], domains=[scope["domain"]]
    )
    assigned = BeneficiaryFactory(phone="+966551239999", assigned_volunteers=[volunteer], **kw)
    other = BeneficiaryFactory(**kw)
    assert list(Beneficiary.objects.visible_to(volunteer)) == [assigned]
    client.force_login(volunteer)
    assert client.get(reverse("beneficiaries:detail", args=[other.pk])).status_code == 404
    body = client.get(reverse("beneficiaries:detail", args=[assigned.pk])).content.decode()
    assert "551239999" not in body
    assert client.get(reverse("beneficiaries:create")).status_code == 403


def test_registering_outside_ones_own_scope_is_refused(reception, scope):
    elsewhere = BranchFactory(code="elsewhere")
    with pytest.raises(services.ValidationError):
        services.register_beneficiary(
            by=reception,
            data={
                "full_name": "س",
                "national_id": valid_national_id(1),
                "phone": "+966551234567",
                "branch": elsewhere,
                "category": scope["category"],
            },
            domains=[scope["domain"]],
        )
    assert not Beneficiary.objects.exists()

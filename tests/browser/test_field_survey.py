"""The field survey on a phone where the network drops (issue 12.2, SM-2): kept on the phone, sent once."""

import pytest
from django.core.management import call_command

from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.surveys.demo import TITLE
from mustafid.surveys.models import Questionnaire, Response

from .test_request_cycle import BENEFICIARY, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
KEPT = "mustafid-field-surveys"
# The CI machine is slow: every wait is on a condition, with room to spare.
SLOW = 30000
CONTROLLED = """new Promise((done) => navigator.serviceWorker.controller
    ? done(true)
    : navigator.serviceWorker.addEventListener("controllerchange", () => done(true)))"""


PAGES_KEPT = """caches.keys().then((names) => Promise.all(
    names.filter((name) => name.startsWith("mustafid-field-survey"))
        .map((name) => caches.open(name).then((cache) => cache.keys()))))
    .then((lists) => lists.flat().map((request) => request.url))"""


def kept_on_phone(page) -> list:
    return page.evaluate(f"JSON.parse(window.localStorage.getItem({KEPT!r}) || '[]')")


def test_sm2_a_field_survey_filled_offline_is_kept_on_the_phone_and_sent_once(live_server, page, screenshot):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    questionnaire = Questionnaire.objects.filter(title=TITLE).latest("pk")
    rating, single, multiple, text = questionnaire.questions.order_by("order")
    researcher = User.objects.get(email="researcher@mustafid.test")
    before = Response.objects.count()

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "researcher@mustafid.test")
    # From the file, the questionnaire is chosen; the page is opened once with the network,
    # so that the service worker installs and keeps a copy of it on the phone.
    page.goto(f"{live_server.url}/surveys/with/{beneficiary.pk}/")
    page.click(f"[data-testid=questionnaire-choices] a[href$='questionnaire={questionnaire.pk}']")
    page.wait_for_selector("[data-testid=field-survey-form]")
    fill_url = page.url
    # (wait_for_function would evaluate a string, which the page's CSP forbids: evaluate awaits promises.)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker controls the page once it is opened again (it was registered by this one).
    page.reload()
    assert page.evaluate(CONTROLLED)
    # Chromium would offer to install it (only a test browser's private profile stands in the way).
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    cdp.detach()  # an open session of our own would keep the page online below

    # The network drops: the page still opens, from the copy on the phone.
    page.context.set_offline(True)
    opened = page.goto(fill_url)
    assert opened is not None and opened.from_service_worker
    page.wait_for_selector("[data-testid=field-survey-form]")
    assert page.evaluate("navigator.onLine") is False
    status = page.locator("[data-offline-status]")
    # Nothing is kept that the server would refuse later, with the beneficiary gone:
    # a required answer missing (the rating), then an interview without its summary.
    page.click("[data-testid=field-survey-form] button[type=submit]")
    page.wait_for_selector("[data-offline-status][data-state=incomplete]")
    assert "إجابة مطلوبة" in status.inner_text()
    assert kept_on_phone(page) == []
    page.click(f"label[for=id_q{rating.pk}_3]")  # the rating 4
    page.check(f"#id_q{single.pk}_0")
    page.check(f"#id_q{multiple.pk}_1")
    page.fill(f"#id_q{text.pk}", "مواعيد الزيارة مناسبة.")
    page.check("#id_kind_1")
    page.evaluate("document.querySelector('[data-offline-status]').dataset.state = ''")
    page.click("[data-testid=field-survey-form] button[type=submit]")
    page.wait_for_selector("[data-offline-status][data-state=incomplete]")
    assert kept_on_phone(page) == []
    page.check("#id_kind_0")  # a field survey after all
    page.click("[data-testid=field-survey-form] button[type=submit]")
    page.wait_for_selector("[data-offline-status][data-state=kept]")
    assert "حُفظت الإجابات على هذا الجوال" in status.inner_text()
    assert len(kept_on_phone(page)) == 1
    assert Response.objects.count() == before
    # Nothing on the form is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("field-survey-offline-phone-ar")

    # The network returns: the page sends what it kept, under the staff member's session.
    page.context.set_offline(False)
    page.wait_for_selector("[data-offline-status][data-state=sent]", timeout=SLOW)
    assert "أُرسلت" in status.inner_text()
    assert kept_on_phone(page) == []  # nothing of the beneficiary's answers stays on the phone
    assert page.evaluate(f"window.localStorage.getItem({KEPT!r})") is None
    sent = Response.objects.filter(beneficiary=beneficiary).exclude(filled_by=None)
    assert Response.objects.count() == before + 1
    response = sent.get()
    assert response.filled_by == researcher
    assert response.kind == Response.Kind.FIELD_SURVEY
    assert {a.question_id for a in response.answers.all()} >= {rating.pk, single.pk, multiple.pk, text.pk}
    screenshot("field-survey-sent-phone-ar")

    # A retry (the page opened again, the network event again) adds nothing.
    page.reload()
    page.wait_for_selector("[data-testid=field-survey-form]")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.goto(f"{live_server.url}/beneficiaries/{beneficiary.pk}/")
    assert Response.objects.count() == before + 1

    # The phone says it is online on a network that carries nothing: kept all the same.
    def answer(comment: str) -> None:
        page.click(f"label[for=id_q{rating.pk}_4]")
        page.check(f"#id_q{single.pk}_1")
        page.fill(f"#id_q{text.pk}", comment)
        page.click("[data-testid=field-survey-form] button[type=submit]")

    page.goto(fill_url)

    def dropped(route) -> None:
        route.abort() if route.request.method == "POST" else route.fallback()

    page.route("**/surveys/with/**", dropped)
    answer("الشبكة ضعيفة هنا.")
    page.wait_for_selector("[data-offline-status][data-state=kept]", timeout=SLOW)
    assert len(kept_on_phone(page)) == 1
    assert Response.objects.count() == before + 1
    page.unroute("**/surveys/with/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("[data-offline-status][data-state=sent]", timeout=SLOW)
    assert kept_on_phone(page) == []
    assert Response.objects.count() == before + 2

    # With the network, the answers go straight to the file.
    page.goto(fill_url)
    answer("لا ملاحظات.")
    page.wait_for_url(f"**/beneficiaries/{beneficiary.pk}/", timeout=SLOW)
    assert "حُفظت الإجابات في ملف المستفيد" in page.inner_text("main")
    assert Response.objects.count() == before + 3
    assert kept_on_phone(page) == []

    # The phone keeps copies of the fill pages only; signing out deletes them.
    kept_pages = page.evaluate(PAGES_KEPT)
    assert kept_pages and all("/surveys/with/" in url or "/static/" in url for url in kept_pages)
    page.evaluate("document.querySelector('form[data-sign-out]').requestSubmit()")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(PAGES_KEPT) == []


def test_sm2_answers_kept_on_a_shared_phone_are_sent_only_under_the_staff_member_who_took_them(live_server, page):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    questionnaire = Questionnaire.objects.filter(title=TITLE).latest("pk")
    rating = questionnaire.questions.order_by("order").first()
    single = questionnaire.questions.order_by("order")[1]
    researcher = User.objects.get(email="researcher@mustafid.test")
    before = Response.objects.count()
    fill_url = f"{live_server.url}/surveys/with/{beneficiary.pk}/?questionnaire={questionnaire.pk}"

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "researcher@mustafid.test")
    page.goto(fill_url)
    page.context.set_offline(True)
    page.click(f"label[for=id_q{rating.pk}_2]")
    page.check(f"#id_q{single.pk}_0")
    page.click("[data-testid=field-survey-form] button[type=submit]")
    page.wait_for_selector("[data-offline-status][data-state=kept]")

    # The session ends before the network returns: nothing is sent, nothing is lost.
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_load_state("networkidle")
    assert len(kept_on_phone(page)) == 1

    # Another staff member signs in on the same phone: the answers are not theirs to send.
    sign_in(page, live_server, "liaison@mustafid.test")
    page.goto(fill_url)
    page.wait_for_selector("[data-testid=field-survey-form]")  # they may fill it, with the same beneficiary
    page.wait_for_load_state("networkidle")
    assert len(kept_on_phone(page)) == 1
    assert Response.objects.count() == before

    # The one who took them signs in again: sent from the first page they see, once, as theirs.
    sign_in(page, live_server, "researcher@mustafid.test")
    page.wait_for_load_state("networkidle")
    assert kept_on_phone(page) == []
    page.goto(f"{live_server.url}/beneficiaries/{beneficiary.pk}/")
    assert "حُفظت الإجابات في ملف المستفيد" in page.inner_text("main")
    assert Response.objects.count() == before + 1
    assert Response.objects.latest("pk").filled_by == researcher

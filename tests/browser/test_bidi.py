"""Arabic inside English pages is direction-isolated (issue 10.4): on the request page in English the
summary's dates do not run into each other, each calendar's day stays with its month, and an Arabic name
next to a date cannot reorder it. And the admin's JavaScript speaks Arabic in Arabic mode."""

import pytest

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import PASSWORD, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.requests import services
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A tablet's width: the summary's three columns are narrow, where a long English dual date overflowed.
WIDTH = 820


def boxes(page, selector: str) -> list[dict]:
    """The line boxes of each element matching ``selector`` (one per line it is laid out on)."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(el => Array.from(el.getClientRects()).map(r => (
            {left: r.left, right: r.right, top: r.top, bottom: r.bottom})))""",
    )


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture
def request_page(live_server, page):
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد")
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary, full_name="موظفة الاستقبال")
    version = published_service()
    request = services.complete_request(
        by=desk, request=filled_draft(by=desk, beneficiary=beneficiary, version=version)
    )
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", desk.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    page.wait_for_selector("[data-testid=completed-on]")
    assert page.get_attribute("html", "dir") == "ltr"
    assert "&lt;bdi" not in page.content()  # the markup is markup, never escaped text
    return page


def test_the_summarys_dates_stay_in_their_columns_and_do_not_overlap(request_page):
    page = request_page
    completed = [box for line in boxes(page, "[data-testid=completed-on] bdi") for box in line]
    due = [box for line in boxes(page, "[data-testid=due-on] bdi") for box in line]
    assert completed and due, "the dates are not isolated in a <bdi>"
    assert not any(overlap(a, b) for a in completed for b in due)
    for selector in ("[data-testid=completed-on]", "[data-testid=due-on]"):
        overflowing = page.eval_on_selector(selector, "el => el.scrollWidth > el.clientWidth")
        assert not overflowing, f"{selector} runs out of its column"


def test_each_day_is_on_one_line_with_its_month_in_one_isolated_date(request_page):
    page = request_page
    for selector in ("[data-testid=completed-on]", "[data-testid=due-on]"):
        assert page.locator(f"{selector} bdi.dual-date").count() == 1
        runs = page.eval_on_selector_all(
            f"{selector} bdi > span",
            "els => els.map(el => ({text: el.textContent, lines: el.getClientRects().length}))",
        )
        assert len(runs) == 2, runs  # the Gregorian day and month, the Hijri day and month
        gregorian, hijri = runs
        assert hijri["text"].startswith("(")  # the Hijri date, in parentheses on an English page
        assert gregorian["lines"] == 1 and hijri["lines"] == 1, runs


def test_an_arabic_name_next_to_a_date_does_not_reorder_it(request_page):
    page = request_page
    # "Opened on <date> — <name>": the date, then the name, left to right.
    opened = page.locator("[data-testid=dates] dd", has_text="موظفة الاستقبال").first
    date_box = opened.locator("bdi.dual-date").bounding_box()
    name_box = opened.locator("bdi", has_text="موظفة الاستقبال").last.bounding_box()
    assert date_box and name_box
    if abs(date_box["y"] - name_box["y"]) < 2:  # on one line
        assert date_box["x"] + date_box["width"] <= name_box["x"] + 1
    # The day number is laid out with its month, at the date's start, not next to the Arabic name.
    gregorian = opened.locator("bdi.dual-date > span").first
    day = page.evaluate(
        """el => { const r = document.createRange(); r.setStart(el.firstChild, 0); r.setEnd(el.firstChild, 2);
                   return r.getBoundingClientRect().left; }""",
        gregorian.element_handle(),
    )
    assert abs(day - gregorian.bounding_box()["x"]) < 2


def test_arabic_text_on_an_english_page_reads_right_to_left_with_its_full_stop_at_its_end(request_page):
    page = request_page
    pledge = page.locator("blockquote p").first
    text = pledge.text_content().strip()
    assert text and "\u0600" <= text[0] <= "\u06ff", text  # the pledge the beneficiary signed, in Arabic
    assert pledge.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The last character (a full stop, when the pledge has one) is laid out at the left end, where Arabic ends.
    first, last = pledge.evaluate(
        """el => { const t = el.firstChild, n = t.textContent.trimEnd().length, r = document.createRange();
                   r.setStart(t, 0); r.setEnd(t, 1); const a = r.getBoundingClientRect().left;
                   r.setStart(t, n - 1); r.setEnd(t, n); return [a, r.getBoundingClientRect().left]; }"""
    )
    assert last < first


def test_the_admins_two_list_picker_speaks_arabic(live_server, page):
    """«Choose all» and its neighbours come from the admin's JavaScript catalogue (djangojs.po, issue 10.4)."""
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, scope_all=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", admin.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")
    page.goto(f"{live_server.url}/admin/accounts/user/{admin.pk}/change/")
    picker = page.locator("[data-model-ref=group] .selector")
    picker.locator("#id_groups_add_all").wait_for()
    labels = " ".join(
        [picker.inner_text()]
        + [picker.locator(f"#id_groups_{name}").get_attribute("title") or "" for name in ("add_all", "remove_all")]
    )
    assert "Choose" not in labels and "Remove" not in labels, labels
    assert "اختر كل" in labels and "أزل كل" in labels, labels

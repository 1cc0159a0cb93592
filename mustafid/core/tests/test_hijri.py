from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from mustafid.core.hijri import dual_date, from_hijri, to_hijri


def test_dual_date_in_arabic_shows_gregorian_and_umm_al_qura():
    assert dual_date(date(2026, 11, 25)) == "25 نوفمبر 2026م الموافق 15 جمادى الآخرة 1448هـ"


def test_dual_date_in_english():
    assert dual_date(date(2026, 11, 25), lang="en") == "25 November 2026 (15 Jumada al-Akhirah 1448 AH)"


def test_first_of_ramadan_1447():
    assert from_hijri(1447, 9, 1) == date(2026, 2, 18)
    h = to_hijri(date(2026, 2, 18))
    assert (h.year, h.month, h.day) == (1447, 9, 1)


def test_an_aware_datetime_is_read_in_riyadh_time():
    # 22:30 UTC on the 24th is already the 25th in Riyadh (UTC+3).
    moment = datetime(2026, 11, 24, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert dual_date(moment, lang="en").startswith("25 November 2026")


def test_outside_the_umm_al_qura_range_only_gregorian_is_shown():
    assert dual_date(date(1900, 1, 1), lang="en") == "1 January 1900"


def test_no_such_hijri_day_is_refused():
    with pytest.raises(ValueError):
        from_hijri(1448, 6, 30)  # Jumada al-Akhirah 1448 has 29 days


def test_template_filter_follows_the_active_language():
    template = Template("{% load mustafid %}{{ d|dual_date }}")
    with translation.override("ar"):
        assert "الموافق" in template.render(Context({"d": date(2026, 11, 25)}))
    with translation.override("en"):
        assert template.render(Context({"d": date(2026, 11, 25)})).endswith("1448 AH)</bdi>")
    assert template.render(Context({"d": None})) == ""


def test_the_filter_isolates_the_date_and_keeps_each_day_with_its_month():
    """Issue 10.4: on an English page an Arabic name before a date cannot pull its day away from its month."""
    with translation.override("en"):
        html = Template("{% load mustafid %}{{ d|dual_date }}").render(Context({"d": date(2026, 11, 25)}))
    assert html == (
        '<bdi class="dual-date"><span class="text-nowrap">25 November</span> 2026 '
        '<span class="text-nowrap">(15 Jumada al-Akhirah</span> 1448 AH)</bdi>'
    )


def test_the_text_filter_writes_the_same_words_without_markup_for_attributes():
    template = Template('{% load mustafid %}<abbr title="{{ d|dual_date_text }}">{{ d|dual_date }}</abbr>')
    with translation.override("ar"):
        html = template.render(Context({"d": date(2026, 11, 25)}))
    assert 'title="25 نوفمبر 2026م الموافق 15 جمادى الآخرة 1448هـ"' in html
    assert "&lt;" not in html


def test_a_date_out_of_the_hijri_range_is_isolated_too():
    with translation.override("en"):
        html = Template("{% load mustafid %}{{ d|dual_date }}").render(Context({"d": date(1900, 1, 1)}))
    assert html == '<bdi class="dual-date"><span class="text-nowrap">1 January</span> 1900</bdi>'

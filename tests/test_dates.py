"""Dates as each language writes them: day before month in English ("11 Mar 2026", never the
US "03/11/2026"), lower-case day and month names in Italian ("mercoledì 11 marzo"), and the
dashboard's daily table starting at today."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 11)  # a Wednesday


def test_english_puts_the_day_first_and_names_the_month():
    with translation.override("en"):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "11 Mar 2026"
        assert formats.date_format(DAY, "DATE_FORMAT") == "11 March 2026"
        assert formats.date_format(datetime.datetime(2026, 3, 11, 14, 5), "DATETIME_FORMAT") == "11 March 2026, 14:05"


def test_italian_writes_day_and_month_names_in_lower_case():
    with translation.override("it"):
        assert formats.date_format(DAY, "DATE_FORMAT") == "11 marzo 2026"
        assert formats.date_format(DAY, "l j F") == "mercoledì 11 marzo"
        assert formats.date_format(DAY, "D") == "mer"
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "11/03/2026"
        assert formats.date_format(datetime.datetime(2026, 12, 2, 9, 0), "DATETIME_FORMAT").startswith(
            "2 dicembre 2026"
        )


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_dashboards_daily_table_starts_with_today(users, lang):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(users.editor)
    html = client.get(reverse("claims:dashboard") + "?days=90").content.decode()
    table = html[html.index('id="throughput-table"') :]
    days = re.findall(r'<th scope="row"><time datetime="([\d-]+)">([^<]*)</time>', table)
    from django.utils import timezone

    today = timezone.localdate()
    assert days[0][0] == today.isoformat() and days[-1][0] == (today - datetime.timedelta(days=89)).isoformat()
    assert days[0][1].startswith("Oggi, " if lang == "it" else "Today, ")
    assert 'class="table-scroll"' not in html  # all 90 days are on the page, not in a scroll box
    if lang == "it":
        assert not re.search(r"(Lunedì|Martedì|Mercoledì|Giovedì|Venerdì|Sabato|Domenica|Gennaio|Dicembre)", html)
    else:
        assert not re.search(r"\b\d{2}/\d{2}/\d{4}\b", html)  # no 03/11/2026: day and month ambiguous

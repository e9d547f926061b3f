"""``{% time_element %}`` shows a date as the article page always has, in the site's time zone."""

from datetime import UTC, date, datetime

from django.template import Context, Template


def render(value) -> str:
    return Template("{% load vetted %}{% time_element value %}").render(Context({"value": value}))


def test_a_date():
    assert render(date(2026, 3, 5)) == '<time datetime="2026-03-05">March 5, 2026</time>'


def test_a_datetime_falls_on_its_date_in_the_sites_time_zone(settings):
    late_evening_utc = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert render(late_evening_utc) == '<time datetime="2026-11-25">November 25, 2026</time>'
    settings.TIME_ZONE = "Pacific/Auckland"  # already the 26th there
    assert render(late_evening_utc) == '<time datetime="2026-11-26">November 26, 2026</time>'


def test_it_matches_the_date_filter_it_replaced():
    moment = datetime(2025, 1, 9, 8, 0, tzinfo=UTC)
    expected = Template("""<time datetime="{{ value|date:'Y-m-d' }}">{{ value|date:"F j, Y" }}</time>""").render(
        Context({"value": moment})
    )
    assert render(moment) == expected

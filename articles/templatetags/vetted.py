from datetime import date, datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import grades, page_html
from articles.rendering import render_markdown_memoised

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown through the sanitising path (articles.rendering)."""
    return mark_safe(render_markdown_memoised(str(text or "")))  # noqa: S308 - sanitised by nh3 in render_markdown


@lru_cache(maxsize=4096)
def _reverse(script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


@register.simple_tag
def memo_url(name: str, *args) -> str:
    """``{% url %}`` remembered per process: a URL is a pure function of the URLconf, the script prefix and
    the arguments, and the site's navigation would otherwise reverse the same dozen names on every page."""
    return _reverse(get_script_prefix(), name, tuple(str(arg) for arg in args))


@lru_cache(maxsize=64)
def _static(path: str) -> str:
    return static(path)


@register.simple_tag
def memo_static(path: str) -> str:
    """``{% static %}`` remembered per process: with hashed file names each call looks the name up in the
    manifest and joins URLs, a tenth of a millisecond for the base template's two files on every page
    built. The manifest is read once per process anyway; a settings change in tests forgets them."""
    return _static(path)


def _forget_static(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        _static.cache_clear()


setting_changed.connect(_forget_static)


@register.filter
def iso_local(moment: datetime) -> str:
    """``|date:"c"`` (ISO 8601 in the site's time zone) without the i18n date formatter, which looks up
    the active language for a format that has none: about 0.1 ms of an uncached article page."""
    aware = isinstance(moment, datetime) and timezone.is_aware(moment)
    return timezone.localtime(moment).isoformat() if aware else moment.isoformat()


@register.simple_tag
def time_element(moment: date | datetime) -> str:
    """``<time datetime="2026-11-25">November 25, 2026</time>``: a date, or a datetime on its date in the
    site's time zone. The site is English only; this is the article page's date display in one place
    (``articles.page_html.time_html``)."""
    return page_html.time_html(moment)


# The article page's loops, built in Python (``articles.page_html`` says why).


@register.simple_tag
def review_credits(status) -> str:
    return page_html.review_credits_html(status)


@register.simple_tag
def review_dates(status, literature_checked_through) -> str:
    return page_html.review_dates_html(status, literature_checked_through)


@register.simple_tag
def board_notes(revision, disclosed_reviewers) -> str:
    return page_html.board_notes_html(revision, disclosed_reviewers)


@register.simple_tag
def audience_choices(article, audience, audiences, preview_url="") -> str:
    return page_html.audience_choices_html(article, audience, audiences, _choose_url, preview_url or "")


def _choose_url(slug: str, audience_slug: str) -> str:
    return memo_url("articles:choose_audience", slug, audience_slug)


@register.filter
def by_day(credits) -> list[dict]:
    """Credits (``articles.attribution.Credit``, in order) in runs on the same day, each run's roles with the
    day once: "Started the review and requested changes on March 3, 2026", not the date after each."""
    runs: list[dict] = []
    for credit in credits:
        day = timezone.localtime(credit.at).date()
        if runs and runs[-1]["day"] == day:
            runs[-1]["roles"].append(credit.role)
        else:
            runs.append({"day": day, "roles": [credit.role]})
    return runs


@register.filter
def and_join(items) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@register.simple_tag
def grade_scheme() -> dict:
    """The site's grading scheme for the editorial policy's explanation (``articles.grades``)."""
    return {"name": grades.scheme_name(), "grades": list(grades.scheme().values())}

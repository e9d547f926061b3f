"""The search page's results, built as escaped HTML in Python (issue 19, point 5).

Why not the template: with caches cleared, a search page spent about as long in Django's template engine,
walking the results loop (four lookups and an autoescape per result), the count line's filters and the
pagination include, as SQLite took to find the results. ``results_html`` writes the same bytes the template
did (``tests/articles/test_searchpage_html.py`` holds the demo's search pages, on both backends, to the
goldens the template wrote), every value through ``format_html``'s escaping; the snippets are already
escaped with only our own ``<mark>`` (``articles.search.snippets``). Nothing is kept between requests but
reversed URLs (``memo_url``).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django.core.paginator import Page
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.search import SearchResult
from articles.templatetags.vetted import memo_url


def result_html(result: SearchResult) -> str:
    """One result. ``escape`` is the standard library's, which Django's autoescape calls for a string (here
    without the lazy-string wrapper and the ``SafeString`` made for each value: 20 results, 40 values); the
    snippet is already escaped text with our own ``<mark>`` (``articles.search.snippets``), as the
    template marked it safe."""
    return (
        f'\n  <li>\n    <h2 class="result-title"><a href="{escape(result.url)}">{escape(result.title)}</a></h2>\n'
        f'    <p class="snippet">{result.snippet_html}</p>\n  </li>\n  '
    )


def results_html(query: str, page: Page, reader_audience, other_audiences: list, chosen) -> SafeString:
    """Everything under the search form once there is a query: how many were found, the wording's links,
    the results and the pages."""
    parts = [
        "\n\n",
        count_html(query, page),
        "\n\n",
        wording_html(query, reader_audience, other_audiences) if reader_audience and page.object_list else "",
        format_html('\n<ol class="search-results" start="{}">\n  ', page.start_index()),
        *(result_html(result) for result in page),
        "\n</ol>\n",
        pagination_html(query, page, chosen),
        "\n\n",  # after the pagination include and its tag, as the template wrote them
    ]
    # Every part is format_html's or result_html's: values escaped, snippets escaped with only our <mark>.
    return mark_safe("".join(parts))  # noqa: S308


def count_html(query: str, page: Page) -> SafeString:
    """ "9 articles found for “kidney”; page 2 of 3.", "More than 200 ...", or the no-results advice."""
    paginator = page.paginator
    count = paginator.count
    if not count:
        return format_html(
            '<p class="result-count" role="status">No articles found for &ldquo;{}&rdquo;. Try a shorter or '
            'different word, or browse the <a href="{}">A to Z</a>.</p>',
            query,
            memo_url("articles:az"),
        )
    more_than = "More than " if getattr(paginator, "more_than_count", False) else ""
    pages = format_html("; page {} of {}", page.number, paginator.num_pages) if page.has_other_pages() else ""
    return format_html(
        '<p class="result-count" role="status">{}{} article{} found for &ldquo;{}&rdquo;{}.</p>',
        more_than,
        count,
        "" if count == 1 else "s",
        query,
        pages,
    )


def wording_html(query: str, reader_audience, other_audiences: list) -> SafeString:
    """Whose wording the snippets are in, and links to the same results in every other audience's."""
    others = ""
    if other_audiences:
        links = format_html_join(
            ", ",
            '<a href="?q={}&amp;for={}" rel="nofollow">{}</a>',
            ((quote(query), quote(option.slug), option.label.lower()) for option in other_audiences),
        )
        others = format_html(" Show them for:\n  {}.", links)
    return format_html(
        '\n<nav class="search-wording" aria-label="Wording of the results">\n'
        "  <p>Results in the wording for <strong>{}</strong>.{}</p>\n</nav>\n",
        reader_audience.label.lower(),
        others,
    )


def pagination_html(query: str, page: Page, chosen) -> SafeString | str:
    """``articles/_pagination.html`` with the search's query and chosen audience in each link."""
    if not page.has_other_pages():
        return ""
    keep = format_html("q={}&amp;{}", quote(query), format_html("for={}&amp;", quote(chosen.slug)) if chosen else "")
    previous = (
        format_html('<li><a rel="prev" href="?{}page={}">Previous page</a></li>', keep, page.previous_page_number())
        if page.has_previous()
        else ""
    )
    following = (
        format_html('<li><a rel="next" href="?{}page={}">Next page</a></li>', keep, page.next_page_number())
        if page.has_next()
        else ""
    )
    return format_html(
        '\n<nav class="pagination" aria-label="Pages of results">\n  <ul>\n    {}\n'
        '    <li aria-current="page">Page {} of {}</li>\n    {}\n  </ul>\n</nav>\n',
        previous,
        page.number,
        page.paginator.num_pages,
        following,
    )

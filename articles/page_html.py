"""The article page's repeated parts, built as escaped HTML in Python (issue 19, point 5).

Why not templates: on a page built from scratch (a CDN miss on a long-tail article, "caches cleared" in
``make bench``) Django's template engine spent more time walking these loops, one ``{% include %}`` and a
dozen variable lookups per reviewer, audience and date, than the page spent reading the database. Each
function here writes the same HTML the template did (``tests/articles/test_cold19_page_html.py`` holds
every demo page for every audience to it), every value through ``format_html``'s escaping. Nothing is
kept between requests: every figure comes from the objects the page's one query read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.attribution import CONFIRM_CURRENT, Attribution, Reviewer

TIME_HTML = '<time datetime="{}">{} {}, {}</time>'


def time_html(moment: date | datetime, zone: tzinfo | None = None) -> SafeString:
    """``<time datetime="2026-11-25">November 25, 2026</time>``: a date, or a datetime on its date in the
    site's time zone (``zone``: the caller's, read once per page rather than once per date)."""
    if isinstance(moment, datetime):
        day = timezone.localtime(moment, zone or timezone.get_current_timezone()).date()
    else:
        day = moment
    return format_html(TIME_HTML, day.isoformat(), day.strftime("%B"), day.day, day.year)


def lines(parts: list[SafeString]) -> SafeString:
    """Escaped parts, one a line (each is already escaped: ``format_html`` leaves it as it is)."""
    return format_html_join("\n", "{}", ((part,) for part in parts))


def and_joined(parts: list[SafeString]) -> SafeString | str:
    """ "a", "a and b", "a, b and c": the page's lists of people and of what they did."""
    if len(parts) < 2:
        return parts[0] if parts else ""
    return format_html("{} and {}", format_html_join(", ", "{}", ((part,) for part in parts[:-1])), parts[-1])


def reviewer_html(reviewer: Reviewer, css_class: str = "reviewer") -> SafeString:
    """A credited board member: a link to their public profile when they have a listed one."""
    if reviewer.url:
        return format_html('<a href="{}" class="{}">{}</a>', reviewer.url, css_class, reviewer.name_with_credentials)
    return format_html('<span class="{}">{}</span>', css_class, reviewer.name_with_credentials)


def review_credits_html(status) -> SafeString:
    """Approved by, confirmed still current by, also reviewed by (``selectors.ReviewStatus``)."""
    attribution: Attribution = status.attribution
    zone = timezone.get_current_timezone()
    approved_on = format_html(" on {}", time_html(status.approved_at, zone)) if status.approved_at else ""
    approvers = [reviewer_html(credit.reviewer) for credit in attribution.approvers]
    by = format_html(" by {}", and_joined(approvers)) if approvers else ""
    parts = [format_html('<p class="approved-by">Approved{}{}.</p>', approved_on, by)]
    confirmation = attribution.confirmed
    if confirmation:
        parts.append(
            format_html(
                '<p class="confirmed-by">Confirmed still current on {} by {}.</p>',
                time_html(confirmation.at, zone),
                reviewer_html(confirmation.reviewer),
            )
        )
    others = attribution.others
    if others:
        people = []
        for other in others:
            roles = [
                format_html("{} on {}", credit.role, time_html(credit.at, zone))
                if credit.action == CONFIRM_CURRENT
                else format_html("{}", credit.role)
                for credit in other.credits
            ]
            people.append(format_html("{} ({})", reviewer_html(other.reviewer), and_joined(roles)))
        parts.append(format_html('<p class="also-reviewed">Also reviewed by {}.</p>', and_joined(people)))
    return lines(parts)


def review_dates_html(status, literature_checked_through: date | None) -> SafeString:
    """The page's dates: last updated, last reviewed, literature checked through, next review due."""
    zone = timezone.get_current_timezone()

    def row(label: str, moment, missing: str, css_class: str = "") -> SafeString:
        shown = time_html(moment, zone) if moment else missing
        if css_class:
            return format_html('<div class="{}"><dt>{}</dt><dd>{}</dd></div>', css_class, label, shown)
        return format_html("<div><dt>{}</dt><dd>{}</dd></div>", label, shown)

    rows = [
        row("Last updated", status.last_updated, "Not recorded"),
        row("Last reviewed", status.last_reviewed, "Not recorded"),
    ]
    if literature_checked_through:
        rows.append(row("Literature checked through", literature_checked_through, "", "literature-checked"))
    rows.append(row("Next review due", status.next_review_due, "Not scheduled"))
    return lines(rows)


def board_notes_html(revision, disclosed_reviewers: Iterable[Reviewer]) -> SafeString:
    """The board's notes on the approved revision (issue 18): updated for safety, what changed, and the
    disclosures of everyone credited. Only the published (approved) revision's fields reach here. Names here
    are not class="reviewer": that class marks the credits, which the API is checked against."""
    parts = []
    if revision.safety_category:
        parts.append(
            format_html(
                '<p class="safety-update" id="safety-update"><strong>Updated for safety</strong> ({}) on {}.</p>',
                revision.get_safety_category_display().lower(),
                time_html(revision.decided_at),
            )
        )
    if (revision.change_note or "").strip():
        parts.append(
            format_html(
                '<h2 id="what-changed-heading" class="small-heading">What changed</h2>\n'
                '<p class="what-changed" id="what-changed">{}</p>',
                revision.change_note,
            )
        )
    disclosed = list(disclosed_reviewers)
    if disclosed:
        zone = timezone.get_current_timezone()
        items = format_html_join(
            "\n",
            "<li>{}: {}.</li>",
            ((reviewer_html(item, "disclosed-by"), _disclosure(item, zone)) for item in disclosed),
        )
        parts.append(
            format_html(
                '<h2 class="small-heading" id="disclosures-heading">Reviewers’ disclosures</h2>\n'
                '<ul class="disclosures" id="disclosures" aria-labelledby="disclosures-heading">\n{}\n</ul>',
                items,
            )
        )
    return format_html(
        '<section class="board-notes" aria-labelledby="what-changed-heading">\n{}\n</section>', lines(parts)
    )


def _disclosure(reviewer: Reviewer, zone: tzinfo) -> SafeString | str:
    disclosure = reviewer.disclosure
    if disclosure is None:
        return "no disclosure on file"
    interests = disclosure.interests if disclosure.interests.strip() else "none declared"
    return format_html("{} (declared {})", interests, time_html(disclosure.declared_on, zone))


def audience_choices_html(article, audience, audiences, choose_url, preview_url: str = "") -> SafeString:
    """The chooser's options: each audience's page (or, in the staff preview, the preview in its wording),
    the one shown now marked. ``choose_url(slug, audience_slug)`` is the cookie-setting address."""
    items = []
    for option in audiences:
        href = f"{preview_url}?audience={option.slug}" if preview_url else choose_url(article.slug, option.slug)
        shown_now = option.pk == audience.pk
        items.append(format_html(CURRENT_OPTION if shown_now else OTHER_OPTION, href, option.label, option.description))
    return lines(items)


OTHER_OPTION = (
    '<li><a href="{}" rel="nofollow" class="chooser-option">\n'
    '<span class="chooser-label">{}</span>\n<span class="chooser-description">{}</span>\n</a></li>'
)
CURRENT_OPTION = (
    '<li><a href="{}" rel="nofollow" class="chooser-option is-current" aria-current="page">\n'
    '<span class="chooser-label">{} <span class="chooser-badge">(shown now)</span></span>\n'
    '<span class="chooser-description">{}</span>\n</a></li>'
)

"""``articles.page_html`` writes what the article page's templates wrote, for the cases the demo's pages do
not reach (issue 19, point 5): hostile names and notes, three approvers, a reviewer without a public profile,
a safety update, a credited person with no disclosure on file, and the staff preview's chooser.

Each case renders the template the function replaced (as it was, below) and the function, and compares
them with runs of whitespace read as one space, as a browser reads them.
"""

import re
from datetime import UTC, date, datetime

from django.template import Context, Template

from articles import page_html
from articles.attribution import (
    APPROVE,
    CONFIRM_CURRENT,
    REQUEST_CHANGES,
    START_REVIEW,
    Attribution,
    Credit,
    Disclosed,
    Reviewer,
)
from articles.models import Audience
from articles.selectors import ReviewStatus
from editorial.models import Revision

REVIEWER = (
    '{% if reviewer.url %}<a href="{{ reviewer.url }}" class="reviewer">{{ reviewer.name_with_credentials }}</a>'
    '{% else %}<span class="reviewer">{{ reviewer.name_with_credentials }}</span>{% endif %}'
)
SEPARATOR = "{% if not forloop.last %}{% if forloop.revcounter == 2 %} and {% else %}, {% endif %}{% endif %}"
OLD_CREDITS = (
    "{% load vetted %}{% with attribution=status.attribution %}"
    "{% with confirmation=attribution.confirmed %}"
    '<p class="approved-by">Approved{% if status.approved_at %} on {% time_element status.approved_at %}{% endif %}'
    "{% if attribution.approvers %} by {% for credit in attribution.approvers %}{% with reviewer=credit.reviewer %}"
    + REVIEWER
    + "{% endwith %}"
    + SEPARATOR
    + "{% endfor %}{% endif %}.</p>\n"
    '{% if confirmation %}<p class="confirmed-by">Confirmed still current on {% time_element confirmation.at %} by '
    "{% with reviewer=confirmation.reviewer %}" + REVIEWER + "{% endwith %}.</p>{% endif %}\n"
    '{% if attribution.others %}<p class="also-reviewed">Also reviewed by {% for other in attribution.others %}'
    "{% with reviewer=other.reviewer %}" + REVIEWER + "{% endwith %} ({% for credit in other.credits %}"
    '{{ credit.role }}{% if credit.action == "confirm_current" %} on {% time_element credit.at %}{% endif %}'
    + SEPARATOR
    + "{% endfor %})"
    + SEPARATOR
    + "{% endfor %}.</p>{% endif %}{% endwith %}{% endwith %}"
)
OLD_DATES = (
    "{% load vetted %}"
    "<div><dt>Last updated</dt><dd>{% if status.last_updated %}{% time_element status.last_updated %}"
    "{% else %}Not recorded{% endif %}</dd></div>\n"
    "<div><dt>Last reviewed</dt><dd>{% if status.last_reviewed %}{% time_element status.last_reviewed %}"
    "{% else %}Not recorded{% endif %}</dd></div>\n"
    '{% if through %}<div class="literature-checked"><dt>Literature checked through</dt><dd>'
    "{% time_element through %}</dd></div>{% endif %}\n"
    "<div><dt>Next review due</dt><dd>{% if status.next_review_due %}{% time_element status.next_review_due %}"
    "{% else %}Not scheduled{% endif %}</dd></div>"
)
OLD_BOARD_NOTES = """{% load vetted %}{% with revision=article.published_revision %}
<section class="board-notes" aria-labelledby="what-changed-heading">
  {% if revision.safety_category %}<p class="safety-update" id="safety-update"><strong>Updated for safety</strong> ({{ revision.get_safety_category_display|lower }}) on {% time_element revision.decided_at %}.</p>{% endif %}
  {% if revision.change_note.strip %}
  <h2 id="what-changed-heading" class="small-heading">What changed</h2>
  <p class="what-changed" id="what-changed">{{ revision.change_note }}</p>
  {% endif %}
  {% if disclosed_reviewers %}
  <h2 class="small-heading" id="disclosures-heading">Reviewers’ disclosures</h2>
  <ul class="disclosures" id="disclosures" aria-labelledby="disclosures-heading">
    {% for item in disclosed_reviewers %}
    <li>{% with reviewer=item %}{% if reviewer.url %}<a href="{{ reviewer.url }}" class="disclosed-by">{{ reviewer.name_with_credentials }}</a>{% else %}<span class="disclosed-by">{{ reviewer.name_with_credentials }}</span>{% endif %}{% endwith %}: {% if item.disclosure %}{% if item.disclosure.interests.strip %}{{ item.disclosure.interests }}{% else %}none declared{% endif %} (declared {% time_element item.disclosure.declared_on %}){% else %}no disclosure on file{% endif %}.</li>
    {% endfor %}
  </ul>
  {% endif %}
</section>
{% endwith %}"""  # noqa: E501 - the template as it was
OLD_CHOICES = """{% load vetted %}{% for option in audiences %}
    <li><a href="{% if preview_url %}{{ preview_url }}?audience={{ option.slug }}{% else %}{% memo_url 'articles:choose_audience' article.slug option.slug %}{% endif %}" rel="nofollow" class="chooser-option{% if option.pk == audience.pk %} is-current{% endif %}"{% if option.pk == audience.pk %} aria-current="page"{% endif %}>
      <span class="chooser-label">{{ option.label }}{% if option.pk == audience.pk %} <span class="chooser-badge">(shown now)</span>{% endif %}</span>
      <span class="chooser-description">{{ option.description }}</span>
    </a></li>
    {% endfor %}"""  # noqa: E501 - the template as it was

HOSTILE = '<script>alert("x")</script> & "quotes"'


def collapsed(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def old(template: str, **context) -> str:
    return collapsed(Template(template).render(Context(context)))


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, 30, tzinfo=UTC)


ANNA = Reviewer(HOSTILE, "MD", "Nephrology", "/board/anna/", Disclosed(date(2026, 1, 2), "Fees from <b>Acme</b>"))
BEN = Reviewer("Ben Bell", "", "", None, Disclosed(date(2026, 1, 3), "  "))  # no listed profile; none declared
CARA = Reviewer("Cara Cole", "PhD", "", "/board/cara/", None)  # no disclosure on file
DAN = Reviewer("Dan Dee", "MD", "", "/board/dan/")


def status(credits, **dates) -> ReviewStatus:
    defaults = {"approved_at": at(9), "last_updated": at(9), "last_reviewed": at(20), "next_review_due": None}
    return ReviewStatus(attribution=Attribution(credits=tuple(credits)), update_state=None, **{**defaults, **dates})


RICH = [
    Credit(4, DAN, START_REVIEW, at(1)),
    Credit(4, DAN, REQUEST_CHANGES, at(2)),
    Credit(1, ANNA, APPROVE, at(7)),
    Credit(2, BEN, APPROVE, at(8)),
    Credit(3, CARA, APPROVE, at(9)),
    Credit(4, DAN, CONFIRM_CURRENT, at(15)),
    Credit(2, BEN, CONFIRM_CURRENT, at(20)),
]


def test_credits_read_as_the_template_wrote_them():
    cases = [
        status(RICH),
        status([Credit(1, ANNA, APPROVE, at(7))]),
        status([Credit(1, ANNA, APPROVE, at(7)), Credit(2, BEN, APPROVE, at(8))], approved_at=None),
        status([Credit(4, DAN, START_REVIEW, at(1))]),  # approved by no one the records name
        status([]),
    ]
    for case in cases:
        assert collapsed(page_html.review_credits_html(case)) == old(OLD_CREDITS, status=case)
    assert "&lt;script&gt;" in page_html.review_credits_html(cases[0])


def test_dates_read_as_the_template_wrote_them():
    for case, through in [
        (status(RICH), date(2026, 2, 1)),
        (status(RICH, last_updated=None, last_reviewed=None, next_review_due=date(2027, 3, 1)), None),
    ]:
        assert collapsed(page_html.review_dates_html(case, through)) == old(OLD_DATES, status=case, through=through)


def test_board_notes_read_as_the_template_wrote_them():
    reviewers = [ANNA, BEN, CARA]
    for revision, disclosed in [
        (Revision(safety_category="withdrawal_or_alert", change_note=HOSTILE, decided_at=at(9)), reviewers),
        (Revision(safety_category="", change_note="  ", decided_at=at(9)), reviewers),
        (Revision(safety_category="practice_changing", change_note="Dose lowered.", decided_at=at(9)), []),
        (Revision(safety_category="", change_note="", decided_at=None), []),
    ]:

        class Page:  # what the template read: article.published_revision
            published_revision = revision

        expected = old(OLD_BOARD_NOTES, article=Page, disclosed_reviewers=disclosed)
        assert collapsed(page_html.board_notes_html(revision, disclosed)) == expected


def test_no_disclosure_on_file_and_none_declared_are_said():
    html = page_html.board_notes_html(Revision(change_note=""), [BEN, CARA])
    assert "Ben Bell</span>: none declared (declared" in html
    assert "Cara Cole, PhD</a>: no disclosure on file." in html


def test_chooser_options_read_as_the_template_wrote_them():
    audiences = [
        Audience(pk=1, slug="patient", label="Patient <or> carer", description=HOSTILE),
        Audience(pk=2, slug="student", label="Student", description="Studying"),
    ]

    class Article:
        slug = "calciphylaxis"

    def choose_url(slug, audience_slug):
        return f"/articles/{slug}/choose/{audience_slug}/"

    for audience in audiences:
        for preview_url in ["", "/preview/3/"]:
            expected = old(
                OLD_CHOICES, article=Article, audience=audience, audiences=audiences, preview_url=preview_url
            )
            new = page_html.audience_choices_html(Article, audience, audiences, choose_url, preview_url)
            assert collapsed(new) == expected


def test_iso_local_writes_what_the_date_filter_wrote(settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # a zone ahead of UTC, with daylight saving
    for moment in [
        datetime(2026, 11, 25, 23, 30, 5, 123456, tzinfo=UTC),
        datetime(2026, 6, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 6, 1, 12, 0),  # naive
        date(2026, 3, 5),
    ]:
        expected = Template("{{ value|date:'c' }}").render(Context({"value": moment}))
        assert Template("{% load vetted %}{{ value|iso_local }}").render(Context({"value": moment})) == expected


def test_memo_static_is_the_static_tag():
    for path in ["vetted/site.css", "vetted/favicon.svg"]:
        expected = Template("{% load static %}{% static path %}").render(Context({"path": path}))
        assert Template("{% load vetted %}{% memo_static path %}").render(Context({"path": path})) == expected

"""Drafts, revisions under review, rejected and withdrawn text: unreachable to anonymous readers by any address.

Every public URL pattern is tried with every slug and id that exists (including those of unpublished
revisions), with and without the query strings a preview, search or feed might read. Other areas'
addresses (feeds, sitemap, search, preview links) are covered automatically once their URL patterns
exist; list explicit extra addresses in ``EXTRA_ADDRESSES``.
"""

import itertools

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import Audience
from editorial import services
from editorial.models import Revision
from editorial.rules import State
from tests.factories import ReferenceFactory, make_article, publish
from tests.security.support import revision_in

SECRET = "UNAPPROVED-7f3c"  # in every text of every revision readers must not see
WITHDRAWN = "WITHDRAWN-9a1d"
# The titles of the withdrawn revision: its 410 page names the article (readers saw that title when it was
# public), and no other page may show them.
WITHDRAWN_TITLE = "GONE-TITLE-4b2e"
WITHDRAWN_REASON = "REASON-FOR-THE-AUDIT-TRAIL-c8e1"
# A word in every secret text, sent as the search query ("{q}"): pages echo a query back (the search box,
# "results for ...", the home page's canonical link), so the query must not be the marker itself. A
# revision the search wrongly found would still show its SECRET title.
SEARCH_WORD = "zanzibarquux"

# Addresses other areas may add or that no URL pattern spells out; "{slug}", "{pk}" and "{q}" are filled in.
EXTRA_ADDRESSES = [
    "/sitemap.xml",
    "/feed/",
    "/feeds/",
    "/rss/",
    "/atom/",
    "/search/?q={q}",
    "/?q={q}",
    "/articles/{slug}/?revision={pk}",
    "/articles/{slug}/?preview=1",
    "/articles/{slug}/?version={pk}",
    "/articles/{slug}/revisions/{pk}/",
    "/articles/{slug}/preview/",
    "/preview/{pk}/",
    "/revisions/{pk}/",
    "/api/articles/{slug}/",
    "/admin/autocomplete/?app_label=editorial&model_name=revision&field_name=based_on&term={q}",
    "/admin/editorial/revision/{pk}/change/",
    "/admin/editorial/revision/{pk}/history/",
    "/admin/editorial/revision/?q={q}",
    "/admin/jsi18n/",
    # The syndication API (its URL patterns are walked too; these add real audiences and filters).
    "/api/v1/articles/{slug}/?audience=patient-or-caregiver",
    "/api/v1/articles/{slug}/?audience=student",
    "/api/v1/articles/{slug}/?audience=healthcare-professional",
    "/api/v1/articles/?q={q}",
    "/api/v1/articles/?q={q}&audience=patient-or-caregiver&ordering=reviewed",
    "/api/v1/articles/?letter=s&page_size=100",
    "/api/v1/changes/?since=2000-01-01T00:00:00Z",
    "/api/v1/references/secret-ref/",
]
# Values for URL parameters by name, used instead of the values chosen by converter type (slugs and ids);
# every audience in the database is added to these at run time.
PARAMETER_VALUES = {"audience_slug": ["patient", "clinician", "professional", "plain"]}
QUERY_STRINGS = ["", "?revision={pk}", "?preview=1&revision={pk}", "?q={q}", "?format=json", "?audience=patient"]


def secret_texts(marker: str) -> dict:
    return {
        "title": f"{marker} {SEARCH_WORD} title?",
        "plain_title": f"{marker} {SEARCH_WORD} plain title",
        "summary": f"{marker} {SEARCH_WORD} summary [@secret-ref]",
        "plain_summary": f"{marker} {SEARCH_WORD} plain summary",
        # The what-changed note readers see once approved (issue 18), on a practice-changing update that the
        # What's new page would list once approved.
        "change_note": f"{marker} {SEARCH_WORD} what changed",
        "safety_category": "practice_changing",
    }


def secret_sections(marker: str) -> list[dict]:
    return [
        {
            "heading": f"{marker} {SEARCH_WORD} heading",
            "body": f"{marker} {SEARCH_WORD} body",
            "plain_heading": f"{marker} {SEARCH_WORD} plain",
            "plain_body": f"{marker} {SEARCH_WORD} plain body",
        }
    ]


@pytest.fixture
def unpublished_everywhere(staff):
    """Published articles with open revisions in every unpublished state, plus never-published ones."""
    slugs, pks = [], []
    ReferenceFactory(key="secret-ref", title=f"{SECRET} {SEARCH_WORD} reference only unpublished text cites")
    for state in (State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.CHANGES_REQUESTED, State.REJECTED):
        # Never published at all:
        hidden = revision_in(state, staff=staff, slug=f"never-{state.replace('_', '-')}")
        if state in (State.DRAFT, State.CHANGES_REQUESTED):
            hidden = services.revision_edit(
                actor=staff.author,
                revision=hidden,
                expected_version=hidden.version,
                sections=secret_sections(SECRET),
                **secret_texts(SECRET),
            )
        # Published, with a newer revision in this state:
        public = publish(make_article(actor=staff.author, slug=f"public-{state.replace('_', '-')}"), **_roles(staff))
        newer = services.revision_start_new(actor=staff.second_editor, article=public.article)
        newer = services.revision_edit(
            actor=staff.second_editor,
            revision=newer,
            expected_version=newer.version,
            sections=secret_sections(SECRET),
            **secret_texts(SECRET),
        )
        newer = _move(newer, state, staff)
        slugs += [hidden.article.slug, public.article.slug]
        pks += [hidden.pk, hidden.article_id, newer.pk, public.pk]
    # Submitted/under review/rejected never-published revisions need their secret too: write before submitting.
    for state in (State.SUBMITTED, State.UNDER_REVIEW, State.REJECTED):
        draft = make_article(
            actor=staff.author,
            slug=f"secret-{state.replace('_', '-')}",
            sections=secret_sections(SECRET),
            **secret_texts(SECRET),
        )
        moved = _move(draft, state, staff)
        slugs.append(moved.article.slug)
        pks += [moved.pk, moved.article_id]
    # Approved by one board member of the two its article needs (issue 18's quorum): still unpublished.
    dosing = make_article(
        actor=staff.author, slug="secret-dosing", sections=secret_sections(SECRET), **secret_texts(SECRET)
    )
    services.article_set_board_rules(actor=staff.chief, article=dosing.article, topics="dosing", approvals_required=2)
    dosing = _move(dosing, State.UNDER_REVIEW, staff)
    dosing = services.revision_approve(actor=staff.second_reviewer, revision=dosing)
    assert dosing.state == State.UNDER_REVIEW
    slugs.append(dosing.article.slug)
    pks += [dosing.pk, dosing.article_id]
    withdrawn_texts = secret_texts(WITHDRAWN) | {
        "title": f"{WITHDRAWN_TITLE} {SEARCH_WORD} title?",
        "plain_title": f"{WITHDRAWN_TITLE} {SEARCH_WORD} plain title",
    }
    withdrawn = publish(
        make_article(actor=staff.author, slug="withdrawn", sections=secret_sections(WITHDRAWN), **withdrawn_texts),
        **_roles(staff),
    )
    services.revision_withdraw(actor=staff.chief, revision=withdrawn, comment=f"Unsafe. {WITHDRAWN_REASON}")
    # Redrafted since: the 410 page must name the withdrawn revision, not this one no board member approved.
    redraft = services.revision_start_new(actor=staff.second_editor, article=withdrawn.article)
    redraft = services.revision_edit(
        actor=staff.second_editor,
        revision=redraft,
        expected_version=redraft.version,
        sections=secret_sections(SECRET),
        **secret_texts(SECRET),
    )
    slugs.append("withdrawn")
    pks += [withdrawn.pk, withdrawn.article_id, redraft.pk]
    return slugs, sorted(set(pks))


def _roles(staff):
    return {"editor": staff.author, "reviewer": staff.reviewer}


def _move(revision, state, staff):
    if state in (State.DRAFT,):
        return revision
    revision = services.revision_submit(actor=revision.author, revision=revision)
    if state == State.SUBMITTED:
        return revision
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    if state == State.UNDER_REVIEW:
        return revision
    if state == State.CHANGES_REQUESTED:
        return services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="More.")
    return services.revision_reject(actor=staff.reviewer, revision=revision, comment="No.")


def public_patterns(resolvers=None, prefix=""):
    """Every URL pattern outside the admin, as (route text, converter names)."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern.converters if hasattr(entry.pattern, "converters") else {}


def addresses(slugs, pks):
    values = {"slug": slugs, "int": pks, "str": slugs + [str(pk) for pk in pks], "path": slugs}
    by_name = {name: list(chosen) for name, chosen in PARAMETER_VALUES.items()}
    audiences = set(Audience.objects.values_list("slug", flat=True))
    by_name["audience_slug"] += sorted(audiences - set(by_name["audience_slug"]))
    for route, converters in public_patterns():
        if "^" in route or "(?P" in route:
            continue  # regular-expression routes are listed in EXTRA_ADDRESSES instead
        names = list(converters)
        choices = [
            by_name.get(name) or values.get(type(converters[name]).__name__.replace("Converter", "").lower(), slugs)
            for name in names
        ]
        for combination in itertools.product(*choices) if names else [()]:
            path = "/" + route
            for name, value in zip(names, combination, strict=True):
                path = path.replace(f"<{_spelled(route, name)}>", str(value))
            for query in QUERY_STRINGS:
                for pk in pks[:6]:
                    yield path + query.format(pk=pk, q=SEARCH_WORD)
    for template in EXTRA_ADDRESSES:
        for slug, pk in itertools.product(slugs, pks[:6]):
            yield template.format(slug=slug, pk=pk, q=SEARCH_WORD)


def _spelled(route: str, name: str) -> str:
    start = route.index(f":{name}>") if f":{name}>" in route else route.index(f"<{name}>")
    return route[route.rindex("<", 0, start + 1) + 1 : route.index(">", start)]


def test_no_public_address_shows_unapproved_or_withdrawn_text(unpublished_everywhere):
    slugs, pks = unpublished_everywhere
    assert Revision.objects.filter(title__contains=SECRET).count() == 12  # the secret is really there
    client = Client()
    seen, answered = set(), set()
    leaks = []
    gone_pages = []
    for address in addresses(slugs, pks):
        if address in seen:
            continue
        seen.add(address)
        client.cookies.clear()  # an audience chosen at one address would redirect the next ones
        response = client.get(address)
        assert response.status_code < 500, address
        if response.status_code == 200:
            answered.add(address)
        body = response.content.decode(errors="replace")
        if SECRET in body or WITHDRAWN in body or WITHDRAWN_REASON in body:
            leaks.append(address)
        if WITHDRAWN_TITLE in body:  # only the withdrawn article's own 410 page names it
            if response.status_code != 410 or not address.startswith("/articles/withdrawn/"):
                leaks.append(address)
            gone_pages.append(address)
    assert leaks == [], leaks
    assert "/articles/withdrawn/" in gone_pages  # the 410 page does name the article
    assert len(seen) > 100  # the walk really covered the site
    # Every public page of the reader's site was among the addresses, with real audiences.
    for name in ("for", "choose", "report", "board", "az", "robots.txt", "feed", "sitemap.xml", "search"):
        assert any(f"/{name}" in address for address in seen), name
    for name in ("articles/public-draft/", "articles/?", "changes/", "references/", "board/", "openapi.json"):
        assert any(address.startswith(f"/api/v1/{name}") for address in seen), name
    # The API really served the published articles whose newer revision holds the secret.
    assert "/api/v1/articles/public-under-review/?audience=student" in answered
    audience = Audience.objects.order_by("pk").first()
    assert any(address.startswith(f"/articles/public-draft/for/{audience.slug}/") for address in seen)


def test_published_article_shows_its_approved_revision_while_a_newer_one_is_in_review(client, staff):
    public = publish(make_article(actor=staff.author, slug="p"), editor=staff.author, reviewer=staff.reviewer)
    newer = services.revision_start_new(actor=staff.second_editor, article=public.article)
    services.revision_edit(
        actor=staff.second_editor, revision=newer, expected_version=newer.version, **secret_texts(SECRET)
    )
    body = client.get(public.article.get_absolute_url()).content.decode()
    assert public.title in body and SECRET not in body

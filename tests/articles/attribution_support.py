"""The attribution a page should show, derived straight from the audit trail (``TransitionRecord`` and
``ArticleReview`` rows read with the ORM), independently of ``articles.attribution``; and the attribution a
page does show, read back from its HTML and JSON-LD."""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from articles.models import Article, BoardProfile
from editorial.models import ArticleReview, TransitionRecord

ROLES = {
    "start_review": "started the review",
    "request_changes": "requested changes",
    "approve": "approved",
    "confirm_current": "confirmed still current",
}


@dataclass(frozen=True)
class Act:
    at: datetime
    user_id: int
    action: str


def acts_of(revision) -> list[Act]:
    """Every credited act on the revision, in time order: its review steps and its confirmations."""
    steps = TransitionRecord.objects.filter(
        revision=revision, action__in=["start_review", "request_changes", "approve", "quorum_approve"]
    )
    # One approval of several (issue 18's quorum) is an approval like the last one.
    acts = [Act(record.created_at, record.actor_id, record.action.replace("quorum_", "")) for record in steps]
    acts += [
        Act(review.reviewed_at, review.reviewer_id, "confirm_current") for review in revision.currency_reviews.all()
    ]
    return sorted(acts, key=lambda act: act.at)


def collapsed(acts: list[Act]) -> dict[tuple[int, str], datetime]:
    """(person, action) -> when they last did it, in the order they first did it."""
    credits: dict[tuple[int, str], datetime] = {}
    for act in acts:
        credits[(act.user_id, act.action)] = act.at
    return credits


def name_and_link(user_id: int) -> tuple[str, str | None]:
    profile = BoardProfile.objects.filter(user_id=user_id).select_related("user").first()
    if profile is not None:
        return profile.name_with_credentials, (f"/board/{profile.slug}/" if profile.listed else None)
    user = ArticleReview._meta.get_field("reviewer").related_model.objects.get(pk=user_id)
    return user.get_full_name() or user.username, None


def day(moment: datetime) -> str:
    local = timezone.localtime(moment).date()
    return f"{local:%B} {local.day}, {local.year}"


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class Expected:
    lines: list[str]  # the review-credits paragraphs, as text
    links: dict[str, str]  # name -> board page, for those with a listed profile
    json_ld: list[tuple[str, str, str]]  # (roleName, person's name, startDate)
    named: dict[int, list[tuple[str, datetime]]]  # person -> [(role, when)] the page names them for


def expected_attribution(article: Article) -> Expected:
    credits = collapsed(acts_of(article.published_revision))
    approvals = sorted((at, user) for (user, action), at in credits.items() if action == "approve")
    approved_at = approvals[-1][0]
    approvers = [user for _, user in approvals]
    confirmations = [(at, user) for (user, action), at in credits.items() if action == "confirm_current"]
    latest = max(confirmations) if confirmations else None
    lines = [f"Approved on {day(approved_at)} by {and_list([name_and_link(user)[0] for user in approvers])}."]
    named: dict[int, list[tuple[str, datetime]]] = {user: [("approved", at)] for at, user in approvals}
    if latest is not None:
        lines.append(f"Confirmed still current on {day(latest[0])} by {name_and_link(latest[1])[0]}.")
        named.setdefault(latest[1], []).append(("confirmed still current", latest[0]))
    others: dict[int, list[str]] = {}
    for (user, action), at in credits.items():
        if user in approvers or (latest is not None and (user, action) == (latest[1], "confirm_current")):
            continue
        role = ROLES[action] + (f" on {day(at)}" if action == "confirm_current" else "")
        others.setdefault(user, []).append(role)
        named.setdefault(user, []).append((ROLES[action], at))
    if others:
        people = [f"{name_and_link(user)[0]} ({and_list(roles)})" for user, roles in others.items()]
        lines.append(f"Also reviewed by {and_list(people)}.")
    links = {}
    for user, _ in credits:
        name, link = name_and_link(user)
        if link:
            links[name] = link
    json_ld = [
        (ROLES[action], _plain_name(user), timezone.localtime(at).date().isoformat())
        for (user, action), at in credits.items()
    ]
    return Expected(lines, links, json_ld, {user: sorted(roles, key=lambda r: r[1]) for user, roles in named.items()})


def _plain_name(user_id: int) -> str:
    profile = BoardProfile.objects.filter(user_id=user_id).first()
    if profile is not None:
        return profile.display_name
    return name_and_link(user_id)[0]


# ---------------------------------------------------------------------------------------------
# What the page shows.


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def credit_block(page: str) -> str:
    match = re.search(r'<div class="review-credits">(.*?)</div>', page, re.S)
    assert match, "the page has no review credits"
    return match.group(1)


def credit_lines(page: str) -> list[str]:
    return [text_of(paragraph) for paragraph in re.findall(r"<p[^>]*>(.*?)</p>", credit_block(page), re.S)]


def credit_links(page: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]+)" class="reviewer">([^<]+)</a>', credit_block(page))
    return {html_lib.unescape(name): href for href, name in found}


def json_ld_roles(page: str) -> list[tuple[str, str, str]]:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert all(role["@type"] == "Role" and role["reviewedBy"]["@type"] == "Person" for role in data["reviewedBy"])
    return [(role["roleName"], role["reviewedBy"]["name"], role["startDate"]) for role in data["reviewedBy"]]


def board_page_items(page: str) -> list[str]:
    match = re.search(r'<ul class="article-list">(.*?)</ul>', page, re.S)
    assert match, "the board member's page lists no articles"
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]


def expected_board_item(title: str, roles: list[tuple[str, datetime]]) -> str:
    """ "<title> Started the review and requested changes on <day> and confirmed still current on <day>"."""
    runs: list[tuple[str, list[str]]] = []
    for role, at in roles:
        if runs and runs[-1][0] == day(at):
            runs[-1][1].append(role)
        else:
            runs.append((day(at), [role]))
    parts = [f"{and_list(run_roles)} on {run_day}" for run_day, run_roles in runs]
    parts[0] = parts[0][0].upper() + parts[0][1:]
    return f"{title} {and_list(parts)}"

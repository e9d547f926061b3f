"""Shared tools for the security tests: revisions in any state, database snapshots, form scraping."""

from __future__ import annotations

from django.apps import apps

from editorial import services
from editorial.rules import State
from tests.factories import make_article
from tests.security.htmlforms import scrape_form  # noqa: F401 - re-exported for the tests

# Tables a request may legitimately touch without changing content: the session store and the login
# throttle's own bookkeeping. Everything else (content, history, audit, admin log, users) must not move.
VOLATILE_TABLES = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (historical tables included), ordered, so any change shows."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label_lower not in VOLATILE_TABLES and model._meta.managed
    }


def diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


def revision_in(state: str, *, staff, author=None, slug: str | None = None):
    """An article whose latest revision (by ``author``) is in ``state``, reached through the services."""
    author = author or staff.author
    reviewer = staff.second_reviewer if author == staff.reviewer else staff.reviewer
    revision = make_article(actor=author, slug=slug or f"article-{state.replace('_', '-')}")
    if state == State.DRAFT:
        return revision
    revision = services.revision_submit(actor=author, revision=revision)
    if state == State.SUBMITTED:
        return revision
    revision = services.revision_start_review(actor=reviewer, revision=revision)
    if state == State.UNDER_REVIEW:
        return revision
    if state == State.CHANGES_REQUESTED:
        return services.revision_request_changes(actor=reviewer, revision=revision, comment="Cite the trial.")
    if state == State.REJECTED:
        return services.revision_reject(actor=reviewer, revision=revision, comment="Out of scope.")
    revision = services.revision_approve(actor=reviewer, revision=revision)
    if state == State.APPROVED:
        return revision
    if state == State.WITHDRAWN:
        return services.revision_withdraw(actor=staff.chief, revision=revision, comment="Unsafe advice.")
    if state == State.SUPERSEDED:
        newer = services.revision_start_new(actor=author, article=revision.article)
        newer = services.revision_submit(actor=author, revision=newer)
        newer = services.revision_start_review(actor=reviewer, revision=newer)
        services.revision_approve(actor=reviewer, revision=newer)
        revision.refresh_from_db()
        return revision
    raise ValueError(state)

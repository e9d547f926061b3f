"""Shared tools for the security tests: revisions in any state, database snapshots, form scraping."""

from __future__ import annotations

from html.parser import HTMLParser

from django.apps import apps

from editorial import services
from editorial.rules import State
from tests.factories import make_article

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


class _FormScraper(HTMLParser):
    """The fields of the form with ``form_id`` (or the first POST form), as a browser would submit them."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_chosen: str | None = None
        self._multiple = False

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            wanted = attrs.get("id") == self.form_id if self.form_id else attrs.get("method", "").lower() == "post"
            self.in_form = wanted
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._select_value, self._select_chosen = name, None, None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs and self._multiple:
                self._add(self._select, value)
            elif "selected" in attrs:
                self._select_chosen = value
            elif self._select_value is None:
                self._select_value = value  # a browser submits the first option when none is selected

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._multiple:
            self._select = None  # a multiple select submits only what is selected (added as seen)
        elif tag == "select" and self._select:
            chosen = self._select_chosen if self._select_chosen is not None else self._select_value
            self._add(self._select, chosen or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def scrape_form(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    scraper = _FormScraper(form_id)
    scraper.feed(html)
    # A textarea's first newline belongs to the markup, not the value.
    return {
        name: [value[1:] if value.startswith("\n") else value for value in values]
        for name, values in scraper.data.items()
    }

"""The board's rules (issue 18): recusal on a declared conflict, lapsed disclosures, and approval quorums.

- **Recusal**: a board member whose latest disclosure declares a conflict on one of an article's topics takes
  no part in its review decisions (start review, request changes, reject, approve), is never assigned it, and
  does not confirm it current. The refusal names the disclosure.
- **Lapsed disclosure**: a disclosure holds ``settings.VETTED_DISCLOSURE_VALID_MONTHS``; after that its member
  approves nothing until they declare again. (A member with no disclosure on file is not blocked: the dashboard
  lists them as due, and the public page says "no disclosure on file".)
- **Quorum**: an article needs ``approvals_required`` approvals. The approvals of a round are the
  ``quorum_approve`` records since the revision's latest ``start_review`` or ``request_changes``: a request for
  changes by any member resets the round. Nobody approves twice in a round.

Reads go through related managers (``user.disclosures``, ``revision.transitions``): the package imports no
models, because ``editorial.models`` imports it.
"""

from __future__ import annotations

from django.db.models import Subquery
from django.utils import timezone

from articles.topics import split_topics
from editorial import errors

BOARD_DECISIONS = frozenset({"start_review", "request_changes", "reject", "approve"})
QUORUM_APPROVE = "quorum_approve"  # a rules.EVENTS record: one member's approval, short of the quorum
# A request for changes by any member ends the round; the next start of review begins a new one.
ROUND_RESETS = frozenset({"request_changes", "start_review"})


def latest_disclosure(user):
    """The disclosure in force for ``user`` (their latest), or None."""
    disclosures = getattr(user, "disclosures", None)
    return disclosures.order_by("-declared_on", "-id").first() if disclosures is not None else None


def recusal(user, article):
    """``(disclosure, conflicting topics)`` when ``user``'s disclosure recuses them from ``article``; else None."""
    topics = split_topics(article.topics)
    if not topics or not getattr(user, "pk", None):
        return None
    disclosure = latest_disclosure(user)
    conflicts = sorted(disclosure.topic_set & topics) if disclosure is not None else []
    return (disclosure, conflicts) if conflicts else None


def _disclosure_words(disclosure, conflicts) -> dict:
    return {
        "declared": f"{disclosure.declared_on:%Y-%m-%d}",
        "interests": disclosure.summary,
        "topics": ", ".join(conflicts),
    }


def check_not_recused(user, article, action: str) -> None:
    found = recusal(user, article)
    if found:
        words = _disclosure_words(*found)
        phrase = errors.CONFIRM_CURRENT_PHRASE if action == "confirm_current" else errors.action_phrase(action)
        raise errors.RecusedError(errors.RECUSED_MESSAGE.format(action=phrase, **words))


def recused_reviewer_message(reviewer, article) -> str:
    """Why ``reviewer`` cannot be assigned ``article``'s revision, or "" when they are not recused."""
    found = recusal(reviewer, article)
    if not found:
        return ""
    name = reviewer.get_full_name() or reviewer.username
    return errors.RECUSED_REVIEWER_MESSAGE.format(name=name, **_disclosure_words(*found))


def disclosure_lapsed(disclosure, today=None) -> bool:
    return disclosure is not None and disclosure.valid_until < (today or timezone.localdate())


def check_disclosure_current(user, revision) -> None:
    # The date of the member's latest disclosure comes with the article's rules (one read per request); the
    # disclosure itself is read only to word a refusal.
    declared_on = _article_rules(revision, user).member_declared_on
    if declared_on is None or not _lapsed(declared_on):
        return
    disclosure = latest_disclosure(user)
    if disclosure_lapsed(disclosure):
        raise errors.DisclosureExpiredError(
            errors.DISCLOSURE_EXPIRED_MESSAGE.format(
                declared=f"{disclosure.declared_on:%Y-%m-%d}", until=f"{disclosure.valid_until:%Y-%m-%d}"
            )
        )


def approvals_this_round(revision) -> list[int]:
    """Who approved ``revision`` toward its quorum since its review last started, in order (user ids)."""
    approvers: list[int] = []
    for action, actor_id in revision.transitions.order_by("created_at", "pk").values_list("action", "actor_id"):
        if action in ROUND_RESETS:
            approvers = []  # a new round: earlier approvals were of a text sent back since
        elif action == QUORUM_APPROVE:
            approvers.append(actor_id)
    return approvers


def _article_rules(revision, user=None):
    """The revision's article, read for its topics and quorum (with ``user``'s latest disclosure date as
    ``member_declared_on``), kept on ``revision`` for the request: every button asks. Not cached as
    ``revision.article``: the approval that follows publishes the article, and the revision it returns must
    not carry a stale one. The services ask on a freshly locked instance."""
    key = getattr(user, "pk", None)
    cache = revision.__dict__.setdefault("_board_articles", {})
    if key not in cache:
        articles = revision._meta.get_field("article").related_model.objects
        query = articles.only("topics", "approvals_required").filter(pk=revision.article_id)
        disclosures = getattr(user, "disclosures", None)
        if key is not None and disclosures is not None:
            latest = disclosures.model.objects.filter(member_id=key).order_by("-declared_on", "-id")
            query = query.annotate(member_declared_on=Subquery(latest.values("declared_on")[:1]))
        cache[key] = query.get()
    return cache[key]


def _lapsed(declared_on) -> bool:
    from datetime import timedelta

    from django.conf import settings

    days = round(settings.VETTED_DISCLOSURE_VALID_MONTHS * 365.25 / 12)
    return declared_on + timedelta(days=days) < timezone.localdate()


def round_approvers(revision) -> list[int]:
    """``approvals_this_round``, kept on the instance for the request (every button asks; the services ask
    on a freshly locked instance, so a decision never reads a stale answer)."""
    approvers = revision.__dict__.get("_board_approvers")
    if approvers is None:
        approvers = revision._board_approvers = approvals_this_round(revision)
    return approvers


def quorum_progress_ids(revision) -> tuple[int, list[int]]:
    """How many approvals ``revision`` needs and who gave them this round (no read when one is enough)."""
    asked = revision.__dict__.get("_board_articles") or {}  # any user's read has the article's rules
    required = (next(iter(asked.values()), None) or _article_rules(revision)).approvals_required
    return required, (round_approvers(revision) if required > 1 else [])


def check_board_decision(user, action: str, revision) -> None:
    """The board's rules for a review decision on ``revision`` (other actions pass)."""
    if action not in BOARD_DECISIONS:
        return
    article = _article_rules(revision, user)
    check_not_recused(user, article, action)
    if action == "approve":
        check_disclosure_current(user, revision)
        # With one approval needed there is no earlier approval in the round to count twice.
        approvers = round_approvers(revision) if article.approvals_required > 1 else []
        if user.pk in approvers:
            raise errors.AlreadyApprovedError(
                errors.ALREADY_APPROVED_MESSAGE.format(count=len(approvers), needed=article.approvals_required)
            )

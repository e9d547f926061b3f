"""The board's rules (issue 18): disclosures, an article's topics and quorum, overdue safety updates.

The rules themselves (who is recused, whose disclosure lapsed, whose approval counts) are the permission
policy's (``editorial/permissions/board.py``); these are the writes that feed them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import pagecache
from articles.invalidation import retire_article_on_commit
from articles.models import Article, Disclosure
from core.history import save_with_history
from editorial import notifications, permissions, selectors
from editorial.models import Notification

SAFETY_OVERDUE_EVENT = "safety_overdue"


def disclosure_declare(*, actor, member, declared_on: date, interests: str = "", topics: str = "") -> Disclosure:
    """Record a board member's disclosure (the editor-in-chief, from the member's signed form).

    It replaces the member's earlier one for every rule and page from now on; the earlier one stays on record.
    """
    permissions.check(actor, "add", Disclosure)
    if not permissions.is_board_member(member):
        raise ValidationError({"member": "Disclosures are recorded for Medical Advisory Board members only."})
    if declared_on > timezone.localdate():
        raise ValidationError({"declared_on": "A disclosure cannot be dated in the future."})
    with transaction.atomic():
        disclosure = Disclosure(member=member, declared_on=declared_on, interests=interests.strip(), topics=topics)
        disclosure.full_clean()
        save_with_history(disclosure, actor=actor, reason="Disclosure declared")
        # Every article page lists its reviewers' disclosures.
        transaction.on_commit(pagecache.invalidate_all)
    return disclosure


def article_set_board_rules(*, actor, article: Article, topics: str, approvals_required: int) -> Article:
    """The editor-in-chief sets an article's topics (for recusal) and how many approvals it needs.

    A revision already under review keeps the approvals it has; the new quorum applies to the next approval.
    """
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        permissions.check(actor, "change", locked)
        if (locked.topics, locked.approvals_required) == (topics, approvals_required):
            return locked
        locked.topics = topics
        locked.approvals_required = approvals_required
        locked.full_clean()
        save_with_history(
            locked, actor=actor, reason=f"Board rules: topics “{topics}”, {approvals_required} approval(s) required"
        )
        retire_article_on_commit(locked.pk)  # the page caches and the proxy, once committed
    return locked


def safety_overdue_notify(*, now=None) -> list[int]:
    """Email the editor-in-chief about each safety update past its deadline, once per revision.

    Run by ``manage.py notify_overdue_safety_updates`` (a scheduler, hourly: the shortest deadline is 48 hours).
    The outbox row is the record that it was sent, so a second run queues nothing for the same revision.
    """
    queued: list[int] = []
    already = set(
        Notification.objects.filter(event=SAFETY_OVERDUE_EVENT, revision__isnull=False).values_list(
            "revision_id", flat=True
        )
    )
    for revision in selectors.overdue_safety_updates(now=now):
        if revision.pk not in already:
            with transaction.atomic():
                queued += notifications.notify_safety_overdue(revision=revision, event=SAFETY_OVERDUE_EVENT)
    return queued

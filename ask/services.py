"""Writes of the question box: its wording (saved by editors, approved by a board member) and readers'
questions (sent, marked handled, pruned). Each asks the one policy (``core.policy``) first; wording is
saved with history and retires every cached page once committed (answers quote it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.invalidation import retire_all_on_commit
from ask.concepts import tokens
from ask.models import Question, Wording
from core import policy
from core.history import refuse_changed_since, save_with_history

RETENTION_DAYS: int = getattr(settings, "VETTED_ASK_RETENTION_DAYS", 180)


def wording_save(*, actor, wording: Wording, reason: str = "") -> Wording:
    """Add or change a row of wording; any change withdraws its approval until a board member approves it."""
    with transaction.atomic():
        if wording.pk:
            Wording.objects.select_for_update().get(pk=wording.pk)  # the row, locked until the commit
        policy.check(actor, "change" if wording.pk else "add", wording if wording.pk else Wording)
        wording.full_clean()
        wording.changed_by = actor
        wording.approved_by, wording.approved_at = None, None
        save_with_history(wording, actor=actor, reason=reason or ("Changed" if wording.pk else "Written"))
        retire_all_on_commit()  # answer pages quote with this wording: every cache, the proxy too
    return wording


def wording_approve(*, actor, wording: Wording, seen_at: datetime | None = None) -> Wording:
    """A board member approves the row as they saw it (on a page shown at ``seen_at``): from the commit on,
    the box uses it. A row changed since that page was shown is refused, never approved unseen."""
    with transaction.atomic():
        locked = Wording.objects.select_for_update().get(pk=wording.pk)
        policy.check(actor, "approve_wording", locked)
        refuse_changed_since(locked, seen_at)
        locked.approved_by, locked.approved_at = actor, timezone.now()
        save_with_history(locked, actor=actor, reason="Approved by the board")
        retire_all_on_commit()  # answer pages quote with this wording: every cache, the proxy too
    return locked


def question_terms(text: str) -> str:
    """Similar questions share this key: their stemmed content words, each once, sorted."""
    return " ".join(sorted(set(tokens(text))))[:250]


def question_send(*, text: str, audience_slug: str, asked_on: str, email: str) -> Question:
    """Store a question a reader chose to send to the editors (never their address)."""
    question = Question(
        text=text, terms=question_terms(text), audience_slug=audience_slug, asked_on=asked_on, email=email
    )
    question.full_clean()
    question.save()
    return question


def questions_mark_handled(*, actor, questions) -> int:
    with transaction.atomic():
        count = 0
        for question in Question.objects.select_for_update().filter(pk__in=[q.pk for q in questions]):
            policy.check(actor, "change", question)
            question.status = Question.Status.HANDLED
            question.save(update_fields=["status"])
            count += 1
    return count


def questions_prune(*, days: int = RETENTION_DAYS) -> int:
    """Delete questions older than the retention period (``VETTED_ASK_RETENTION_DAYS``). Returns how many."""
    deleted, _ = Question.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted

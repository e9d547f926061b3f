"""Checks that the stored data keeps Vetted's promises, whatever wrote it (app, import, restore, hand).

``find_violations`` reads everything and reports in plain sentences; ``manage.py check_integrity``
prints them and exits non-zero. Each check states the invariant it protects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from articles import letters
from articles.models import Article
from core.texts import REVISION_TEXT_FIELDS, revision_texts
from editorial.models import CitedReference, Revision, TransitionRecord
from editorial.permissions import QUORUM_APPROVE
from editorial.rules import EDITABLE_STATES, EVENTS, RULES, State
from references.citations import cited_keys
from references.models import Reference


@dataclass(frozen=True)
class Violation:
    check: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.detail}"


def _published_revisions_are_approved() -> list[Violation]:
    """Readers see only what the board approved: the published pointer names an Approved revision of that article."""
    found = []
    for article in Article.objects.filter(published_revision__isnull=False).select_related("published_revision"):
        revision = article.published_revision
        if revision.article_id != article.pk:
            found.append(
                Violation("published", article.slug, f"publishes revision id {revision.pk} of another article")
            )
        if revision.state != State.APPROVED:
            found.append(
                Violation("published", article.slug, f"publishes revision {revision.number}, which is {revision.state}")
            )
    for revision in Revision.objects.filter(state=State.APPROVED).select_related("article"):
        if revision.article.published_revision_id != revision.pk:
            found.append(
                Violation(
                    "published", revision.article.slug, f"revision {revision.number} is approved but not published"
                )
            )
    return found


def _one_approved_revision_per_article() -> list[Violation]:
    rows = Revision.objects.filter(state=State.APPROVED).values("article__slug").annotate(n=Count("pk")).filter(n__gt=1)
    return [Violation("one-approved", row["article__slug"], f"{row['n']} approved revisions") for row in rows]


def _compress(states: list[str]) -> list[str]:
    """Consecutive repeats removed: edits write history rows without changing state."""
    return [state for i, state in enumerate(states) if i == 0 or states[i - 1] != state]


def _audit_trail_matches_history() -> list[Violation]:
    """Every workflow step is recorded once, in order, and agrees with the revision's state history; the latest
    history row holds what the revision stores (its state and every text a board member reviews)."""
    found = []
    records = defaultdict(list)
    for record in TransitionRecord.objects.order_by("created_at", "pk"):
        records[record.revision_id].append(record)
    history = defaultdict(list)
    stored_fields = ("state", "version", *REVISION_TEXT_FIELDS)
    for row in Revision.history.order_by("history_date", "history_id").values("id", *stored_fields):
        history[row["id"]].append(row)
    for revision in Revision.objects.select_related("article"):
        subject = f"{revision.article.slug} revision {revision.number}"
        chain = records.get(revision.pk, [])
        if not chain:
            found.append(Violation("audit", subject, "has no workflow record at all"))
            continue
        if chain[0].action != "create" or chain[0].from_state != "" or chain[0].to_state != State.DRAFT:
            found.append(Violation("audit", subject, f"first record is {chain[0].action}, not its creation"))
        for record in chain[1:]:
            if record.action in EVENTS and record.from_state == record.to_state:
                # an event on the revision (an assignment, one approval toward a quorum), not a move
                continue
            rule = RULES.get(record.action)
            if rule is None or record.from_state not in rule.sources or record.to_state != rule.target:
                found.append(
                    Violation(
                        "audit",
                        subject,
                        f"record {record.pk} ({record.action} from {record.from_state or '-'} to {record.to_state}) "
                        "is no transition of the workflow",
                    )
                )
        for previous, record in zip(chain, chain[1:], strict=False):
            if record.from_state != previous.to_state:
                found.append(
                    Violation(
                        "audit",
                        subject,
                        f"record {record.pk} ({record.action}) starts from {record.from_state} "
                        f"but the previous step ended in {previous.to_state}",
                    )
                )
        if chain[-1].to_state != revision.state:
            found.append(
                Violation("audit", subject, f"is {revision.state} but its last record ends in {chain[-1].to_state}")
            )
        rows = history.get(revision.pk, [])
        if not rows:
            found.append(Violation("history", subject, "has no history rows"))
            continue
        recorded = _compress([r.to_state for r in chain])
        historical = _compress([row["state"] for row in rows])
        if recorded != historical:
            found.append(
                Violation("history", subject, f"state history {historical} disagrees with the audit trail {recorded}")
            )
        last = rows[-1]
        if any(last[name] != getattr(revision, name) for name in stored_fields):
            found.append(Violation("history", subject, "its latest history row does not match the stored revision"))
    return found


def _cited_keys_resolve() -> list[Violation]:
    """Every citation of a revision past drafting names a reference; approved ones have every citation pinned."""
    found = []
    known = set(Reference.objects.values_list("key", flat=True))
    pinned = defaultdict(set)
    for revision_id, key in CitedReference.objects.values_list("revision_id", "key"):
        pinned[revision_id].add(key)
    revisions = (
        Revision.objects.exclude(state__in=EDITABLE_STATES).select_related("article").prefetch_related("sections")
    )
    for revision in revisions:
        subject = f"{revision.article.slug} revision {revision.number}"
        keys = cited_keys(revision_texts(revision))
        missing = [key for key in keys if key not in known]
        if missing:
            found.append(Violation("citations", subject, "cites unknown keys " + ", ".join(missing)))
        if revision.state in (State.APPROVED, State.SUPERSEDED):
            unpinned = [key for key in keys if key in known and key not in pinned[revision.pk]]
            if unpinned:
                found.append(Violation("citations", subject, "approved without pinning " + ", ".join(unpinned)))
    return found


def _letter_index_counts_published_articles() -> list[Violation]:
    """The A to Z index (``LetterCount``) counts exactly the published articles under each letter."""
    kept, counted = dict(letters.letter_counts()), dict(letters.counted_now())
    return [
        Violation(
            "letter-index",
            letter,
            f"counts {kept.get(letter, 0)} published articles, there are {counted.get(letter, 0)}",
        )
        for letter in sorted(set(kept) | set(counted))
        if kept.get(letter, 0) != counted.get(letter, 0)
    ]


def _quorum_approvals_count_once() -> list[Violation]:
    """Each approval of a round (``quorum_approve`` records, and the ``approve`` that ends the round) is by a
    different board member, none of them the revision's author, and only while the revision is under review."""
    found = []
    rounds: dict[int, list[TransitionRecord]] = defaultdict(list)
    board_actions = ("start_review", "request_changes", QUORUM_APPROVE, "approve")
    records = TransitionRecord.objects.filter(action__in=board_actions).select_related("revision__article")
    for record in records.order_by("created_at", "pk"):
        if record.action in ("start_review", "request_changes"):  # a new round (permissions.board.ROUND_RESETS)
            rounds[record.revision_id] = []
            continue
        revision = record.revision
        subject = f"{revision.article.slug} revision {revision.number}"
        if record.action == QUORUM_APPROVE and not (record.from_state == record.to_state == State.UNDER_REVIEW):
            found.append(Violation("quorum", subject, f"approval {record.pk} was recorded outside a review"))
        if record.actor_id == revision.author_id:
            found.append(Violation("quorum", subject, f"approval {record.pk} is by the revision's author"))
        if any(earlier.actor_id == record.actor_id for earlier in rounds[record.revision_id]):
            found.append(Violation("quorum", subject, f"approval {record.pk} counts one member's approval twice"))
        rounds[record.revision_id].append(record)
    return found


def _safety_deadlines_are_set() -> list[Violation]:
    """A safety update past its editors has its deadline (set at submission); nothing else has one."""
    found = []
    for revision in Revision.objects.filter(
        Q(safety_category="", safety_due_at__isnull=False) | ~Q(safety_category="") & Q(safety_due_at__isnull=True)
    ).select_related("article"):
        subject = f"{revision.article.slug} revision {revision.number}"
        if revision.safety_due_at is not None and not revision.safety_category:
            found.append(Violation("safety", subject, "has a safety deadline but is not a safety update"))
        elif revision.state not in EDITABLE_STATES:  # marked while with its editor: the deadline starts at submission
            found.append(Violation("safety", subject, "is a submitted safety update without a deadline"))
    return found


CHECKS = (
    _published_revisions_are_approved,
    _one_approved_revision_per_article,
    _audit_trail_matches_history,
    _cited_keys_resolve,
    _letter_index_counts_published_articles,
    _quorum_approvals_count_once,
    _safety_deadlines_are_set,
)


def find_violations() -> list[Violation]:
    return [violation for check in CHECKS for violation in check()]

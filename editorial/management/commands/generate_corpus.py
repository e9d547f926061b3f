"""Build a large, realistic library for scale tests and `make bench`.

Each article gets 5 to 12 sections in both registers citing a shared pool of references, and a history
of several approved revisions (all but the last superseded), with rejected revisions along the way and,
for some articles, an open revision (draft, submitted, under review, changes requested) or a withdrawal.
Rows are written in batches with ``simple_history.utils.bulk_create_with_history`` so the history tables
fill as they would in real use. It bypasses the services on purpose (one service call per row would take
days at 100,000 articles) but respects every constraint: one approved and at most one open revision per
article, numbers unique per article, pins for every approved revision.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from tqdm import tqdm

from articles.models import Article, SearchDocument
from articles.search import document_texts, fill_vectors
from editorial.models import CitedReference, Revision, Section, TransitionRecord
from editorial.rules import Role, State
from editorial.services import next_review_due
from references.models import Reference, ReferenceType, reference_snapshot

WORDS = [
    "patients",
    "kidney",
    "vessels",
    "calcium",
    "dialysis",
    "treatment",
    "risk",
    "pain",
    "skin",
    "wound",
    "infection",
    "dose",
    "trial",
    "evidence",
    "guideline",
    "outcome",
    "mortality",
    "therapy",
    "diagnosis",
    "biopsy",
    "imaging",
    "serum",
    "phosphate",
    "warfarin",
    "vitamin",
    "surgery",
    "care",
    "team",
    "review",
    "cohort",
    "adults",
    "children",
    "women",
    "men",
    "blood",
    "pressure",
    "heart",
    "liver",
    "lung",
    "clinic",
    "hospital",
    "weeks",
    "months",
    "years",
    "early",
    "late",
    "severe",
    "mild",
    "common",
    "rare",
    "chronic",
    "acute",
]
OPEN_CHOICES = [
    (State.SUBMITTED, 0.05),
    (State.UNDER_REVIEW, 0.05),
    (State.DRAFT, 0.06),
    (State.CHANGES_REQUESTED, 0.03),
]
REASON = "Generated corpus"


def sentence(rng: random.Random, keys: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    text = " ".join(words).capitalize()
    if keys and rng.random() < 0.6:
        cited = rng.sample(keys, k=rng.randint(1, min(3, len(keys))))
        text += " [" + "; ".join(f"@{key}" for key in cited) + "]"
    return text + "."


def paragraph(rng: random.Random, keys: list[str], sentences: int) -> str:
    return " ".join(sentence(rng, keys) for _ in range(sentences))


class Command(BaseCommand):
    help = "Generate N realistic articles with full revision history (for scale tests and make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--batch", type=int, default=250, help="Articles written per transaction.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--prefix", default="corpus", help="Slug prefix, so runs can be told apart.")
        parser.add_argument(
            "--long-history", type=int, default=0, help="Also build one article with this many revisions."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        self.editor, self.board = self.ensure_staff()
        prefix = options["prefix"]
        start = Article.objects.filter(slug__startswith=f"{prefix}-").count()
        self.keys = self.ensure_references(rng, max(200, options["articles"] // 5), prefix)
        total = options["articles"]
        with tqdm(total=total, unit="article", disable=options["quiet"]) as bar:
            done = 0
            while done < total:
                size = min(options["batch"], total - done)
                with transaction.atomic():
                    self.write_batch(rng, [f"{prefix}-{start + done + i:06d}" for i in range(size)])
                done += size
                bar.update(size)
        if options["long_history"]:
            with transaction.atomic():
                self.write_batch(
                    rng, [f"{prefix}-long-{start:06d}"], revisions=options["long_history"], open_state=None
                )
        self.stdout.write(self.style.SUCCESS(f"Generated {total} articles ({Article.objects.count()} in total)."))

    def ensure_staff(self) -> tuple[User, User]:
        users = []
        for username, role in (("corpus-editor", Role.EDITOR), ("corpus-board", Role.BOARD)):
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.set_unusable_password()
                user.save()
                user.groups.add(Group.objects.get(name=role))
            users.append(user)
        return users[0], users[1]

    def ensure_references(self, rng: random.Random, count: int, prefix: str) -> list[str]:
        existing = list(Reference.objects.filter(key__startswith=f"{prefix}-").values_list("key", flat=True))
        new = [
            Reference(
                key=f"{prefix}-{i:06d}",
                type=rng.choice(ReferenceType.values),
                title=sentence(rng, []).rstrip("."),
                authors="\n".join(f"{rng.choice(WORDS).title()} {rng.choice('ABCDEFGH')}" for _ in range(3)),
                container="Journal of " + rng.choice(WORDS).title() + " Medicine",
                year=rng.randint(1990, 2025),
                volume=str(rng.randint(1, 90)),
                pages=f"{rng.randint(1, 900)}-{rng.randint(901, 999)}",
            )
            for i in range(len(existing), count)
        ]
        if new:
            bulk_create_with_history(
                new, Reference, batch_size=500, default_user=self.editor, default_change_reason=REASON
            )
        return existing + [reference.key for reference in new]

    def write_batch(self, rng: random.Random, slugs: list[str], revisions: int | None = None, open_state="random"):
        now = timezone.now()
        articles = bulk_create_with_history(
            [Article(slug=slug) for slug in slugs], Article, default_user=self.editor, default_change_reason=REASON
        )
        plans = []  # (article, [(number, state, created_at)], section texts, cited keys)
        new_revisions: list[Revision] = []
        for article in articles:
            approved_count = revisions or rng.randint(2, 5)
            states = [State.SUPERSEDED] * (approved_count - 1) + [State.APPROVED]
            if revisions is None and rng.random() < 0.2:
                states.insert(rng.randrange(len(states)), State.REJECTED)
            if revisions is None and rng.random() < 0.02:
                states[-1] = State.WITHDRAWN
            if open_state == "random":
                roll = rng.random()
                for state, share in OPEN_CHOICES:
                    if roll < share:
                        states.append(state)
                        break
                    roll -= share
            keys = rng.sample(self.keys, k=min(len(self.keys), rng.randint(6, 14)))
            sections = [
                {
                    "heading": paragraph(rng, [], 1)[:80].rstrip("."),
                    "body": paragraph(rng, keys, rng.randint(3, 6)),
                    "plain_heading": paragraph(rng, [], 1)[:60].rstrip("."),
                    "plain_body": paragraph(rng, keys[:3], rng.randint(2, 4)),
                }
                for _ in range(rng.randint(5, 12))
            ]
            title = "What is " + " ".join(rng.choices(WORDS, k=3)) + "?"
            started = now - timedelta(days=30 * len(states) + rng.randint(0, 300))
            for number, state in enumerate(states, start=1):
                moment = started + timedelta(days=30 * number)
                decided = state not in {State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW}
                new_revisions.append(
                    Revision(
                        article=article,
                        number=number,
                        title=title if number % 3 else title.replace("What is", "What causes"),
                        plain_title=title,
                        summary=paragraph(rng, keys, 2),
                        plain_summary=paragraph(rng, keys[:2], 2),
                        change_note=f"Revision {number}: routine update.",
                        author=self.editor,
                        state=state,
                        version=4,
                        created_at=moment,
                        submitted_at=None if state == State.DRAFT else moment + timedelta(days=1),
                        decided_at=moment + timedelta(days=5) if decided else None,
                    )
                )
            plans.append((article, sections, keys))
        new_revisions = bulk_create_with_history(
            new_revisions, Revision, batch_size=1000, default_user=self.editor, default_change_reason=REASON
        )
        by_article: dict[int, list[Revision]] = {}
        for revision in new_revisions:
            by_article.setdefault(revision.article_id, []).append(revision)

        sections_rows: list[Section] = []
        records: list[TransitionRecord] = []
        pins: list[CitedReference] = []
        published: list[Article] = []
        documents: list[SearchDocument] = []
        references = {r.key: r for r in Reference.objects.filter(key__in={k for _, _, ks in plans for k in ks})}
        for article, sections, keys in plans:
            for revision in by_article[article.pk]:
                for position, texts in enumerate(sections, start=1):
                    sections_rows.append(Section(revision=revision, position=position, **texts))
                records += self.records_for(revision)
                if revision.state == State.APPROVED:
                    article.published_revision = revision
                    article.published_at = revision.decided_at
                    article.last_reviewed_at = revision.decided_at
                    article.next_review_due = next_review_due(revision.decided_at, article.review_interval_months)
                    published.append(article)
                    title, search_text = document_texts(revision, [Section(**texts) for texts in sections])
                    documents.append(
                        SearchDocument(article=article, revision=revision, title=title, search_text=search_text)
                    )
                if revision.state in {State.APPROVED, State.SUPERSEDED, State.WITHDRAWN}:
                    pins += [
                        CitedReference(
                            revision=revision,
                            reference=references[key],
                            key=key,
                            snapshot=reference_snapshot(references[key]),
                        )
                        for key in keys
                    ]
        bulk_create_with_history(
            sections_rows, Section, batch_size=2000, default_user=self.editor, default_change_reason=REASON
        )
        TransitionRecord.objects.bulk_create(records, batch_size=2000)  # not history-tracked: written once
        CitedReference.objects.bulk_create(pins, batch_size=2000)
        # Article's manager refuses update() (it would skip history); bulk_update_with_history writes the
        # history rows, so it may use a plain queryset.
        bulk_update_with_history(
            published,
            Article,
            ["published_revision", "published_at", "last_reviewed_at", "next_review_due"],
            batch_size=1000,
            default_user=self.board,
            default_change_reason="Published (generated corpus)",
            manager=models.QuerySet(model=Article),
        )
        # What services.revision_approve does per article: one search document per published article.
        SearchDocument.objects.bulk_create(documents, batch_size=1000)  # not history-tracked: derived text
        fill_vectors(SearchDocument.objects.filter(article__in=published))

    def records_for(self, revision: Revision) -> list[TransitionRecord]:
        path = {
            State.DRAFT: [("create", "", State.DRAFT)],
            State.SUBMITTED: [("create", "", State.DRAFT), ("submit", State.DRAFT, State.SUBMITTED)],
            State.UNDER_REVIEW: [
                ("create", "", State.DRAFT),
                ("submit", State.DRAFT, State.SUBMITTED),
                ("start_review", State.SUBMITTED, State.UNDER_REVIEW),
            ],
        }
        review = path[State.UNDER_REVIEW]
        path[State.CHANGES_REQUESTED] = review + [("request_changes", State.UNDER_REVIEW, State.CHANGES_REQUESTED)]
        path[State.REJECTED] = review + [("reject", State.UNDER_REVIEW, State.REJECTED)]
        path[State.APPROVED] = review + [("approve", State.UNDER_REVIEW, State.APPROVED)]
        path[State.SUPERSEDED] = path[State.APPROVED] + [("supersede", State.APPROVED, State.SUPERSEDED)]
        path[State.WITHDRAWN] = path[State.APPROVED] + [("withdraw", State.APPROVED, State.WITHDRAWN)]
        return [
            TransitionRecord(
                revision=revision,
                article_id=revision.article_id,
                action=action,
                from_state=source,
                to_state=target,
                actor=self.editor if action in {"create", "submit"} else self.board,
                comment="Generated.",
                created_at=revision.created_at + timedelta(days=step),
            )
            for step, (action, source, target) in enumerate(path[revision.state])
        ]

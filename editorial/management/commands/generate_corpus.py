"""Build a large, realistic library for scale tests and `make bench`.

Each article gets 5 to 12 sections in both registers citing a shared pool of references, and a history
of several approved revisions (all but the last superseded), with rejected revisions along the way and,
for some articles, an open revision (draft, submitted, under review, changes requested) or a withdrawal.

It bypasses the services on purpose (one service call per row would take days at 100,000 articles) but
writes what they would have written, so ``manage.py check_integrity`` passes on the result:

- every constraint holds (one approved and at most one open revision per article, numbers unique per
  article, a pin for every key an approved or superseded revision cites);
- a workflow event (``TransitionRecord``) for every step of every revision, in order;
- history rows with ``history_user`` and ``history_change_reason`` as the services set them: one per
  workflow step for revisions (the state history matches the audit trail), one per section, one for
  each article's creation and one for each publication or withdrawal, one per reference.

Speed (about 100,000 articles in minutes, not hours): the rows are built in Python as tuples, with ids
reserved from the tables' sequences up front so no row is read back, and written per batch of articles
in one transaction: with PostgreSQL's ``COPY`` (psycopg's ``cursor.copy()``), elsewhere with
``executemany``. The history rows of revisions and sections are copied from the rows just written by
``INSERT ... SELECT`` in the database (the stored row is the history row, so they cannot disagree).
Constraints and indexes stay on.
"""

from __future__ import annotations

import json
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from articles import letters
from articles.models import Article, SearchDocument
from articles.search import DocumentTexts, document_texts, fill_vectors
from editorial.models import CitedReference, Revision, Section, TransitionRecord
from editorial.rules import RULES, Role, State
from editorial.services import next_review_due
from references.citations import cited_keys
from references.models import Reference, ReferenceType, normalise_title, reference_snapshot

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
COMMENT = "Generated."
SECTION_FIELDS = ("heading", "body", "plain_heading", "plain_body")
# Generated revisions have no headline and no other names (the columns have no database default).
HEADLINE_FIELDS = ("headline", "plain_headline", "also_called")
NO_HEADLINE = ("", "", "")
_REVIEW = [("create", "", State.DRAFT), ("submit", State.DRAFT, State.SUBMITTED)]
_REVIEW += [("start_review", State.SUBMITTED, State.UNDER_REVIEW)]
# The workflow steps that lead to each final state (what the services would have recorded).
PATHS = {
    State.DRAFT: _REVIEW[:1],
    State.SUBMITTED: _REVIEW[:2],
    State.UNDER_REVIEW: _REVIEW,
    State.CHANGES_REQUESTED: _REVIEW + [("request_changes", State.UNDER_REVIEW, State.CHANGES_REQUESTED)],
    State.REJECTED: _REVIEW + [("reject", State.UNDER_REVIEW, State.REJECTED)],
    State.APPROVED: _REVIEW + [("approve", State.UNDER_REVIEW, State.APPROVED)],
}
PATHS[State.SUPERSEDED] = PATHS[State.APPROVED] + [("supersede", State.APPROVED, State.SUPERSEDED)]
PATHS[State.WITHDRAWN] = PATHS[State.APPROVED] + [("withdraw", State.APPROVED, State.WITHDRAWN)]
DECISIONS = {"request_changes", "reject", "approve"}
HISTORY_COLUMNS = "history_date, history_change_reason, history_type, history_user_id"


def sentence(rng: random.Random, keys: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    text = " ".join(words).capitalize()
    if keys and rng.random() < 0.6:
        cited = rng.sample(keys, k=rng.randint(1, min(3, len(keys))))
        text += " [" + "; ".join(f"@{key}" for key in cited) + "]"
    return text + "."


def paragraph(rng: random.Random, keys: list[str], sentences: int) -> str:
    return " ".join(sentence(rng, keys) for _ in range(sentences))


class RowWriter:
    """Writes tuples of column values into a model's table, as fast as the database allows."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        """``count`` primary keys no other row has or will get (from the table's sequence on PostgreSQL)."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
                )
                return sorted(row[0] for row in cursor.fetchall())
            # SQLite: the transaction holds the database's write lock once the batch starts writing.
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            start = (cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    def write(self, model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        columns_by_name = {field.attname: field.column for field in model._meta.concrete_fields}
        columns_by_name.update({field.name: field.column for field in model._meta.concrete_fields})
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(columns_by_name[name]) for name in names)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            moments = [
                i for i, name in enumerate(names) if isinstance(model._meta.get_field(name), models.DateTimeField)
            ]
            if moments:
                adapt = connection.ops.adapt_datetimefield_value
                rows = [tuple(adapt(v) if i in moments else v for i, v in enumerate(row)) for row in rows]
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608

    def execute(self, sql: str, params: list) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class Pipeline:
    """Runs ``write(*rows)`` in a transaction per batch: in one background thread, or here."""

    def __init__(self, write, *, threaded: bool):
        self.write = write
        self.executor = ThreadPoolExecutor(max_workers=1) if threaded else None
        self.pending = None

    def _write(self, rows: tuple) -> None:
        with transaction.atomic():
            self.write(*rows)

    def submit(self, rows: tuple) -> None:
        if self.executor is None:
            self._write(rows)
            return
        self.wait()  # at most one batch waits in memory
        self.pending = self.executor.submit(self._write, rows)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises the writer's error here

    def close(self) -> None:
        if self.executor is None:
            return
        try:
            self.wait()
        finally:
            executor, self.executor = self.executor, None
            executor.submit(lambda: connection.close()).result()  # resolved in the thread: its own connection
            executor.shutdown()


def id_filter(column: str, ids: list[int]) -> tuple[str, list]:
    """SQL selecting ``ids``: a range when they are consecutive (they are, unless another writer interleaved)."""
    if ids[-1] - ids[0] + 1 == len(ids):
        return f"{column} BETWEEN %s AND %s", [ids[0], ids[-1]]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def tracked_columns(model: type[models.Model]) -> list[str]:
    """The columns a model's history rows copy from it (its own fields, not the history_* ones)."""
    return [
        field.column for field in model.history.model._meta.concrete_fields if not field.name.startswith("history_")
    ]


class Command(BaseCommand):
    help = "Generate N realistic articles with full revision history (for scale tests and make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--batch", type=int, default=1000, help="Articles written per transaction.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--prefix", default="corpus", help="Slug prefix, so runs can be told apart.")
        parser.add_argument(
            "--long-history", type=int, default=0, help="Also build one article with this many revisions."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        self.writer = RowWriter()
        self.editor, self.board = self.ensure_staff()
        prefix = options["prefix"]
        start = Article.objects.filter(slug__startswith=f"{prefix}-").count()
        self.ensure_references(rng, max(200, options["articles"] // 5), prefix)
        total = options["articles"]
        # On PostgreSQL a second thread (own connection) writes one batch while this one builds the next;
        # not inside a caller's transaction (a test's), whose rows another connection could not see.
        pipeline = Pipeline(self.write_rows, threaded=self.writer.postgres and not connection.in_atomic_block)
        try:
            with tqdm(total=total, unit="article", disable=options["quiet"]) as bar:
                done = 0
                while done < total:
                    size = min(options["batch"], total - done)
                    slugs = [f"{prefix}-{start + done + i:06d}" for i in range(size)]
                    pipeline.submit(self.build_batch(rng, slugs, first=start + done))
                    done += size
                    bar.update(size)
                if options["long_history"]:
                    slugs = [f"{prefix}-long-{start:06d}"]
                    pipeline.submit(
                        self.build_batch(rng, slugs, revisions=options["long_history"], open_revision=False)
                    )
                pipeline.close()
        finally:
            pipeline.close()
        letters.recount()  # the A to Z index, which the services keep one approval at a time
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

    def ensure_references(self, rng: random.Random, count: int, prefix: str) -> None:
        """The shared pool of references (few enough for the ORM), and what a pin records of each."""
        existing = Reference.objects.filter(key__startswith=f"{prefix}-").count()
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
            for i in range(existing, count)
        ]
        for reference in new:  # what Reference.save() does, which bulk_create skips
            if reference.type == ReferenceType.WEBSITE:
                reference.url = f"https://example.org/{reference.key}"
            reference.clean_fields()
            reference.title_key = normalise_title(reference.title)
        if new:
            bulk_create_with_history(
                new, Reference, batch_size=5000, default_user=self.editor, default_change_reason=REASON
            )
        references = list(Reference.objects.filter(key__startswith=f"{prefix}-").order_by("key"))
        latest = dict(
            Reference.history.filter(id__in=[r.pk for r in references])
            .values("id")
            .annotate(latest=Max("history_id"))
            .values_list("id", "latest")
        )
        self.keys = [reference.key for reference in references]
        # key -> (reference id, snapshot as JSON, pinned history row): what pin_cited_references writes.
        self.pin_data = {r.key: (r.pk, json.dumps(reference_snapshot(r)), latest.get(r.pk)) for r in references}

    def plan_states(self, rng: random.Random, revisions: int | None, index: int | None) -> list[str]:
        """The final states of an article's revisions, oldest first; ``index`` (the article's number)
        decides its open revision, so that the shares are exact (10,000 in review at 100,000) and the
        first article of every run has one in review.
        """
        approved_count = revisions or rng.randint(2, 5)
        states = [State.SUPERSEDED] * (approved_count - 1) + [State.APPROVED]
        if revisions is None and rng.random() < 0.2:
            states.insert(rng.randrange(len(states)), State.REJECTED)
        if revisions is None and rng.random() < 0.02:
            states[-1] = State.WITHDRAWN
        if index is not None:
            roll = (index * 37 % 100) / 100  # 37 is prime to 100: each run of 100 articles takes each slot once
            for state, share in OPEN_CHOICES:
                if roll < share:
                    states.append(state)
                    break
                roll -= share
        return states

    def build_batch(
        self, rng: random.Random, slugs: list[str], first: int = 0, revisions: int | None = None, open_revision=True
    ):
        now = timezone.now()
        editor, board = self.editor.pk, self.board.pk
        plans = []
        for number, slug in enumerate(slugs, start=first):
            states = self.plan_states(rng, revisions, number if open_revision else None)
            keys = rng.sample(self.keys, k=min(len(self.keys), rng.randint(6, 14)))
            sections = [
                (
                    paragraph(rng, [], 1)[:80].rstrip("."),
                    paragraph(rng, keys, rng.randint(3, 6)),
                    paragraph(rng, [], 1)[:60].rstrip("."),
                    paragraph(rng, keys[:3], rng.randint(2, 4)),
                )
                for _ in range(rng.randint(5, 12))
            ]
            plans.append((slug, states, keys, sections))
        article_ids = self.writer.reserve_ids(Article, len(plans))
        revision_ids = self.writer.reserve_ids(Revision, sum(len(states) for _, states, _, _ in plans))
        next_revision = iter(revision_ids)

        articles, article_history, revision_rows, section_rows = [], [], [], []
        records, pins, documents = [], [], []
        for article_id, (slug, states, keys, sections) in zip(article_ids, plans, strict=True):
            title = "What is " + " ".join(rng.choices(WORDS, k=3)) + "?"
            spacing = timedelta(days=30 if len(states) < 50 else 7)
            started = now - spacing * (len(states) + 1) - timedelta(days=rng.randint(0, 300))
            section_keys = set(cited_keys([text for section in sections for text in section]))
            article = {"published_revision_id": None, "published_at": None, "last_reviewed_at": None, "due": None}
            article_history.append(
                self.article_row(article_id, slug, started, article) + (started, "Article created", "+", editor)
            )
            ids = [next(next_revision) for _ in states]
            approved_before = None  # what revision_start_new copies: the published revision, else the latest
            pending_supersede = None  # (revision id, number) approved and waiting to be superseded
            for index, (revision_id, state) in enumerate(zip(ids, states, strict=True)):
                number = index + 1
                moment = started + spacing * number
                summary, plain_summary = paragraph(rng, keys, 2), paragraph(rng, keys[:2], 2)
                based_on = approved_before if approved_before is not None else (ids[index - 1] if index else None)
                steps = [
                    (action, source, target, moment + timedelta(days=day))
                    for day, (action, source, target) in enumerate(
                        PATHS[State.SUPERSEDED if state == State.SUPERSEDED else state]
                    )
                ]
                if state == State.SUPERSEDED:
                    steps = steps[:-1]  # superseded when the next approval happens, recorded then
                at = {action: when for action, _, _, when in steps}
                decided = next((when for action, _, _, when in steps if action in DECISIONS), None)
                change_note = f"Revision {number}: routine update."
                for action, source, target, when in steps:
                    records.append(
                        (
                            revision_id,
                            article_id,
                            action,
                            source,
                            target,
                            editor if action in {"create", "submit"} else board,
                            change_note if action == "create" else COMMENT,
                            when,
                        )
                    )
                if "approve" in at:
                    if pending_supersede is not None:
                        previous_id, _ = pending_supersede
                        records.append(
                            (
                                previous_id,
                                article_id,
                                "supersede",
                                State.APPROVED,
                                State.SUPERSEDED,
                                board,
                                f"Superseded by revision {number}",
                                at["approve"],
                            )
                        )
                    pending_supersede = (revision_id, number)
                    approved_before = revision_id
                    article.update(
                        published_revision_id=revision_id,
                        published_at=at["approve"],
                        last_reviewed_at=at["approve"],
                        due=next_review_due(at["approve"], 12),
                    )
                    article_history.append(
                        self.article_row(article_id, slug, started, article)
                        + (at["approve"], f"Published revision {number}", "~", board)
                    )
                    if state in {State.APPROVED, State.SUPERSEDED, State.WITHDRAWN}:
                        revision_keys = section_keys.union(cited_keys([summary, plain_summary]))
                        pins += [(revision_id, *self.pin_data[key], key) for key in sorted(revision_keys)]
                if "withdraw" in at:
                    article["published_revision_id"] = None
                    article_history.append(
                        self.article_row(article_id, slug, started, article)
                        + (at["withdraw"], f"Withdrawn: {COMMENT}", "~", board)
                    )
                final_step = steps[-1][3] if state != State.SUPERSEDED else None
                revision_rows.append(
                    [
                        revision_id,
                        article_id,
                        number,
                        title if number % 3 else title.replace("What is", "What causes"),
                        title,
                        summary,
                        plain_summary,
                        change_note,
                        editor,
                        based_on,
                        state,
                        len(steps),
                        moment,
                        final_step,
                        at.get("submit"),
                        decided,
                        *NO_HEADLINE,
                    ]
                )
                for position, texts in enumerate(sections, start=1):
                    section_rows.append((revision_id, position, *texts))
                if state == State.APPROVED:
                    texts = document_texts(
                        SimpleNamespace(
                            title=revision_rows[-1][3],
                            plain_title=title,
                            summary=summary,
                            plain_summary=plain_summary,
                            **dict(zip(HEADLINE_FIELDS, NO_HEADLINE, strict=True)),
                        ),
                        [SimpleNamespace(**dict(zip(SECTION_FIELDS, texts, strict=True))) for texts in sections],
                    )
                    documents.append((article_id, revision_id, *texts))
            articles.append(self.article_row(article_id, slug, started, article))
        # A superseded revision's last step (and its version) is its supersede record, written above.
        supersede_at = {record[0]: record[7] for record in records if record[2] == "supersede"}
        for row in revision_rows:
            if row[13] is None:
                row[13] = supersede_at[row[0]]
                row[11] += 1
        return articles, article_history, revision_rows, section_rows, records, pins, documents, revision_ids

    @staticmethod
    def article_row(article_id, slug, created, article) -> tuple:
        return (
            article_id,
            slug,
            article["published_revision_id"],
            article["published_at"],
            article["last_reviewed_at"],
            article["due"],
            12,
            created,
        )

    def write_rows(
        self, articles, article_history, revision_rows, section_rows, records, pins, documents, revision_ids
    ):
        writer = self.writer
        article_fields = [
            "id",
            "slug",
            "published_revision_id",
            "published_at",
            "last_reviewed_at",
            "next_review_due",
            "review_interval_months",
            "created_at",
        ]
        history = ["history_date", "history_change_reason", "history_type", "history_user_id"]
        # Foreign keys are checked at commit (Django creates them deferrable), so order within the batch is free.
        writer.write(Article, article_fields, articles)
        writer.write(Article.history.model, article_fields + history, article_history)
        writer.write(
            Revision,
            [
                "id",
                "article_id",
                "number",
                "title",
                "plain_title",
                "summary",
                "plain_summary",
                "change_note",
                "author_id",
                "based_on_id",
                "state",
                "version",
                "created_at",
                "updated_at",
                "submitted_at",
                "decided_at",
                *HEADLINE_FIELDS,
            ],
            [tuple(row) for row in revision_rows],
        )
        writer.write(Section, ["revision_id", "position", *SECTION_FIELDS], section_rows)
        writer.write(
            TransitionRecord,
            ["revision_id", "article_id", "action", "from_state", "to_state", "actor_id", "comment", "created_at"],
            records,
        )
        writer.write(CitedReference, ["revision_id", "reference_id", "snapshot", "history_id", "key"], pins)
        writer.write(SearchDocument, ["article_id", "revision_id", *DocumentTexts._fields], documents)
        self.copy_revision_history(revision_ids)
        self.copy_section_history(revision_ids)
        fill_vectors(SearchDocument.objects.filter(pk__in=[document[0] for document in documents]))

    def copy_revision_history(self, revision_ids: list[int]) -> None:
        """One history row per workflow step, as ``_transition`` saves them: state, version, user, reason."""
        quote = connection.ops.quote_name
        where, params = id_filter("r.id", revision_ids)
        labels = [(action, rule.label) for action, rule in RULES.items() if action != "supersede"]
        reason = (
            "CASE t.action WHEN 'create' THEN "
            + created_reason("r", "b")
            + " WHEN 'supersede' THEN t.comment "
            + " ".join(f"WHEN '{action}' THEN %s || ': ' || t.comment" for action, _ in labels)
            + " END"
        )
        overrides = {
            "state": "t.to_state",
            "version": "ROW_NUMBER() OVER (PARTITION BY t.revision_id ORDER BY t.created_at, t.id)",
            "updated_at": "t.created_at",
            "submitted_at": "CASE WHEN t.action = 'create' THEN NULL ELSE r.submitted_at END",
            "decided_at": "CASE WHEN t.action IN ('create', 'submit', 'start_review') THEN NULL ELSE r.decided_at END",
        }
        columns = tracked_columns(Revision)
        select = ", ".join(overrides.get(column, f"r.{quote(column)}") for column in columns)
        self.writer.execute(
            f"INSERT INTO {quote(Revision.history.model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(c) for c in columns)}, {HISTORY_COLUMNS}) "
            f"SELECT {select}, t.created_at, {reason}, CASE WHEN t.action = 'create' THEN '+' ELSE '~' END, t.actor_id "
            f"FROM {quote(Revision._meta.db_table)} r "
            f"JOIN {quote(TransitionRecord._meta.db_table)} t ON t.revision_id = r.id "
            f"LEFT JOIN {quote(Revision._meta.db_table)} b ON b.id = r.based_on_id "
            f"WHERE {where} ORDER BY r.id, t.created_at, t.id",
            [label for _, label in labels] + params,
        )

    def copy_section_history(self, revision_ids: list[int]) -> None:
        """One '+' history row per section, written when its revision was created, by its author."""
        quote = connection.ops.quote_name
        where, params = id_filter("s.revision_id", revision_ids)
        columns = tracked_columns(Section)
        self.writer.execute(
            f"INSERT INTO {quote(Section.history.model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(c) for c in columns)}, {HISTORY_COLUMNS}) "
            f"SELECT {', '.join(f's.{quote(c)}' for c in columns)}, r.created_at, {created_reason('r', 'b')}, '+', "
            f"r.author_id FROM {quote(Section._meta.db_table)} s "
            f"JOIN {quote(Revision._meta.db_table)} r ON r.id = s.revision_id "
            f"LEFT JOIN {quote(Revision._meta.db_table)} b ON b.id = r.based_on_id "
            f"WHERE {where} ORDER BY s.id",
            params,
        )


def created_reason(revision: str, base: str) -> str:
    """SQL for the reason article_create / revision_start_new give a new revision's history rows."""
    return (
        f"CASE WHEN {base}.id IS NULL THEN 'Revision ' || CAST({revision}.number AS TEXT) || ' created' "
        f"ELSE 'Revision ' || CAST({revision}.number AS TEXT) || ' started from revision ' "
        f"|| CAST({base}.number AS TEXT) END"
    )

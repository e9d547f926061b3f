"""Writes to the bibliography: save, delete, and import (preview, then one atomic apply).

``references`` imports nothing of ours, so permission here is Django's model permission
(``references.add_reference`` etc., granted to the editor roles by ``editorial/migrations/0002_roles``).
Every write records the acting user and a reason in the reference's history.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.fields import one_line
from core.policy import allowed
from references.authors import split_authors
from references.citations import KEY_PATTERN
from references.importers.base import RECORD_FIELDS
from references.models import Reference, ReferenceImport, normalise_title

IMPORT_PERMISSION_MESSAGE = "Only editors may import references."
IMPORT_INVALID_MESSAGE = (
    "The file has invalid entries, so nothing was imported. Fix them, or confirm the import without "
    "them. First problem: {first}"
)
MERGEABLE_FIELDS = ("authors", "container", "year", "volume", "issue", "pages", "doi", "pmid", "url")
BATCH_SIZE = 200
KEY_RE = re.compile(f"^{KEY_PATTERN}$")


class ImportRefusedError(ValidationError):
    """The import was refused as a whole; nothing was written."""


# ---------------------------------------------------------------------------------------------
# Single references


def reference_save(*, actor, reference: Reference, reason: str = "Edited") -> Reference:
    """Validate and save one reference, recording ``actor`` in its history."""
    with transaction.atomic():
        if not reference.key:
            reference.key = KeyAllocator().allocate(reference.authors, reference.year, reference.title)
        reference.full_clean()
        reference._history_user = actor
        reference._change_reason = reason[:100]
        reference.save()
    return reference


def reference_delete(*, actor, reference: Reference) -> None:
    """Delete a reference no approved revision cites; raises ReferenceInUseError otherwise."""
    with transaction.atomic():
        locked = Reference.objects.select_for_update().get(pk=reference.pk)
        locked.check_deletable()
        locked._history_user = actor
        locked._change_reason = "Deleted"
        locked.delete()


# ---------------------------------------------------------------------------------------------
# Citation keys: first author's family name + year, then a letter when taken (nigwekar2015a)


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum()).lower()


def key_base(authors: str, year: int | None, title: str = "") -> str:
    named, _ = split_authors(authors)
    first = named[0] if named else ""
    words = first.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:
        words = words[:-1]  # drop the initials of "Family SU"
    family = _ascii_word("".join(words)) if len(words) <= 3 else _ascii_word(words[0])
    if not family:  # no author, or a non-Latin name: use the first long word of the title
        family = next((_ascii_word(w) for w in (title or "").split() if len(_ascii_word(w)) > 3), "ref")
    return f"{family[:40]}{year or 'nd'}"


def _suffixes() -> Iterator[str]:
    yield ""
    yield from string.ascii_lowercase
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second


class KeyAllocator:
    """Hands out unique keys, remembering those given in this run (not yet in the database)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.checked: set[str] = set()  # keys whose database state is known
        self.reserved_bases: set[str] = set()

    def reserve(self, keys: Iterable[str]) -> None:
        """Load which of ``keys`` the database already holds (one query per batch)."""
        keys = [key for key in keys if key not in self.checked]
        if keys:
            self.taken.update(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
            self.checked.update(keys)

    def is_free(self, key: str) -> bool:
        if key in self.taken:
            return False
        self.reserve([key])
        return key not in self.taken

    def reserve_bases(self, bases: Iterable[str]) -> None:
        """Load the taken keys ``base``, ``basea`` ... ``basez`` for many bases in one query."""
        bases = set(bases) - self.reserved_bases
        if bases:
            self.reserve(base + suffix for base in bases for suffix in islice(_suffixes(), 27))
            self.reserved_bases |= bases

    def allocate(self, authors: str, year: int | None, title: str = "") -> str:
        base = key_base(authors, year, title)
        self.reserve_bases([base])
        for suffix in _suffixes():
            if self.is_free(base + suffix):
                self.taken.add(base + suffix)
                return base + suffix
        raise ValidationError(f"No free citation key left for {base}.")


# ---------------------------------------------------------------------------------------------
# Import: plan (what will happen to each record) and apply (all or nothing)


@dataclass
class PlannedRow:
    source: str
    action: str  # "create", "merge", "skip" or "invalid"
    title: str = ""
    year: int | None = None
    key: str = ""
    reason: str = ""
    reference: Reference | None = None  # the new reference, or the existing one to merge into
    merge_fields: dict = field(default_factory=dict)


@dataclass
class ImportSummary:
    rows: list[PlannedRow] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"create": 0, "merge": 0, "skip": 0, "invalid": 0})
    keys: list[str] = field(default_factory=list)  # created or matched keys, when asked for

    def add(self, row: PlannedRow, keep: bool = True) -> None:
        self.counts[row.action] += 1
        if keep:
            self.rows.append(row)

    def of(self, action: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        parts = []
        for name, messages in error.message_dict.items():
            label = Reference._meta.get_field(name).verbose_name if name != "__all__" else ""
            parts += [f"{label}: {message.rstrip('.')}" if label else message.rstrip(".") for message in messages]
        return "; ".join(parts)
    return "; ".join(message.rstrip(".") for message in error.messages)


class ImportPlanner:
    """Classifies records batch by batch against the database and against earlier records of the file."""

    def __init__(self, *, merge: bool = False) -> None:
        self.merge = merge
        self.keys = KeyAllocator()
        self.seen_doi: dict[str, str] = {}
        self.seen_pmid: dict[str, str] = {}
        self.seen_title: dict[tuple[str, int | None], str] = {}

    def plan(self, records: list[dict]) -> list[PlannedRow]:
        rows: list[PlannedRow] = []
        candidates: list[tuple[PlannedRow, Reference, dict]] = []
        for record in records:
            row = PlannedRow(source=record.get("source", "?"), action="invalid", title=record.get("title") or "")
            row.year = record.get("year")
            if record.get("invalid"):
                row.reason = record["invalid"]
                rows.append(row)
                continue
            data = {name: record.get(name) for name in RECORD_FIELDS if name != "key"}
            data = {name: ("" if value is None and name != "year" else value) for name, value in data.items()}
            reference = Reference(**data)
            try:
                reference.full_clean(exclude=["key"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                row.reason = _messages(error)
                rows.append(row)
                continue
            reference.title_key = normalise_title(reference.title)
            rows.append(row)
            candidates.append((row, reference, record))
        existing = self._existing([reference for _, reference, _ in candidates])
        self.keys.reserve(record.get("key") for _, _, record in candidates if record.get("key"))
        self.keys.reserve_bases(key_base(ref.authors, ref.year, ref.title) for _, ref, _ in candidates)
        for row, reference, record in candidates:
            match = existing(reference)
            if match is not None:
                row.key = match.key
                self._classify_match(row, reference, match)
                continue
            earlier = self._seen(reference)
            if earlier:
                row.action, row.reason = "skip", f"duplicate of {earlier} in this file"
                continue
            wanted = record.get("key") or ""
            if wanted and KEY_RE.match(wanted) and len(wanted) <= 100 and self.keys.is_free(wanted):
                reference.key = wanted
                self.keys.taken.add(wanted)
            else:
                reference.key = self.keys.allocate(reference.authors, reference.year, reference.title)
                if wanted:
                    row.reason = f"key {wanted!r} is taken or not a valid key; will be {reference.key!r}"
            row.action, row.key, row.reference = "create", reference.key, reference
            self._remember(reference, row.source)
        return rows

    def forget(self) -> None:
        """Drop what was remembered: once a batch is written, the database answers the same questions."""
        self.keys = KeyAllocator()
        self.seen_doi.clear()
        self.seen_pmid.clear()
        self.seen_title.clear()

    def _classify_match(self, row: PlannedRow, incoming: Reference, match: Reference) -> None:
        how = (
            "same DOI"
            if incoming.doi and incoming.doi.lower() == match.doi.lower()
            else "same PMID"
            if incoming.pmid and incoming.pmid == match.pmid
            else "same title and year"
        )
        fill = {
            name: getattr(incoming, name)
            for name in MERGEABLE_FIELDS
            if getattr(match, name) in ("", None) and getattr(incoming, name) not in ("", None)
        }
        if self.merge and fill:
            row.action, row.reference, row.merge_fields = "merge", match, fill
            row.reason = f"{how} as [@{match.key}]; fills {', '.join(sorted(fill))}"
        else:
            row.action, row.reason = "skip", f"{how} as [@{match.key}]"

    def _existing(self, references: list[Reference]) -> Callable[[Reference], Reference | None]:
        dois = {ref.doi.lower() for ref in references if ref.doi}
        pmids = {ref.pmid for ref in references if ref.pmid}
        titles = {ref.title_key for ref in references if ref.title_key}
        query = Q(pk__in=[])
        if dois:
            query |= Q(doi_lower__in=dois)
        if pmids:
            query |= Q(pmid__in=pmids)
        if titles:
            query |= Q(title_key__in=titles)
        by_doi, by_pmid, by_title = {}, {}, {}
        for ref in Reference.objects.annotate(doi_lower=Lower("doi")).filter(query):
            if ref.doi:
                by_doi.setdefault(ref.doi.lower(), ref)
            if ref.pmid:
                by_pmid.setdefault(ref.pmid, ref)
            by_title.setdefault((ref.title_key, ref.year), ref)

        def find(ref: Reference) -> Reference | None:
            return (
                (ref.doi and by_doi.get(ref.doi.lower()))
                or (ref.pmid and by_pmid.get(ref.pmid))
                or by_title.get((ref.title_key, ref.year))
                or None
            )

        return find

    def _seen(self, ref: Reference) -> str:
        return (
            (ref.doi and self.seen_doi.get(ref.doi.lower()))
            or (ref.pmid and self.seen_pmid.get(ref.pmid))
            or self.seen_title.get((ref.title_key, ref.year))
            or ""
        )

    def _remember(self, ref: Reference, source: str) -> None:
        if ref.doi:
            self.seen_doi[ref.doi.lower()] = source
        if ref.pmid:
            self.seen_pmid[ref.pmid] = source
        self.seen_title[(ref.title_key, ref.year)] = source


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def check_may_import(user) -> None:
    if not (user and allowed(user, "add", Reference)):
        raise PermissionDenied(IMPORT_PERMISSION_MESSAGE)


def references_import_preview(*, records: Iterable[dict], merge: bool = False) -> ImportSummary:
    """What an import would do, without writing anything."""
    planner = ImportPlanner(merge=merge)
    summary = ImportSummary()
    for batch in _batches(records, BATCH_SIZE):
        for row in planner.plan(batch):
            summary.add(row)
    return summary


def references_import(
    *,
    actor,
    records: Iterable[dict],
    filename: str,
    fmt: str,
    merge: bool = False,
    skip_invalid: bool = False,
    log: ReferenceImport | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    collect_keys: bool = False,
) -> ImportSummary:
    """Import records in one transaction: every valid new reference is created, or none is.

    Records are read, classified and written batch by batch, so memory stays bounded by the batch size:
    once a batch is written the planner forgets it, and later batches find it in the database (inside
    this transaction). Any invalid record aborts the whole import unless ``skip_invalid``; a file error
    midway (ImportFileError) rolls everything back.
    """
    check_may_import(actor)
    reason = f"Imported from {filename}"[:100]
    planner = ImportPlanner(merge=merge)
    summary = ImportSummary()
    with transaction.atomic():
        if log is not None and log.pk is not None:
            log = ReferenceImport.objects.select_for_update().get(pk=log.pk)
            if log.status == ReferenceImport.Status.APPLIED:
                raise ImportRefusedError("This import was already applied; upload the file again to re-import.")
        for batch in _batches(records, batch_size):
            rows = planner.plan(batch)
            invalid = [row for row in rows if row.action == "invalid"]
            if invalid and not skip_invalid:
                first = f"{invalid[0].source}: {invalid[0].reason}"
                raise ImportRefusedError(IMPORT_INVALID_MESSAGE.format(first=first))
            new = [row.reference for row in rows if row.action == "create"]
            if new:
                bulk_create_with_history(
                    new, Reference, batch_size=batch_size, default_user=actor, default_change_reason=reason
                )
            for row in rows:
                if row.action == "merge":
                    existing = Reference.objects.select_for_update().get(pk=row.reference.pk)
                    for name, value in row.merge_fields.items():
                        setattr(existing, name, value)
                    existing.full_clean()
                    existing._history_user = actor
                    existing._change_reason = f"Merged from {filename}"[:100]
                    existing.save()
                summary.add(row, keep=False)
                if collect_keys and row.key and row.action != "invalid":
                    summary.keys.append(row.key)
            planner.forget()  # bounded memory: this batch is in the database now
            if progress:
                progress(len(rows))
        log = log or ReferenceImport(filename=one_line(filename)[:255], format=fmt, uploaded_by=actor)
        log.status = ReferenceImport.Status.APPLIED
        log.merge = merge
        log.created, log.merged = summary.counts["create"], summary.counts["merge"]
        log.skipped = summary.counts["skip"] + summary.counts["invalid"]
        log.applied_at = timezone.now()
        log.save()
    return summary

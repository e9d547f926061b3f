"""A comparison of two revisions: the tree of dataclasses the review page renders."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from core.texts import revision_texts
from editorial.compare.sections import _longest_increasing, match_sections
from editorial.compare.words import diff_rendered, diff_words
from references.citations import cited_keys


@dataclass
class FieldDiff:
    label: str
    html: SafeString
    changed: bool
    old: str = ""
    new: str = ""

    @property
    def rendered(self) -> SafeString:
        """The same change highlighted in the rendered text (computed only when a page asks)."""
        return diff_rendered(self.old, self.new)


@dataclass
class RegisterDiff:
    name: str  # "Professional" or "Plain language"
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields)

    @property
    def has_text(self) -> bool:
        return any(f.old or f.new for f in self.fields)


@dataclass
class SectionDiff:
    status: str  # "unchanged", "changed", "added", "removed"
    heading: str
    old_position: int | None
    new_position: int | None
    registers: list[RegisterDiff]
    moved: bool = False
    section: object | None = None  # the new revision's section (None when removed), for comments

    @property
    def changed(self) -> bool:
        return self.status != "unchanged" or self.moved


@dataclass
class Comparison:
    old: object | None
    new: object
    registers: list[RegisterDiff]
    sections: list[SectionDiff]
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            any(r.changed for r in self.registers)
            or any(s.changed for s in self.sections)
            or bool(self.sources_added or self.sources_removed)
        )

    @property
    def lead_changed(self) -> bool:
        """The title or summary changed, in either register."""
        return any(r.changed for r in self.registers)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"changed": 0, "added": 0, "removed": 0, "moved": 0, "unchanged": 0}
        for section in self.sections:
            counts[section.status] += 1
            counts["moved"] += section.moved
        return counts


def field_diff(label: str, old: str, new: str) -> FieldDiff:
    old, new = old or "", new or ""
    return FieldDiff(label=label, html=diff_words(old, new), changed=old.split() != new.split(), old=old, new=new)


def _section_registers(old, new) -> list[RegisterDiff]:
    def get(section, name):
        return getattr(section, name, "") if section is not None else ""

    return [
        RegisterDiff(
            "Professional",
            [
                field_diff("Heading", get(old, "heading"), get(new, "heading")),
                field_diff("Body", get(old, "body"), get(new, "body")),
            ],
        ),
        RegisterDiff(
            "Plain language",
            [
                field_diff("Heading", get(old, "plain_heading"), get(new, "plain_heading")),
                field_diff("Body", get(old, "plain_body"), get(new, "plain_body")),
            ],
        ),
    ]


def compare_sections(old_sections: list, new_sections: list) -> list[SectionDiff]:
    pairs = match_sections(old_sections, new_sections)
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    in_order = _longest_increasing([i for i, _ in matched])
    moved_new = {j for k, (_, j) in enumerate(matched) if k not in in_order}
    diffs = []
    for i, j in pairs:
        old = old_sections[i] if i is not None else None
        new = new_sections[j] if j is not None else None
        registers = _section_registers(old, new)
        if old is None:
            status = "added"
        elif new is None:
            status = "removed"
        else:
            status = "changed" if any(r.changed for r in registers) else "unchanged"
        diffs.append(
            SectionDiff(
                status=status,
                heading=(new or old).heading,
                old_position=None if i is None else i + 1,
                new_position=None if j is None else j + 1,
                registers=registers,
                moved=j in moved_new,
                section=new,
            )
        )
    # Removed sections are shown where they used to be: after the new section that preceded them.
    ordered: list[SectionDiff] = [d for d in diffs if d.new_position is not None]
    for removed in (d for d in diffs if d.new_position is None):
        before = [
            k for k, d in enumerate(ordered) if d.old_position is not None and d.old_position < removed.old_position
        ]
        ordered.insert(before[-1] + 1 if before else 0, removed)
    return ordered


# ---------------------------------------------------------------------------------------------
# Whole revisions


def compare_revisions(old, new) -> Comparison:
    """Compare revision ``old`` (or ``None``) with revision ``new`` of the same article.

    ``old`` may also be ``new`` as it stood earlier (``editorial.comparison_bases.RevisionAsOf``): only
    its texts, ``article_id`` and ``sections.all()`` are read.
    """
    if old is not None and old.article_id != new.article_id:
        raise ValueError("Only revisions of the same article can be compared.")

    def get(name):
        return getattr(old, name, "") if old is not None else ""

    registers = [
        RegisterDiff(
            "Professional",
            [
                field_diff("Title", get("title"), new.title),
                field_diff("Headline", get("headline"), new.headline),
                field_diff("Also called (both registers)", get("also_called"), new.also_called),
                field_diff("Summary", get("summary"), new.summary),
            ],
        ),
        RegisterDiff(
            "Plain language",
            [
                field_diff("Title", get("plain_title"), new.plain_title),
                field_diff("Headline", get("plain_headline"), new.plain_headline),
                field_diff("Summary", get("plain_summary"), new.plain_summary),
            ],
        ),
    ]
    old_sections = list(old.sections.all()) if old is not None else []
    sections = compare_sections(old_sections, list(new.sections.all()))
    old_keys = cited_keys(revision_texts(old)) if old is not None else []
    new_keys = cited_keys(revision_texts(new))
    return Comparison(
        old=old,
        new=new,
        registers=registers,
        sections=sections,
        sources_added=[key for key in new_keys if key not in old_keys],
        sources_removed=[key for key in old_keys if key not in new_keys],
    )

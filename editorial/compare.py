"""Compare two revisions of one article: what a board member needs to see before deciding.

Pure functions over two revisions (the older one may be ``None``: everything is new). The result is
a tree of dataclasses that the review page renders.

Why the Markdown source is diffed, not the rendered HTML: a reviewer must see changes that rendering
hides (a citation key swapped from ``[@a]`` to ``[@b]``, a link target, emphasis), and markers put
into Markdown before rendering can straddle block and inline elements and produce mis-nested HTML.
So each text is split into words (each keeping its trailing whitespace), difflib compares the words,
every word is HTML-escaped, and only our own ``<ins>``, ``<del>``, ``<details>`` and ``<summary>``
tags are added. Paragraph breaks survive as whitespace (the page shows them with
``white-space: pre-wrap``). The output is safe by construction, never ``|safe`` on user text.

Sections are matched without storing anything new: a new revision copies its base's sections, so
the same heading (case- and space-insensitive) is the same section; sections left over are paired
by text similarity (a renamed heading with a similar body), and the rest are added or removed. A
matched section is "moved" when it is not on the longest run of sections that kept their order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown
from core.texts import revision_texts
from references.citations import cited_keys

# Unchanged runs longer than this are collapsed to their first and last CONTEXT_WORDS words.
COLLAPSE_OVER_WORDS = 60
CONTEXT_WORDS = 20
SIMILAR_SECTION_RATIO = 0.6

WORD_RE = re.compile(r"\S+\s*")
# Sanitised HTML as tokens: a whole tag, a word with its trailing space, or leading whitespace.
HTML_TOKEN_RE = re.compile(r"<[^>]+>|[^<\s]+\s*|\s+")


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
    def counts(self) -> dict[str, int]:
        counts = {"changed": 0, "added": 0, "removed": 0, "moved": 0, "unchanged": 0}
        for section in self.sections:
            counts[section.status] += 1
            counts["moved"] += section.moved
        return counts


# ---------------------------------------------------------------------------------------------
# Words


def _split(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def _wrap(tag: str, tokens: list[str], *, trailing_space: bool = True) -> str:
    """``<tag>words</tag>`` with the run's trailing whitespace kept outside the tag (or dropped)."""
    text = "".join(tokens)
    stripped = text.rstrip()
    space = escape(text[len(stripped) :]) if trailing_space else ""
    return f"<{tag}>{escape(stripped)}</{tag}>{space}"


def _equal(tokens: list[str], *, first: bool, last: bool) -> str:
    """An unchanged run; long runs keep CONTEXT_WORDS at the edges that touch a change."""
    if len(tokens) <= COLLAPSE_OVER_WORDS:
        return escape("".join(tokens))
    head = [] if first else tokens[:CONTEXT_WORDS]
    tail = [] if last else tokens[-CONTEXT_WORDS:]
    middle = tokens[len(head) : len(tokens) - len(tail)]
    hidden = (
        f'<details class="diff-unchanged"><summary>{len(middle)} unchanged words</summary>'
        f"{escape(''.join(middle))}</details>"
    )
    return escape("".join(head)) + hidden + escape("".join(tail))


def diff_words(old: str, new: str) -> SafeString:
    """Word-level diff of two Markdown texts as escaped HTML with ``<ins>``/``<del>``."""
    old_tokens, new_tokens = _split(old), _split(new)
    matcher = SequenceMatcher(None, [t.rstrip() for t in old_tokens], [t.rstrip() for t in new_tokens], autojunk=False)
    opcodes = matcher.get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_equal(new_tokens[j1:j2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if tag in {"delete", "replace"}:
            # In a replacement the inserted words bring their own trailing space.
            parts.append(_wrap("del", old_tokens[i1:i2], trailing_space=tag == "delete"))
        if tag in {"insert", "replace"}:
            parts.append(_wrap("ins", new_tokens[j1:j2]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above went through escape()


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _words_wrapped(tag: str, tokens: list[str]) -> str:
    """Emit ``tokens`` with every run of words wrapped in ``tag``; tags pass through unwrapped."""
    out, run = [], []
    for token in tokens + ["<>"]:  # a sentinel tag flushes the last run
        if _is_tag(token):
            if "".join(run).strip():
                text = "".join(run)
                stripped = text.rstrip()
                out.append(f"<{tag}>{stripped}</{tag}>{text[len(stripped) :]}")
            else:
                out.append("".join(run))
            run = []
            if token != "<>":
                out.append(token)
        else:
            run.append(token)
    return "".join(out)


def diff_rendered(old: str, new: str) -> SafeString:
    """Word-level diff in the rendered text: both texts are rendered and sanitised first.

    The output keeps the new text's tags exactly, in order, and wraps only runs of words (never a
    tag) in ``<ins>``/``<del>``; deleted words are placed where they were, without their old tags.
    So the nesting is the new document's, which the sanitiser produced; a final nh3 pass with the
    same allowlist plus ``ins``/``del`` makes that a guarantee rather than an argument.
    """
    old_tokens = HTML_TOKEN_RE.findall(render_markdown(old))
    new_tokens = HTML_TOKEN_RE.findall(render_markdown(new))
    matcher = SequenceMatcher(None, [t.strip() for t in old_tokens], [t.strip() for t in new_tokens], autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append("".join(new_tokens[j1:j2]))
            continue
        if tag in {"delete", "replace"}:
            deleted = [t for t in old_tokens[i1:i2] if not _is_tag(t)]
            parts.append(_words_wrapped("del", deleted))
        if tag in {"insert", "replace"}:
            parts.append(_words_wrapped("ins", new_tokens[j1:j2]))
    html = nh3.clean(
        "".join(parts),
        tags=ALLOWED_TAGS | {"ins", "del"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(_collapse_blocks(html))  # noqa: S308 - sanitised by nh3 just above; only <details> added


VOID_TAGS = {"br", "hr"}
COLLAPSE_OVER_BLOCKS = 4


def _top_level_blocks(html: str) -> list[str]:
    """Split sanitised HTML into its top-level elements (paragraphs, lists, tables, ...)."""
    blocks, current, depth = [], [], 0
    for token in HTML_TOKEN_RE.findall(html):
        current.append(token)
        if token.startswith("</"):
            depth -= 1
        elif token.startswith("<"):
            name = token[1:].split(None, 1)[0].rstrip(">/").lower()
            depth += 0 if name in VOID_TAGS or token.endswith("/>") else 1
        if depth <= 0 and "".join(current).strip():
            blocks.append("".join(current))
            current, depth = [], 0
    if "".join(current).strip():
        blocks.append("".join(current))
    return blocks


def _collapse_blocks(html: str) -> str:
    """Fold runs of unchanged paragraphs (keeping one next to each change) into ``<details>``."""
    blocks = _top_level_blocks(html)
    changed = [("<ins>" in block or "<del>" in block) for block in blocks]
    out, index = [], 0
    while index < len(blocks):
        if changed[index]:
            out.append(blocks[index])
            index += 1
            continue
        end = index
        while end < len(blocks) and not changed[end]:
            end += 1
        run = blocks[index:end]
        head = run[:1] if index > 0 else []
        tail = run[-1:] if end < len(blocks) else []
        middle = run[len(head) : len(run) - len(tail)]
        if len(middle) >= COLLAPSE_OVER_BLOCKS:
            folded = (
                f'<details class="diff-unchanged-blocks"><summary>{len(middle)} unchanged paragraphs</summary>'
                f"{''.join(middle)}</details>"
            )
            out.extend([*head, folded, *tail])
        else:
            out.extend(run)
        index = end
    return "".join(out)


def field_diff(label: str, old: str, new: str) -> FieldDiff:
    old, new = old or "", new or ""
    return FieldDiff(label=label, html=diff_words(old, new), changed=old.split() != new.split(), old=old, new=new)


# ---------------------------------------------------------------------------------------------
# Sections


def _norm(heading: str) -> str:
    return " ".join((heading or "").lower().split())


def match_sections(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index); ``None`` on one side means added or removed."""
    pairs: dict[int, int] = {}  # new index -> old index
    used_old: set[int] = set()
    for j, section in enumerate(new):
        for i, candidate in enumerate(old):
            if i not in used_old and _norm(candidate.heading) == _norm(section.heading):
                pairs[j] = i
                used_old.add(i)
                break
    scored = []
    for j, section in enumerate(new):
        if j in pairs:
            continue
        for i, candidate in enumerate(old):
            if i in used_old:
                continue
            ratio = SequenceMatcher(
                None, f"{candidate.heading}\n{candidate.body}"[:2000], f"{section.heading}\n{section.body}"[:2000]
            ).ratio()
            if ratio >= SIMILAR_SECTION_RATIO:
                scored.append((-ratio, j, i))
    for _, j, i in sorted(scored):
        if j not in pairs and i not in used_old:
            pairs[j] = i
            used_old.add(i)
    result: list[tuple[int | None, int | None]] = [(pairs.get(j), j) for j in range(len(new))]
    for i in range(len(old)):
        if i not in used_old:
            result.append((i, None))
    return result


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions in ``values`` on one longest strictly increasing subsequence (O(n^2); n is small)."""
    if not values:
        return set()
    length = [1] * len(values)
    previous = [-1] * len(values)
    for k in range(len(values)):
        for m in range(k):
            if values[m] < values[k] and length[m] + 1 > length[k]:
                length[k], previous[k] = length[m] + 1, m
    k = max(range(len(values)), key=lambda n: (length[n], -n))
    keep = set()
    while k != -1:
        keep.add(k)
        k = previous[k]
    return keep


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
    """Compare revision ``old`` (or ``None``) with revision ``new`` of the same article."""
    if old is not None and old.article_id != new.article_id:
        raise ValueError("Only revisions of the same article can be compared.")

    def get(name):
        return getattr(old, name, "") if old is not None else ""

    registers = [
        RegisterDiff(
            "Professional",
            [field_diff("Title", get("title"), new.title), field_diff("Summary", get("summary"), new.summary)],
        ),
        RegisterDiff(
            "Plain language",
            [
                field_diff("Title", get("plain_title"), new.plain_title),
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

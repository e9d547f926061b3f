"""Word-level diffs of two texts, as HTML that is safe by construction.

Why the Markdown source is diffed, not the rendered HTML: a reviewer must see changes that rendering
hides (a citation key swapped from ``[@a]`` to ``[@b]``, a link target, emphasis), and markers put
into Markdown before rendering can straddle block and inline elements and produce mis-nested HTML.
So each text is split into words (each keeping its trailing whitespace), difflib compares the words,
every word is HTML-escaped, and only our own ``<ins>``, ``<del>``, ``<details>`` and ``<summary>``
tags are added. Paragraph breaks survive as whitespace (the page shows them with
``white-space: pre-wrap``). The output is safe by construction, never ``|safe`` on user text.

``diff_rendered`` shows the same change in the rendered text, for a page that asks for it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown

# Unchanged runs longer than this are collapsed to their first and last CONTEXT_WORDS words.
COLLAPSE_OVER_WORDS = 60
CONTEXT_WORDS = 20

WORD_RE = re.compile(r"\S+\s*")
# Sanitised HTML as tokens: a whole tag, a word with its trailing space, or leading whitespace.
HTML_TOKEN_RE = re.compile(r"<[^>]+>|[^<\s]+\s*|\s+")


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

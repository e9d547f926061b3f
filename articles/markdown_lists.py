"""Lists as medical writers type them, made into lists Python-Markdown nests: a text-to-text step before rendering.

Why this exists: Python-Markdown nests a list only under four spaces of indentation, and starts a list only
after a blank line. Writers (and every other Markdown tool they use: CommonMark, GitHub, their editors) indent
nested items by two spaces and put a list straight under the sentence that introduces it, so their nested
dose steps came out flattened into one list, and "Give:\\n- 25 g" into one paragraph. The registry's
``mdx_truly_sane_lists`` reads two-space nesting but then flattens four-space nesting into the item's text,
which would break the articles already written with four; so this step accepts both. It only re-indents list
lines and inserts blank lines, so the result still goes through Markdown and nh3 like any other text
(``articles.rendering.render_markdown``).

The rule, as in CommonMark: an item whose marker is at least two columns right of the open item's marker is
nested in it; otherwise it is a sibling of the open item it lines up with (within a column). Each level is
written out at four spaces. Lines that continue an item are re-indented with it. An indented block outside a
list (a code block) is left alone.
"""

from __future__ import annotations

import re

TAB_WIDTH = 4  # Python-Markdown's tab_length: one nesting level
# A list item's marker and the spaces after it. An ordered item is "1." (Python-Markdown reads no "1)").
ITEM_RE = re.compile(r"(?P<indent> *)(?P<marker>[-*+]|\d{1,9}\.) +(?=\S)")
# "- - -", "***", "___": a horizontal rule, not a list item.
RULE_RE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
# What may start a list straight under a paragraph line (CommonMark: a bullet, or an ordered list from 1).
INTERRUPTS_PARAGRAPH_RE = re.compile(r"[-*+]|1\.")


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip(" \t")
    return line[: len(line) - len(stripped)].expandtabs(TAB_WIDTH) + stripped


def nest_lists(text: str) -> str:
    """``text`` with every list's items indented four spaces per level, and a blank line before a list that
    follows a paragraph line; everything else unchanged."""
    if "\n" not in text:
        return text  # one line holds no nested list and no list under a paragraph
    out: list[str] = []
    open_items: list[tuple[int, int]] = []  # (column as written, column written out) of each open item
    after_blank, after_paragraph = True, False
    for raw in text.split("\n"):
        line = _expand_leading_tabs(raw)
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if not content:
            out.append("")
            after_blank, after_paragraph = True, False
            continue
        item = None if RULE_RE.fullmatch(line) else ITEM_RE.match(line)
        if item is not None and (open_items or indent < TAB_WIDTH):
            if not open_items and after_paragraph:
                if not INTERRUPTS_PARAGRAPH_RE.fullmatch(item.group("marker")):
                    out.append(raw)  # "2. ..." wrapped under a sentence: text, as CommonMark reads it
                    after_blank = False
                    continue
                out.append("")
            column = _place(open_items, indent)
            out.append(" " * column + line[indent:])
            after_blank, after_paragraph = False, False
            continue
        if open_items and after_blank and indent == 0:
            open_items.clear()  # a paragraph after a blank line, at the margin: the list has ended
        if open_items and indent:
            out.append(" " * (_owner(open_items, indent) + TAB_WIDTH) + content)
        else:
            out.append(raw)
        after_blank, after_paragraph = False, not open_items
    return "\n".join(out)


def _place(open_items: list[tuple[int, int]], indent: int) -> int:
    """The column to write an item marked at ``indent``; updates ``open_items``."""
    column = 0
    while open_items:
        written, placed = open_items[-1]
        if indent >= written + 2:
            column = placed + TAB_WIDTH  # nested in the open item
            break
        open_items.pop()
        if indent >= written:
            column = placed  # a sibling of the item it lines up with
            break
    open_items.append((indent, column))
    return column


def _owner(open_items: list[tuple[int, int]], indent: int) -> int:
    """The written-out column of the item an indented continuation line belongs to: the deepest open item
    whose marker lies left of the line."""
    for written, placed in reversed(open_items):
        if written < indent:
            return placed
    return open_items[0][1]

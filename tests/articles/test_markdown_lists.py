"""What medical writers type (issue 14): lists nested by two spaces or four, lists under a sentence, dose tables.

Each case is rendered through ``render_markdown`` (the one sanitising path) and read back as a tree of tags,
so a case fails when the reader would see a flattened list, not when whitespace changes.
"""

from html.parser import HTMLParser

import pytest

from articles.markdown_lists import nest_lists
from articles.rendering import render_markdown


class _Outline(HTMLParser):
    """Block structure as text: ``ul[li[a ul[li[b]]]]`` (only the tags that make lists, tables, paragraphs)."""

    KEPT = {"ul", "ol", "li", "p", "table", "thead", "tbody", "tr", "th", "td", "pre", "hr", "h2", "div"}

    def __init__(self):
        super().__init__()
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.KEPT:
            if self.out and not self.out[-1].endswith(("[", "]")):
                self.out.append(" ")  # text, then a nested block: "a ul[...]"
            self.out.append(f"{tag}[")
            if tag == "hr":
                self.out.append("]")

    def handle_endtag(self, tag):
        if tag in self.KEPT and tag != "hr":
            self.out.append("]")

    def handle_data(self, data):
        words = " ".join(data.split())
        if words:
            if self.out and not self.out[-1].endswith("["):
                self.out.append(" ")
            self.out.append(words)


def outline(markdown_text: str) -> str:
    parser = _Outline()
    parser.feed(render_markdown(markdown_text))
    return "".join(parser.out).replace("] ", "]").replace(" ]", "]")


# (written, what the reader gets); one row per way writers type lists.
LIST_CASES = [
    ("- a\n  - b\n  - c\n- d", "ul[li[a ul[li[b]li[c]]]li[d]]"),  # two spaces
    ("- a\n    - b\n    - c\n- d", "ul[li[a ul[li[b]li[c]]]li[d]]"),  # four spaces, as before
    ("- a\n  - b\n    - c\n- d", "ul[li[a ul[li[b ul[li[c]]]]]li[d]]"),  # three levels, two spaces each
    ("- a\n    - b\n        - c\n- d", "ul[li[a ul[li[b ul[li[c]]]]]li[d]]"),  # three levels, four each
    ("- a\n  - b\n    - c\n  - d\n- e", "ul[li[a ul[li[b ul[li[c]]]li[d]]]li[e]]"),  # back out one level
    ("1. a\n   - b\n2. c", "ol[li[a ul[li[b]]]li[c]]"),  # bullets under a numbered step, aligned with its text
    ("1. a\n  1. b\n2. c", "ol[li[a ol[li[b]]]li[c]]"),
    ("- a\n\t- b\n- c", "ul[li[a ul[li[b]]]li[c]]"),  # a tab
    ("Give:\n- 25 g\n- after dialysis", "p[Give:]ul[li[25 g]li[after dialysis]]"),  # a list under a sentence
    ("Give:\n1. first\n2. second", "p[Give:]ol[li[first]li[second]]"),
    ("Born in\n1990. Then", "p[Born in 1990. Then]"),  # a wrapped line is not a list (only "1." may interrupt)
    ("- a\n- b\n\nText after.\n\n- c", "ul[li[a]li[b]]p[Text after.]ul[li[c]]"),
    ("- item one\n  continues here\n- two", "ul[li[item one continues here]li[two]]"),
    ("- a\n  - b\n    more of b\n- c", "ul[li[a ul[li[b more of b]]]li[c]]"),
    ("Text\n\n    code block", "p[Text]pre[code block]"),  # an indented block outside a list stays code
    ("Text\n\n- - -\n\nMore", "p[Text]hr[]p[More]"),  # a rule is not an item
    ("## Dose\n- a\n  - b", "h2[Dose]ul[li[a ul[li[b]]]]"),
]


@pytest.mark.parametrize(("written", "expected"), LIST_CASES)
def test_lists_render_as_the_writer_indented_them(written, expected):
    assert outline(written) == expected


def test_text_without_lists_is_left_exactly_as_it_was():
    text = "A paragraph.\nSecond line.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted"
    assert nest_lists(text) == text
    assert nest_lists("- one line") == "- one line"


def test_a_dose_table_renders_with_its_header_cells_and_alignment_in_a_scrolling_box():
    html = render_markdown(
        "| Patient | Dose | How often |\n|:---|--:|:-:|\n| Adult on haemodialysis | 25 g | Three times weekly |"
    )
    assert html.startswith('<div class="table-scroll" tabindex="0"><table>')
    assert '<th align="left">Patient</th>' in html and '<th align="right">Dose</th>' in html
    assert '<td align="center">Three times weekly</td>' in html
    assert "style=" not in html  # the strict CSP would refuse an inline style
    assert outline("| a | b |\n|---|---|\n| 1 | 2 |") == "div[table[thead[tr[th[a]th[b]]]tbody[tr[td[1]td[2]]]]]"


def test_a_table_under_a_list_item_and_a_list_in_a_cell_stay_tables_and_lists():
    text = "- dose:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- after"
    assert outline(text) == "ul[li[dose:]]div[table[thead[tr[th[a]th[b]]]tbody[tr[td[1]td[2]]]]]ul[li[after]]"


def test_only_the_renderers_own_table_box_survives_sanitising():
    html = render_markdown('<div class="table-scroll danger" tabindex="-1" onfocus="alert(1)">x</div>')
    assert html == '<div class="table-scroll">x</div>'  # our class only; no other tab order; no handler
    assert render_markdown('<table><tr><td align="javascript:x">1</td></tr></table>').count("align") == 0

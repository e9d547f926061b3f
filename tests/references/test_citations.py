"""Citation numbering and grouping: the contract the reader's page and the preview rely on."""

import re

from references.citations import cited_keys, collapse_ranges, link_citations, sources_diff

KNOWN = {"a", "b", "c", "d", "e", "kdigo2017", "nigwekar2015"}


def lookup(key):
    return {"key": key} if key in KNOWN else None


def links(html: str) -> list[str]:
    return re.findall(r'<a href="#ref-(\d+)" class="citation-link">([\d-]+)</a>', html)


def test_numbers_follow_first_appearance_across_texts():
    texts, entries = link_citations(["Lead [@c].", "Body [@a] and [@c; @b]."], lookup)
    assert [(entry.number, entry.key) for entry in entries] == [(1, "c"), (2, "a"), (3, "b")]
    assert links(texts[0]) == [("1", "1")]
    assert links(texts[1]) == [("2", "2"), ("1", "1"), ("3", "3")]


def test_same_key_cited_twice_keeps_its_number_and_gets_two_back_links():
    texts, entries = link_citations(["First [@a].", "Again [@b]; and [@a]."], lookup)
    assert [entry.key for entry in entries] == ["a", "b"]
    assert entries[0].citing_ids == ["cite-1", "cite-3"]
    assert 'id="cite-3"' in texts[1] and links(texts[1])[-1] == ("1", "1")


def test_same_key_twice_in_one_group_is_shown_once():
    texts, entries = link_citations(["[@a; @a]"], lookup)
    assert links(texts[0]) == [("1", "1")]
    assert entries[0].citing_ids == ["cite-1"]


def test_adjacent_numbers_collapse_to_a_range():
    texts, _ = link_citations(["[@a] [@b] [@c] [@d] then [@a; @b; @c; @e]"], lookup)
    assert links(texts[0].split("then")[1]) == [("1", "1-3"), ("5", "5")]


def test_group_in_any_order_is_sorted_before_collapsing():
    texts, _ = link_citations(["[@a] [@b] [@c]", "[@c; @a; @b]"], lookup)
    assert links(texts[1]) == [("1", "1-3")]


def test_a_key_only_in_the_plain_language_text_is_numbered_on_that_page_only():
    professional = ["Lead [@kdigo2017].", "Section body [@a]."]
    plain = ["Lead [@kdigo2017].", "Plain body [@nigwekar2015] and [@a]."]
    _, pro_entries = link_citations(professional, lookup)
    _, plain_entries = link_citations(plain, lookup)
    assert [entry.key for entry in pro_entries] == ["kdigo2017", "a"]
    assert [(entry.number, entry.key) for entry in plain_entries] == [(1, "kdigo2017"), (2, "nigwekar2015"), (3, "a")]


def test_unknown_key_is_a_visible_marker_not_broken_markup():
    texts, entries = link_citations(["Claim [@a; @missing]."], lookup)
    assert '<span class="citation-unknown">unknown source: missing</span>' in texts[0]
    assert texts[0].count("<sup") == texts[0].count("</sup>") == 1
    assert [entry.key for entry in entries] == ["a"]


def test_text_that_is_not_a_citation_is_left_alone():
    texts, entries = link_citations(["Email me [at] x, [@ not a key], [see @a]"], lookup)
    assert texts == ["Email me [at] x, [@ not a key], [see @a]"] and entries == []


def test_cited_keys_in_order_without_repeats():
    assert cited_keys(["[@b; @a]", None, "[@a] [@c]"]) == ["b", "a", "c"]


def test_collapse_ranges():
    assert collapse_ranges([5, 1, 2, 3, 3, 7, 8]) == [(1, 3), (5, 5), (7, 8)]
    assert collapse_ranges([]) == []


def test_sources_diff_names_added_and_removed_keys():
    diff = sources_diff(["a", "b", "c"], ["b", "d", "a", "d"])
    assert diff.added == ["d"] and diff.removed == ["c"] and diff.kept == ["b", "a"]


def test_citations_inside_code_are_left_as_written():
    text = "Cite like `[@a]` or:\n\n```\n[@b]\n```\n\nreal one [@c]."
    texts, entries = link_citations([text], lookup)
    assert "`[@a]`" in texts[0] and "```\n[@b]\n```" in texts[0]
    assert [entry.key for entry in entries] == ["c"]
    assert cited_keys([text]) == ["c"]

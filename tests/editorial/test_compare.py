from editorial.compare import compare_revisions, diff_rendered, diff_words, match_sections
from tests.editorial.desk_helpers import published_article, submitted_revision


def by_heading(comparison):
    return {section.heading: section for section in comparison.sections}


def test_comparison_shows_edited_added_removed_and_moved_sections_and_sources(staff):
    approved = published_article(staff)
    revision = submitted_revision(staff, approved)

    comparison = compare_revisions(approved, revision)
    sections = by_heading(comparison)

    assert [(s.heading, s.status, s.moved) for s in comparison.sections] == [
        ("Outlook", "unchanged", True),
        ("Causes", "unchanged", False),
        ("Treatment", "changed", False),
        ("Diagnosis", "removed", False),  # shown after the section that preceded it
        ("Prevention", "added", False),
    ]
    treatment_body = sections["Treatment"].registers[0].fields[1]
    assert treatment_body.html == "Sodium thiosulfate is <ins>often</ins> used <del>[@a].</del><ins>[@b].</ins>"
    assert (
        treatment_body.rendered == "<p>Sodium thiosulfate is <ins>often</ins> used <del>[@a].</del><ins>[@b].</ins></p>"
    )
    assert sections["Treatment"].registers[1].changed is False  # the plain register did not change
    assert sections["Prevention"].registers[1].fields[1].html == "<ins>Eat less phosphate.</ins>"
    assert sections["Diagnosis"].registers[0].fields[1].html == "<del>A skin biopsy confirms it [@c].</del>"
    assert comparison.sources_added == ["b"]
    assert comparison.sources_removed == ["c"]
    assert comparison.counts == {"changed": 1, "added": 1, "removed": 1, "moved": 1, "unchanged": 2}


def test_comparison_of_first_revision_shows_everything_inserted(staff):
    approved = published_article(staff)
    comparison = compare_revisions(None, approved)
    assert comparison.registers[0].fields[0].html == "<ins>What is calciphylaxis?</ins>"
    assert all(section.status == "added" for section in comparison.sections)


def test_word_diff_escapes_markup_in_the_source():
    html = diff_words("Take <b>one</b> tablet", "Take <script>alert(1)</script> tablet")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.startswith("Take <del>&lt;b&gt;one&lt;/b&gt;</del><ins>")


def test_renamed_section_is_matched_by_its_text():
    class S:
        def __init__(self, heading, body):
            self.heading, self.body = heading, body

    body = "Sodium thiosulfate given three times a week during dialysis is the usual first treatment."
    pairs = match_sections([S("Treatment", body)], [S("How it is treated", body + " Sometimes more.")])
    assert pairs == [(0, 0)]


def test_long_article_comparison_completes_and_collapses_unchanged_stretches():
    words = [f"word{n}" for n in range(5000)]
    old = " ".join(words)
    changed = list(words)
    changed[2500] = "CHANGED"
    changed.insert(4000, "ADDED")
    html = diff_words(old, " ".join(changed))

    assert "<del>word2500</del><ins>CHANGED</ins>" in html
    assert "<ins>ADDED</ins>" in html
    assert html.count('<details class="diff-unchanged">') == 3  # before, between and after the two changes
    assert "2480 unchanged words" in html  # the opening stretch keeps 20 words of context before the change


def test_rendered_diff_keeps_the_new_structure_and_highlights_words_only():
    html = diff_rendered("Intro.\n\n- one\n- two", "Intro **now**.\n\n- one\n- two\n- three")
    assert html == (
        "<p><del>Intro.</del><ins>Intro</ins> <strong><ins>now</ins></strong><ins>.</ins></p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n<li><ins>three</ins></li>\n</ul>"
    )


def test_rendered_diff_is_sanitised():
    html = diff_rendered("Safe.", 'Safe. <img src=x onerror="alert(1)"> [x](javascript:alert(1))')
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html


def test_rendered_diff_folds_long_unchanged_stretches_into_details():
    old = "\n\n".join(f"Paragraph {n} has words." for n in range(12))
    html = diff_rendered(old, old.replace("Paragraph 6 has", "Paragraph 6 now has"))
    assert "<p>Paragraph 6 <ins>now</ins> has words.</p>" in html
    assert "<summary>5 unchanged paragraphs</summary>" in html
    assert "<summary>4 unchanged paragraphs</summary>" in html

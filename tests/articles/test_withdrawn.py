"""A withdrawn article's address answers 410 with a page that names it (the title readers were shown, never a
later draft's), says when and by whom it was withdrawn, and points to the A to Z and search."""

import pytest

from articles.templatetags.vetted import time_element
from editorial import services
from editorial.models import TransitionRecord
from tests.factories import make_article, publish, publish_new_title


@pytest.fixture
def withdrawn(staff):
    """Calciphylaxis, approved twice (the second revision retitled), then withdrawn, then redrafted."""
    first = publish(
        make_article(actor=staff.author, plain_title="Calciphylaxis: what is it?"),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    second = publish_new_title(staff, first.article, "What causes calciphylaxis?")
    services.revision_withdraw(actor=staff.chief, revision=second, comment="PRIVATE: dose under investigation.")
    draft = services.revision_start_new(actor=staff.author, article=second.article)
    services.revision_edit(
        actor=staff.author,
        revision=draft,
        expected_version=draft.version,
        title="UNAPPROVED draft title?",
        plain_title="UNAPPROVED plain title",
    )
    return second


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/articles/calciphylaxis/", "What causes calciphylaxis?"),  # the default audience's wording
        ("/articles/calciphylaxis/for/patient-or-caregiver/", "Calciphylaxis: what is it?"),
        ("/articles/calciphylaxis/for/healthcare-professional/", "What causes calciphylaxis?"),
        ("/articles/calciphylaxis/for/no-such-audience/", "What causes calciphylaxis?"),
        ("/articles/calciphylaxis/report/?audience=student", "What causes calciphylaxis?"),
    ],
)
def test_the_410_page_names_the_withdrawn_revision_in_the_readers_wording(client, withdrawn, url, title):
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    when = TransitionRecord.objects.get(revision=withdrawn, action="withdraw").created_at
    assert f"Our editor-in-chief took it off the site on {time_element(when)}." in html
    assert 'href="/az/"' in html and 'action="/search/"' in html
    assert "UNAPPROVED" not in html  # the draft written since was never approved
    assert "PRIVATE" not in html  # the reason is a note for the audit trail, not for readers


def test_an_article_published_again_after_withdrawal_is_no_longer_gone(client, staff, withdrawn):
    draft = withdrawn.article.revisions.get(state="draft")
    draft = services.revision_edit(
        actor=staff.author, revision=draft, expected_version=draft.version, title="What is calciphylaxis?"
    )
    publish(draft, editor=staff.author, reviewer=staff.reviewer)
    assert client.get("/articles/calciphylaxis/for/healthcare-professional/").status_code == 200


def test_an_article_never_published_is_404_not_410(client, staff):
    make_article(actor=staff.author)
    response = client.get("/articles/calciphylaxis/")
    assert response.status_code == 404
    assert "What is calciphylaxis?" not in response.content.decode()

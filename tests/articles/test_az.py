"""Letter pages of the A to Z: one letter's published articles, a page at a time."""

from django.urls import reverse

from articles import letters, selectors, views
from articles.models import Article, LetterCount
from editorial import services
from editorial.integrity import find_violations
from editorial.models import Revision
from tests.factories import clear_caches, make_article, publish


def test_letter_pages_are_paginated_by_address(client, staff, monkeypatch):
    monkeypatch.setattr(views, "AZ_PER_PAGE", 2)
    for slug in ["b-three", "b-one", "b-two"]:
        publish(
            make_article(actor=staff.author, slug=slug, title=f"Title {slug}?"),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    first = client.get(reverse("articles:az_letter", args=["b"])).content.decode()
    assert first.index("Title b-one?") < first.index("Title b-three?") and "Title b-two?" not in first
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 2" in first
    second = client.get(reverse("articles:az_letter", args=["b"]), {"page": "2"}).content.decode()
    assert "Title b-two?" in second and 'rel="prev" href="?page=1"' in second
    for bad in ["3", "0", "x"]:
        assert client.get(reverse("articles:az_letter", args=["b"]), {"page": bad}).status_code == 404
    assert client.get("/az/bb/").status_code == 404


def test_canonical_addresses_ignore_stray_query_strings(client, staff):
    publish(
        make_article(actor=staff.author, slug="b-one", title="Title?"), editor=staff.author, reviewer=staff.reviewer
    )
    assert '<link rel="canonical" href="http://testserver/">' in client.get("/?q=anything").content.decode()
    html = client.get("/az/b/", {"q": "anything"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/az/b/">' in html


# The index of letters (LetterCount, kept by the approve and withdraw services)


def new_revision(staff, article, title):
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    return services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title=title)


def test_the_letter_index_follows_publication_update_withdrawal_and_return(staff, client):
    def roles():
        return _roles(staff)

    assert selectors.a_to_z_letters() == []
    first = publish(make_article(actor=staff.author, slug="bone-pain", title="Why do bones ache?"), **roles())
    publish(make_article(actor=staff.author, slug="burns", title="How are burns treated?"), **roles())
    publish(make_article(actor=staff.author, slug="anaemia", title="What is anaemia?"), **roles())
    assert selectors.a_to_z_letters() == [("A", 1), ("B", 2)]

    update = new_revision(staff, first.article, "Why do bones hurt?")  # an update: still one article under B
    publish(update, editor=staff.second_editor, reviewer=staff.reviewer)
    assert selectors.a_to_z_letters() == [("A", 1), ("B", 2)]

    services.revision_withdraw(actor=staff.chief, revision=Revision.objects.get(pk=update.pk), comment="Outdated")
    assert selectors.a_to_z_letters() == [("A", 1), ("B", 1)]
    assert 'href="/az/b/"' in client.get("/").content.decode()

    services.revision_withdraw(
        actor=staff.chief, revision=Article.objects.get(slug="anaemia").published_revision, comment="Wrong"
    )
    assert selectors.a_to_z_letters() == [("B", 1)]
    clear_caches()  # (the withdrawal's page invalidation runs on commit, which this test does not reach)
    assert 'href="/az/a/"' not in client.get("/").content.decode()  # no letter without articles

    back = new_revision(staff, Article.objects.get(slug="anaemia"), "What is anaemia, and who gets it?")
    publish(back, editor=staff.second_editor, reviewer=staff.reviewer)
    assert selectors.a_to_z_letters() == [("A", 1), ("B", 1)] == letters.counted_now()
    assert find_violations() == []


def test_check_integrity_reports_a_letter_index_out_of_step(staff):
    publish(make_article(actor=staff.author, slug="burns", title="How are burns treated?"), **_roles(staff))
    LetterCount.objects.filter(letter="B").update(published=5)
    LetterCount.objects.create(letter="Z", published=1)
    found = [str(violation) for violation in find_violations()]
    assert found == [
        "[letter-index] B: counts 5 published articles, there are 1",
        "[letter-index] Z: counts 1 published articles, there are 0",
    ]
    letters.recount()
    assert find_violations() == []


def _roles(staff):
    return {"editor": staff.author, "reviewer": staff.reviewer}

"""The question box's stored passage HTML (issue 15's speed: quotes stored sanitised when the passage index is
written) holds approved text only: with revisions in every unpublished state, a withdrawn article and a quorum
short of its approvals (``unpublished_everywhere``), no stored passage holds their text, and the box, asked on
every article page in every audience, quotes none of it."""

from django.test import Client

from articles.models import Audience
from ask.models import Passage
from tests.security.test_unpublished_unreachable import (  # noqa: F401 (the fixture)
    SEARCH_WORD,
    SECRET,
    WITHDRAWN,
    unpublished_everywhere,
)


def test_no_stored_passage_and_no_quote_holds_unapproved_or_withdrawn_text(unpublished_everywhere):  # noqa: F811
    slugs, _ = unpublished_everywhere
    stored = list(Passage.objects.values_list("html", "text", "heading", "title"))
    assert stored  # the published articles' passages are there
    assert not [row for row in stored if any(SECRET in part or WITHDRAWN in part for part in row)]
    assert not Passage.objects.filter(article__slug="withdrawn").exists()
    client = Client()
    quoted = 0
    for audience in Audience.objects.values_list("slug", flat=True):
        for slug in ["", *slugs]:
            for question in (SEARCH_WORD, f"{SEARCH_WORD} body", "what is calciphylaxis"):
                response = client.get("/ask/", {"q": question, "audience": audience, "on": slug})
                body = response.content.decode()
                assert response.status_code == 200 and SECRET not in body and WITHDRAWN not in body, (slug, question)
                quoted += 'class="ask-quote"' in body
    assert quoted  # the box did quote the approved passages meanwhile

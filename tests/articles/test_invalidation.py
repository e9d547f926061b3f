"""articles.invalidation: which page tokens an article's change renews."""

from articles.invalidation import invalidate_article
from pagecache.tokens import ALL_PAGES_TOKEN_KEY, LISTINGS_TOKEN_KEY, page_token_keys, read_tokens
from tests.factories import make_article


def current(*keys):
    return dict(zip(keys, read_tokens(list(keys)), strict=True))


def test_with_per_article_tokens_the_article_and_the_listings_are_renewed_not_the_site(staff, settings):
    settings.VETTED_TOKENS_PER_ARTICLE = True
    article = make_article(actor=staff.author).article
    keys = (ALL_PAGES_TOKEN_KEY, LISTINGS_TOKEN_KEY, page_token_keys(article.slug)[-1], page_token_keys("other")[-1])
    before = current(*keys)
    invalidate_article(article.pk)
    after = current(*keys)
    assert [before[key] == after[key] for key in keys] == [True, False, False, True]


def test_an_unknown_article_renews_the_listings_only(db, settings):
    settings.VETTED_TOKENS_PER_ARTICLE = True
    keys = (ALL_PAGES_TOKEN_KEY, LISTINGS_TOKEN_KEY, page_token_keys("calciphylaxis")[-1])
    before = current(*keys)
    invalidate_article(123456)
    after = current(*keys)
    assert [before[key] == after[key] for key in keys] == [True, False, True]


def test_without_per_article_tokens_the_site_token_is_renewed_without_a_query(
    staff, settings, django_assert_num_queries
):
    settings.VETTED_TOKENS_PER_ARTICLE = False
    article = make_article(actor=staff.author).article
    before = current(ALL_PAGES_TOKEN_KEY)
    with django_assert_num_queries(0):
        invalidate_article(article.pk)
    assert current(ALL_PAGES_TOKEN_KEY) != before

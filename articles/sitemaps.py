from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Audience
from articles.selectors import published_articles


class ArticleSitemap(Sitemap):
    """Every published article's canonical address for every audience, with the date it last changed."""

    changefreq = "monthly"

    def items(self):
        audiences = list(Audience.objects.all())
        return [(article, audience) for article in published_articles().order_by("slug") for audience in audiences]

    def location(self, item):
        article, audience = item
        return reverse("articles:for_audience", args=[article.slug, audience.slug])

    def lastmod(self, item):
        article, _ = item
        return max(filter(None, [article.published_at, article.last_reviewed_at]), default=None)


class SitePagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["articles:home", "articles:az", "articles:board", "articles:editorial_policy"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "pages": SitePagesSitemap}

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.rendering import plain_text
from articles.selectors import published_articles

FEED_LENGTH = 30


class UpdatedArticlesFeed(Feed):
    """Atom feed of published articles, most recently approved first; only approved text."""

    feed_type = Atom1Feed
    title = "Vetted: updated articles"
    subtitle = "Medical reference articles, newly approved by the Medical Advisory Board."

    def link(self):
        return reverse("articles:home")

    def items(self):
        return published_articles().order_by("-published_at", "slug")[:FEED_LENGTH]

    def item_title(self, article):
        return article.published_revision.title

    def item_description(self, article):
        # Atom1Feed declares the summary type="html", so a feed reader renders it as HTML. The summary is
        # plain text (markup stripped, entities decoded): escaped here it reads as the same text, and an
        # editor's "&lt;script&gt;" stays text instead of becoming a script in the reader.
        revision = article.published_revision
        text = plain_text(revision.summary, limit=400)
        if revision.change_note.strip():  # the approved what-changed note, approved with the text (issue 18)
            text += "\n\nWhat changed: " + " ".join(revision.change_note.split())
        return escape(text)

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return max(filter(None, [article.published_at, article.last_reviewed_at]), default=None)

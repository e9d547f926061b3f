from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from articles.caching import public_page, rendered_body, set_last_modified
from articles.models import Article

# The register the minimal page reads until audiences arrive (the reader site issue).
DEFAULT_REGISTER = "professional"
HOME_PAGE_SIZE = 100


@public_page
def home(request):
    published = Article.objects.filter(published_revision__isnull=False).select_related("published_revision")
    # Paginated: the home page must cost the same with 100 articles or 100,000.
    page = Paginator(published.order_by("slug"), HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    articles = list(page.object_list)
    response = render(request, "articles/home.html", {"articles": articles, "page": page})
    moments = [moment for article in articles for moment in (article.published_at, article.last_reviewed_at)]
    return set_last_modified(response, *moments)


@public_page(article_slug_kwarg="slug")
def article_detail(request, slug: str):
    article = get_object_or_404(Article.objects.select_related("published_revision"), slug=slug)
    revision = article.published_revision
    if revision is None:
        raise Http404("This article has no approved revision.")
    body = rendered_body(
        revision.pk,
        DEFAULT_REGISTER,
        lambda: render_to_string("articles/_revision_body.html", {"revision": revision}),
    )
    response = render(request, "articles/article_detail.html", {"article": article, "revision": revision, "body": body})
    return set_last_modified(response, article.published_at, article.last_reviewed_at)

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article


def home(request):
    articles = Article.objects.filter(published_revision__isnull=False).select_related("published_revision")
    return render(request, "articles/home.html", {"articles": articles.order_by("slug")})


def article_detail(request, slug: str):
    article = get_object_or_404(Article.objects.select_related("published_revision"), slug=slug)
    revision = article.published_revision
    if revision is None:
        raise Http404("This article has no approved revision.")
    return render(request, "articles/article_detail.html", {"article": article, "revision": revision})

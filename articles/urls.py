from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import views
from articles.feeds import UpdatedArticlesFeed
from articles.sitemaps import SITEMAPS

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("az/", views.a_to_z, name="az"),
    path("az/<slug:letter>/", views.a_to_z_letter, name="az_letter"),
    path("search/", views.search, name="search"),
    path("editorial-policy/", views.editorial_policy, name="editorial_policy"),
    path("whats-new/", views.whats_new, name="whats_new"),
    path("board/", views.board, name="board"),
    path("board/<slug:slug>/", views.board_member, name="board_member"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feed/", UpdatedArticlesFeed(), name="feed"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/for/<slug:audience_slug>/", views.article_for_audience, name="for_audience"),
    path("articles/<slug:slug>/choose/<slug:audience_slug>/", views.choose_audience, name="choose_audience"),
    path("articles/<slug:slug>/report/", views.report, name="report"),
    path("preview/revisions/<int:pk>/", views.preview_revision, name="preview_revision"),
]

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted"
admin.site.index_title = "Articles, revisions and review"

urlpatterns = [
    path("admin/desk/", include("editorial.admin_urls")),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

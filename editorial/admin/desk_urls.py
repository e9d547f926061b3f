"""URLs of the review desk, mounted under /admin/desk/ and protected like every admin page."""

from django.contrib import admin
from django.urls import path

from editorial.admin import desk as admin_views
from editorial.admin import evidence

app_name = "desk"

urlpatterns = [
    path("revision/<int:pk>/compare/", admin.site.admin_view(admin_views.compare_view), name="compare"),
    path("revision/<int:pk>/comment/", admin.site.admin_view(admin_views.comment_add_view), name="comment_add"),
    path("revision/<int:pk>/assign/", admin.site.admin_view(admin_views.assign_view), name="assign"),
    path("comment/<int:pk>/resolve/", admin.site.admin_view(admin_views.comment_resolve_view), name="comment_resolve"),
    path("article/<int:pk>/confirm/", admin.site.admin_view(admin_views.confirm_current_view), name="confirm_current"),
    path("due/", admin.site.admin_view(admin_views.review_due_view), name="review_due"),
    path("dashboard/", admin.site.admin_view(admin_views.dashboard_view), name="dashboard"),
    # Evidence (issue 17): the retraction queue and its notices, a source's study design.
    path("retractions/", admin.site.admin_view(evidence.retractions_view), name="retractions"),
    path("retraction/<int:pk>/notice/", admin.site.admin_view(evidence.approve_notice_view), name="approve_notice"),
    path(
        "revision/<int:pk>/design/<int:reference_pk>/",
        admin.site.admin_view(evidence.confirm_design_view),
        name="confirm_design",
    ),
]

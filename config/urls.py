from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health
from config.otp import LOGIN_TEMPLATE, AdminLoginForm

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted"
admin.site.index_title = "Articles, revisions and review"
# Password, plus a one-time code for the accounts that need one when VETTED_REQUIRE_OTP is on (config/otp.py).
admin.site.login_form = AdminLoginForm
admin.site.login_template = LOGIN_TEMPLATE

urlpatterns = [
    path("admin/desk/", include("editorial.admin.desk_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("api.urls", "api-v1"))),
    path("ask/", include("ask.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("", include("articles.urls")),
]

if settings.VETTED_BENCH_VIEWS:
    # First, as in the stock project the bench compares it with (bench/stock_urls.py): the yardstick measures
    # the middleware stack, not how far down the address table a path is (issue 19).
    urlpatterns.insert(0, path("bench/trivial/", health.bench_trivial, name="bench-trivial"))

# A database that does not answer is a 503 with Retry-After, not a 500 (config/outage.py).
handler500 = "config.outage.server_error"

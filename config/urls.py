from django.contrib import admin
from django.urls import include, path

from config.otp import LOGIN_TEMPLATE, AdminLoginForm

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted"
admin.site.index_title = "Articles, revisions and review"
# Password, plus a one-time code for the accounts that need one when VETTED_REQUIRE_OTP is on (config/otp.py).
admin.site.login_form = AdminLoginForm
admin.site.login_template = LOGIN_TEMPLATE

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

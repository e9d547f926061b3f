"""Optional second factor (django-otp, TOTP) for the accounts that can publish: on with VETTED_REQUIRE_OTP=1.

Who needs it is a role question answered by ``editorial.permissions.requires_second_factor``. When the
setting is on, those users must give a one-time code at the admin login, and a session without a
verified device (however it was made) is logged out at the admin's door. Editors are unaffected.
Devices are enrolled by a superuser in the admin (OTP_TOTP > TOTP devices), which shows the QR code.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminAuthenticationForm

from config.middleware import is_admin
from editorial.permissions import requires_second_factor

SECOND_FACTOR_REQUIRED_MESSAGE = (
    "Your account can publish, so it needs a one-time code as well as your password. "
    "Sign in again with the code from your authenticator app; if you have none yet, ask a superuser to enrol one."
)
LOGIN_TEMPLATE = "otp/admin111/login.html"  # django-otp's admin login page, with the code field


def second_factor_required(user) -> bool:
    return bool(getattr(settings, "VETTED_REQUIRE_OTP", False)) and requires_second_factor(user)


class AdminLoginForm(OTPAdminAuthenticationForm):
    """The admin login: password for everyone, plus a one-time code for those who need one."""

    def clean(self):
        cleaned = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and second_factor_required(user):
            self.clean_otp(user)
        return cleaned


class SecondFactorMiddleware:
    """Log out, at the admin's door, any session that needs a verified device and has none."""

    EXEMPT = ("admin:login", "admin:logout", "admin:jsi18n")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: public pages must not touch request.user, which would load the session and
        # make SessionMiddleware add "Vary: Cookie" (no shared cache could then store the page).
        if not is_admin(request):  # the admin's address reversed once, not per request (config/middleware.py)
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path not in {reverse(name) for name in self.EXEMPT}
            and user.is_authenticated
            and second_factor_required(user)
            and not user.is_verified()
        ):
            logout(request)
            messages.error(request, SECOND_FACTOR_REQUIRED_MESSAGE)
            return HttpResponseRedirect(f"{reverse('admin:login')}?next={request.path}")
        return self.get_response(request)

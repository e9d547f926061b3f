"""What every request pays for, kept to what it needs (issue 19: Vetted's trivial view served 0.74 of a stock
Django project's; `make bench` compares the two in one run).

Profiled in-process (``bench/run.py``'s yardstick, DEBUG off), Vetted's stack cost a trivial request about
2.8 times a stock project's. The largest parts, and what replaces them here:

- django-csp built the same ``Content-Security-Policy`` string from the settings on every response (twice:
  the policy and the report-only one), through ``dataclasses.asdict`` and ``copy``: about a quarter of the
  request. ``ContentSecurityPolicyMiddleware`` builds it once per settings object and sets the same header.
- the second-factor check (``config.otp``) reversed the admin's address on every request to see whether the
  request was for the admin.
- simple-history's middleware (which puts the request where history rows find their user), django-otp's
  (which wraps ``request.user`` to add ``is_verified``) and django-axes' (which turns a login lockout into its
  page) serve staff: an anonymous reader's GET writes no history, never asks ``is_verified`` and never logs
  in. ``for_staff`` wraps each so that such a request (GET or HEAD, no session cookie, not for the admin)
  goes straight past it; every other request goes through it exactly as before.
"""

from __future__ import annotations

from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.module_loading import import_string

CSP_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once rather than on every response.

    Only for responses that change nothing of the policy (no ``csp_*`` view decorator, no nonce asked for,
    which Vetted never does: it has no inline script or style); any other response goes through django-csp's
    own code. The headers, the exemptions and the excluded prefixes are django-csp's."""

    _built: tuple = (None, None, "", "")

    def _policies(self) -> tuple[str, str]:
        """(policy, report-only policy) for the current settings; rebuilt when a test overrides them."""
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built_config, built_config_ro, policy, policy_ro = self._built
        if config is not built_config or config_ro is not built_config_ro:
            policy, policy_ro = build_policy(), build_policy(report_only=True)
            self._built = (config, config_ro, policy, policy_ro)
        return policy, policy_ro

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, name) for name in CSP_OVERRIDES):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:  # django-csp leaves the debug pages alone
            return response
        policy, policy_ro = self._policies()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, policy_ro, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp does: reading the nonce after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@lru_cache(maxsize=1)
def admin_path_info() -> str:
    """The admin's address within the site (what ``request.path_info`` starts with), reversed once: ``reverse``
    and the script prefix it reads (an asgiref ``Local``) cost more than the rest of a trivial request's check."""
    return "/" + reverse("admin:index")[len(get_script_prefix()) :]


def is_admin(request) -> bool:
    return request.path_info.startswith(admin_path_info())


def is_anonymous_read(request) -> bool:
    """A reader's GET or HEAD: no session (so no signed-in user), no credentials, and not for the admin
    (whose login page is read anonymously, and which every staff check guards). Decided once per request."""
    decided = getattr(request, "_vetted_anonymous_read", None)
    if decided is None:
        decided = request._vetted_anonymous_read = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not is_admin(request)
        )
    return decided


def for_staff(dotted_path: str):
    """A middleware factory: the middleware at ``dotted_path``, skipped for anonymous reads."""
    middleware = import_string(dotted_path)

    def factory(get_response):
        staff = middleware(get_response)

        def serve(request):
            return get_response(request) if is_anonymous_read(request) else staff(request)

        return serve

    factory.__qualname__ = factory.__name__ = f"for_staff({dotted_path})"
    return factory


history_for_staff = for_staff("simple_history.middleware.HistoryRequestMiddleware")
otp_for_staff = for_staff("django_otp.middleware.OTPMiddleware")
axes_for_staff = for_staff("axes.middleware.AxesMiddleware")

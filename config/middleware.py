"""What every request pays for, kept to what it needs (issue 19: Vetted's trivial view is to serve at least 0.95
of a stock Django project's; ``make bench`` and ``bench/stack.py`` compare the two in one run).

``bench/stack.py`` times each middleware's share of a trivial anonymous GET in-process. What this module
replaces, and why:

- django-csp built the same ``Content-Security-Policy`` string from the settings on every response (twice:
  the policy and the report-only one), through ``dataclasses.asdict`` and ``copy``: about a quarter of the
  request. ``ContentSecurityPolicyMiddleware`` builds the headers once per settings object and sets the same
  header; its per-response work is one set test and one header.
- Django's session middleware builds a session object (looking its serializer up by name) for every request,
  though a request without a session cookie has an empty one that only signing in or a look at the user
  reads. ``LazySessionMiddleware`` builds that one on first use.
- Django's messages middleware builds the message storage (a cookie signer, key derivation, a session
  storage) for every request, though only a request that adds or shows a message uses it.
  ``LazyMessageMiddleware`` builds it on first use; a request that never touches it stores nothing either
  way, so nothing else changes.
- django-otp's middleware (which wraps ``request.user`` to add ``is_verified``), the second-factor check
  (``config.otp``), simple-history's (which puts the request where history rows find their user) and
  django-axes' (which turns a login lockout into its page) serve staff: an anonymous reader's GET writes no
  history, never asks ``is_verified``, is not for the admin and never signs in, so is never locked out.
  ``StaffMiddleware`` runs them as one layer (``VETTED_STAFF_MIDDLEWARE``, in that order) that such a request
  (GET or HEAD, no session cookie, no credentials, not for the admin) goes straight past: one test instead of
  four layers. Every other request goes through all four exactly as before. (django-axes' system check looks
  for its middleware in MIDDLEWARE only; ``editorial.checks.axes_middleware_check`` replaces it.)
"""

from __future__ import annotations

from functools import lru_cache, partial

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.exception import convert_exception_to_response
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.module_loading import import_string

# What a view's csp_* decorators set on a response: such a response goes through django-csp's own code.
CSP_OVERRIDES = frozenset(
    ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
)


@lru_cache(maxsize=1)
def csp_headers() -> tuple:
    """(header, value, exemption attribute, excluded prefixes) for each non-empty policy, built from the settings
    once (and again after a test changes them: ``forget_settings_read_once``). Built per request, the missing
    ``CONTENT_SECURITY_POLICY_REPORT_ONLY`` alone cost about 5 us: Django's settings cache only the names
    that exist, so each read of a missing one raises and catches an AttributeError."""
    return tuple(
        (header, value, exempt, tuple((policy or {}).get("EXCLUDE_URL_PREFIXES") or ()))
        for header, value, exempt, policy in (
            (HEADER, build_policy(), "_csp_exempt", getattr(settings, "CONTENT_SECURITY_POLICY", None)),
            (
                HEADER_REPORT_ONLY,
                build_policy(report_only=True),
                "_csp_exempt_ro",
                getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
            ),
        )
        if value
    )


@receiver(setting_changed)
def forget_settings_read_once(*, setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG"):
        csp_headers.cache_clear()
        csp_skips_debug_pages.cache_clear()
    if setting == "SESSION_COOKIE_NAME":
        session_cookie_name.cache_clear()


@lru_cache(maxsize=1)
def csp_skips_debug_pages() -> bool:
    return settings.DEBUG  # django-csp leaves the 404 and 500 debug pages alone


class DirectCall:
    """For a MiddlewareMixin subclass with both ``process_request`` and ``process_response``: its ``__call__``
    without the two ``hasattr`` tests it makes on every request."""

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        self.process_request(request)
        return self.process_response(request, self.get_response(request))


class ContentSecurityPolicyMiddleware(DirectCall, CSPMiddleware):
    """django-csp's middleware, with the headers built once rather than on every response.

    Only for responses that change nothing of the policy (no ``csp_*`` view decorator, no nonce asked for,
    which Vetted never does: it has no inline script or style); any other response goes through django-csp's
    own code. The headers, the exemptions and the excluded prefixes are django-csp's."""

    def __init__(self, get_response):
        super().__init__(get_response)
        # Reading the nonce after the header is written is an error (as in django-csp); the object that raises
        # it holds nothing of the request, so one serves every response.
        self._spent_nonce = CheckableLazyObject(self._csp_nonce_post_response)

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or not CSP_OVERRIDES.isdisjoint(response.__dict__):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and csp_skips_debug_pages():
            return response
        for header, value, exempt, prefixes in csp_headers():
            excluded = prefixes and request.path_info.startswith(prefixes)
            if header not in response and not getattr(response, exempt, False) and not excluded:
                response[header] = value
        request.csp_nonce = self._spent_nonce
        return response


class LazySessionMiddleware(DirectCall, SessionMiddleware):
    """Django's session middleware, with the session of a request that sent no session cookie built on first use.

    Such a session is new and empty; only a request that reads or writes it (signing in, the user's lookup)
    needs the object, which Django builds with its serializer looked up by name. Until then
    ``request.session`` is a lazy object; at the response, a session never built was neither read nor
    written nor had a cookie to delete, so Django would set no cookie and no ``Vary: Cookie`` either. A request
    with a session cookie goes through Django's code unchanged."""

    def process_request(self, request):
        if session_cookie_name() in request.COOKIES:
            return super().process_request(request)
        request.session = SimpleLazyObject(self.SessionStore)

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if type(session) is SimpleLazyObject and session._wrapped is empty:
            return response
        return super().process_response(request, response)


class LazyMessageMiddleware(DirectCall, MessageMiddleware):
    """Django's messages middleware with the storage built on first use (see the module's docstring).

    ``request._messages`` is a lazy object: ``messages.add_message``, ``get_messages`` and the template
    context processor use it as they would the storage, and building it then reads the same cookie and
    session. At the response, a storage never built had nothing added and nothing read, so there is nothing to
    store (Django's ``update`` would do nothing either)."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(partial(default_storage, request))

    def process_response(self, request, response):
        storage = getattr(request, "_messages", None)
        if type(storage) is SimpleLazyObject and storage._wrapped is empty:
            return response
        return super().process_response(request, response)


@lru_cache(maxsize=1)
def admin_path_info() -> str:
    """The admin's address within the site (what ``request.path_info`` starts with), reversed once: ``reverse``
    and the script prefix it reads (an asgiref ``Local``) cost more than the rest of a trivial request's check."""
    return "/" + reverse("admin:index")[len(get_script_prefix()) :]


def is_admin(request) -> bool:
    return request.path_info.startswith(admin_path_info())


@lru_cache(maxsize=1)
def session_cookie_name() -> str:
    return settings.SESSION_COOKIE_NAME  # read once: each read through Django's lazy settings costs about 1 us


def is_anonymous_read(request) -> bool:
    """A reader's GET or HEAD: no session (so no signed-in user), no credentials, and not for the admin
    (whose login page is read anonymously, and which every staff check guards)."""
    return (
        request.method in ("GET", "HEAD")
        and session_cookie_name() not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not is_admin(request)
    )


class StaffMiddleware:
    """The middleware only staff requests need, run as one layer that anonymous reads skip.

    ``middleware`` (by default ``settings.VETTED_STAFF_MIDDLEWARE``) are chained here as Django chains
    MIDDLEWARE, each wrapped so that an exception becomes a response, in the order given. They may only use
    ``__call__`` (no ``process_view``, ``process_exception`` or ``process_template_response``: Django calls
    those only for MIDDLEWARE's own entries); ``tests/config/test_stack19_fast_path.py`` checks it."""

    def __init__(self, get_response, middleware=None):
        self.get_response = get_response
        staff = get_response
        for path in reversed(settings.VETTED_STAFF_MIDDLEWARE if middleware is None else middleware):
            staff = convert_exception_to_response(import_string(path)(staff))
        self.staff = staff

    def __call__(self, request):
        return self.get_response(request) if is_anonymous_read(request) else self.staff(request)

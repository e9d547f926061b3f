"""What anonymous reads skip, and what they keep (issue 19, config/middleware.py)."""

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import ContentSecurityPolicyMiddleware, StaffMiddleware, is_anonymous_read

factory = RequestFactory()


def ok(request):
    return HttpResponse("ok")


CALLS = []


def recording_middleware(get_response):
    """A staff-only middleware stand-in: records each request it sees."""

    def middleware(request):
        CALLS.append(request)
        return get_response(request)

    return middleware


@pytest.mark.parametrize(
    ("request_", "anonymous_read"),
    [
        (factory.get("/articles/gout/"), True),
        (factory.head("/search/?q=gout"), True),
        (factory.post("/articles/gout/report/"), False),  # a write: history and throttling apply
        (factory.get("/admin/login/"), False),  # the admin, even its anonymous login page
        (factory.get("/admin/desk/"), False),
        (factory.get("/articles/gout/", HTTP_COOKIE="sessionid=abc"), False),  # maybe signed in
        (factory.get("/api/v1/articles", HTTP_AUTHORIZATION="Basic eDp5"), False),  # credentials
    ],
)
def test_only_anonymous_reads_outside_the_admin_skip_staff_middleware(request_, anonymous_read):
    assert is_anonymous_read(request_) is anonymous_read
    CALLS.clear()
    staff = StaffMiddleware(ok, middleware=["tests.config.test_middleware.recording_middleware"])
    assert staff(request_).status_code == 200
    assert CALLS == ([request_] if not anonymous_read else [])  # noqa: SIM300


def test_the_policy_built_once_is_django_csps_and_follows_the_settings(settings):
    middleware = ContentSecurityPolicyMiddleware(ok)
    response = middleware(factory.get("/articles/gout/"))
    assert response["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert middleware(factory.get("/")).headers["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    assert "Content-Security-Policy" not in middleware(factory.get("/"))

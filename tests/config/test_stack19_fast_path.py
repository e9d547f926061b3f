"""The readers' path through the middleware (issue 19, config/middleware.py): an anonymous GET skips the staff
layer and the message storage yet carries every security header; a signed-in request, a write and the admin go
through the whole stack."""

import pytest
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import empty
from django.utils.module_loading import import_string
from simple_history.models import HistoricalRecords

from config.middleware import LazyMessageMiddleware, LazySessionMiddleware, StaffMiddleware
from tests.factories import make_article, publish

SEEN = []


def recorder(get_response):
    """Put innermost in the staff layer: records what the layer's own middleware did before it."""

    def middleware(request):
        SEEN.append(
            {
                "history request": getattr(HistoricalRecords.context, "request", None) is request,
                "is_verified": callable(getattr(request.user, "is_verified", None)),
            }
        )
        return get_response(request)

    return middleware


@pytest.fixture
def recorded(settings):
    SEEN.clear()
    settings.VETTED_STAFF_MIDDLEWARE = [
        *settings.VETTED_STAFF_MIDDLEWARE,
        "tests.config.test_stack19_fast_path.recorder",
    ]
    settings.SECURE_HSTS_SECONDS = 3600  # as in production; sent on secure requests
    return SEEN


@pytest.fixture
def article_url(staff):
    return publish(
        make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer
    ).article.get_absolute_url()


def assert_every_security_header(response):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert response["Strict-Transport-Security"] == "max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("method", ["get", "head"])
def test_an_anonymous_read_skips_the_staff_layer_and_keeps_every_header(client, recorded, article_url, method):
    response = getattr(client, method)(article_url, secure=True)
    assert response.status_code == 200
    assert_every_security_header(response)
    assert recorded == []  # no second-factor wrapper, no history context: nothing of it is needed
    assert response.wsgi_request._messages._wrapped is empty  # the message storage was never built
    assert response.wsgi_request.session._wrapped is empty  # nor the session
    assert "sessionid" not in response.cookies and "messages" not in response.cookies


def test_a_signed_in_reader_request_goes_through_the_whole_stack(client, staff, recorded, article_url):
    client.force_login(staff.chief)
    response = client.get(article_url, secure=True)
    assert response.status_code == 200
    assert_every_security_header(response)
    assert recorded == [{"history request": True, "is_verified": True}]


@pytest.mark.parametrize("where", ["admin login", "admin index"])
def test_the_admin_goes_through_the_whole_stack_signed_in_or_not(client, staff, recorded, where):
    if where == "admin index":
        client.force_login(staff.chief)
    response = client.get(reverse({"admin login": "admin:login", "admin index": "admin:index"}[where]), secure=True)
    assert response.status_code == 200
    assert_every_security_header(response)
    assert recorded == [{"history request": True, "is_verified": True}]


def test_an_anonymous_write_goes_through_the_whole_stack(client, recorded, staff):
    response = client.post(reverse("admin:login"), {"username": "chief", "password": "wrong"}, secure=True)
    assert response.status_code == 200  # the form again, with its error
    assert_every_security_header(response)
    assert recorded == [{"history request": True, "is_verified": True}]


def test_a_message_added_by_a_staff_request_is_shown_on_the_next_page(client, staff, settings):
    """The second factor's refusal: django-otp's wrapper, the check, and a message stored and read lazily."""
    settings.VETTED_REQUIRE_OTP = True
    client.force_login(staff.chief)  # no verified device
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert [str(message) for message in response.context["messages"]] == [
        import_string("config.otp.SECOND_FACTOR_REQUIRED_MESSAGE")
    ]


def test_the_lazy_message_storage_stores_what_was_added_and_nothing_otherwise():
    factory = RequestFactory()

    def adds(request):
        messages.info(request, "Saved.")
        return HttpResponse("ok")

    def reads_nothing(request):
        return HttpResponse("ok")

    for view, stored in ((adds, True), (reads_nothing, False)):
        request = factory.get("/")
        request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
        response = LazyMessageMiddleware(view)(request)
        assert ("messages" in response.cookies) is stored


def test_the_staff_layer_holds_only_middleware_django_would_not_call_otherwise():
    """Django calls process_view, process_exception and process_template_response only for MIDDLEWARE's own
    entries, so a middleware in the staff layer must not need them."""
    layer = StaffMiddleware(lambda request: HttpResponse("ok"))
    assert settings.VETTED_STAFF_MIDDLEWARE
    for path in settings.VETTED_STAFF_MIDDLEWARE:
        instance = import_string(path)(lambda request: HttpResponse("ok"))
        for hook in ("process_view", "process_exception", "process_template_response"):
            assert not hasattr(instance, hook), (path, hook)
    assert layer(RequestFactory().post("/")).status_code == 200


def test_the_lockout_middleware_must_stay_in_the_stack(settings):
    """django-axes' own check (silenced: it reads MIDDLEWARE only) is replaced by one that reads both lists."""
    from django.core import checks

    def security_warnings():
        return [message.id for message in checks.run_checks(tags=[checks.Tags.security]) if not message.is_silenced()]

    assert security_warnings() == []
    settings.VETTED_STAFF_MIDDLEWARE = [
        path for path in settings.VETTED_STAFF_MIDDLEWARE if path != "axes.middleware.AxesMiddleware"
    ]
    assert security_warnings() == ["vetted.W002"]


@pytest.mark.parametrize(
    ("uses", "vary_cookie", "cookie_set"),
    [("nothing", False, False), ("reads", True, False), ("writes", True, True)],
)
def test_the_lazy_session_answers_as_djangos_would(db, uses, vary_cookie, cookie_set):
    """A request without a session cookie: untouched, its session is never built and the response is Django's
    untouched one; read or written, it is Django's session with Django's Vary and cookie."""

    def view(request):
        if uses == "reads":
            request.session.get("anything")
        if uses == "writes":
            request.session["seen"] = True
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    response = LazySessionMiddleware(view)(request)
    assert (request.session._wrapped is not empty) is (uses != "nothing")
    assert ("Cookie" in response.get("Vary", "")) is vary_cookie
    assert (settings.SESSION_COOKIE_NAME in response.cookies) is cookie_set


def test_a_request_with_a_session_cookie_gets_djangos_session_at_once(client, staff):
    client.force_login(staff.chief)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert type(response.wsgi_request.session).__module__ == "django.contrib.sessions.backends.db"

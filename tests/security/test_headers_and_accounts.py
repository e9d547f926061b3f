"""Security headers, the production switches, login throttling, password strength and staff sessions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, make_article, publish

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789-abcdefghijkl",
    "DJANGO_ALLOWED_HOSTS": "vetted.example",
    "VETTED_SITE_URL": "https://vetted.example",
}


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    full_env |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def article_url(staff):
    return publish(
        make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer
    ).article.get_absolute_url()


@pytest.mark.parametrize("where", ["public", "admin login", "admin index"])
def test_pages_carry_a_strict_csp_and_the_security_headers(client, staff, article_url, where):
    if where == "admin index":
        client.force_login(staff.chief)
    url = {"public": article_url, "admin login": reverse("admin:login"), "admin index": reverse("admin:index")}[where]
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_deploy_check_is_clean_in_production():
    result = run_django(
        "from django.core.management import call_command; call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_hsts_and_secure_cookies():
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    code = (
        f"from django.conf import settings as s; print(__import__('json').dumps({{n: getattr(s, n) for n in {names}}}))"
    )
    values = json.loads(run_django(code, **PRODUCTION_ENV).stdout)
    assert values == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    local = json.loads(run_django(code).stdout)
    assert local["SECURE_HSTS_SECONDS"] == 0 and local["SESSION_COOKIE_SECURE"] is False


def login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def test_admin_login_works_with_the_throttle_in_place(client, staff):
    response = login(client, "reviewer", PASSWORD)
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "reviewer", "wrong-password-guess")
        assert response.status_code in (200, 429)
    response = login(client, "reviewer", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    # Every failure is audited, with the username and address, and so is the refused attempt while locked.
    failures = AccessFailureLog.objects.filter(username="reviewer")
    assert failures.filter(locked_out=False).count() == settings.AXES_FAILURE_LIMIT - 1
    assert failures.filter(locked_out=True).count() == 2  # the attempt that reached the limit, and the next
    assert {f.ip_address for f in failures} == {"127.0.0.1"}
    assert AccessAttempt.objects.filter(username="reviewer").exists()


def test_a_success_before_the_limit_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "author", "wrong-password-guess")
    assert login(client, "author", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "author", "wrong-password-guess")
    assert login(client, "author", PASSWORD).status_code == 302


@pytest.mark.parametrize("weak", ["short-pw", "password1234", "123456789012", "author-vetted"])
def test_weak_passwords_are_refused(staff, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=staff.author)


def test_a_long_uncommon_password_is_accepted(staff):
    validate_password("tide-marble-orchard-47", user=staff.author)


def test_staff_sessions_end_after_a_working_day_and_when_the_browser_closes(client, staff):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = login(client, "chief", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 60 * 60

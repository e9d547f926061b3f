import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from editorial.integrity import find_violations
from editorial.rules import Role
from tests.factories import clear_caches, make_user
from tests.migration_data import restore_migration_data

# Property tests: no wall-clock deadline (the machines are shared and noisy; speed belongs to `make bench`),
# and derandomized in CI so a run is reproducible; locally they explore new examples every run.
hypothesis_settings.register_profile(
    "vetted", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=bool(os.environ.get("CI"))
)
hypothesis_settings.load_profile("vetted")


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, and fail loudly if CI asked for PostgreSQL but got SQLite."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if on_postgres:
        return
    if os.environ.get("VETTED_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError("VETTED_REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL.")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); runs in CI"))


@pytest.fixture
def staff(db, request):
    """The named staff: one user per role, plus a second of each kind that matters.

    Every test that builds a story through the services with these people ends with the integrity check
    (``manage.py check_integrity``'s), so the services and the checker can never disagree unnoticed.
    Tests that corrupt data on purpose carry ``@pytest.mark.corrupts_data``.
    """
    restore_migration_data()
    yield SimpleNamespace(
        author=make_user("author", Role.EDITOR),
        second_editor=make_user("second_editor", Role.EDITOR),
        reviewer=make_user("reviewer", Role.BOARD, first_name="Ada", last_name="Reviewer"),
        second_reviewer=make_user("second_reviewer", Role.BOARD),
        chief=make_user("chief", Role.EDITOR_IN_CHIEF),
        superuser=make_user("root", superuser=True),
    )
    if request.node.get_closest_marker("corrupts_data") is None and connection.needs_rollback is False:
        assert [str(violation) for violation in find_violations()] == []


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is deliberately slow; the tests create many users and need none of its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _cold_caches():
    """Cached pages and tokens outlive a test's database: every test starts and ends with none."""
    clear_caches()
    yield
    clear_caches()


CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium's many calls home are refused by these machines' closed
# network; without the sandbox it runs as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright: the suite's one launch, shared by a module's browser tests.

    Missing in CI is a failure (``.ci/run`` installs it); on a developer's machine without it, a skip.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"needs Debian's {CHROMIUM} (.ci/run installs it)")
    from playwright.sync_api import sync_playwright  # only browser tests pay for importing Playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    return chromium

"""System checks for the editorial workflow's settings (``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

SITE_URL_MISSING = checks.Warning(
    "VETTED_SITE_URL is not set, so links in workflow emails have no address to start with.",
    hint="Set VETTED_SITE_URL to the address staff reach this site at, such as https://vetted.example.org.",
    id="vetted.W001",
)


def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Emails link to revisions under VETTED_SITE_URL; in production it must be the site's real address."""
    return [] if settings.VETTED_SITE_URL else [SITE_URL_MISSING]


AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"
AXES_MIDDLEWARE_MISSING = checks.Warning(
    f"{AXES_MIDDLEWARE} is in neither MIDDLEWARE nor VETTED_STAFF_MIDDLEWARE, so a login lockout is not answered "
    "with the lockout page.",
    id="vetted.W002",
)


def axes_middleware_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """django-axes' check (axes.W002, silenced in the settings) with the staff layer (config/middleware.py)."""
    staff = getattr(settings, "VETTED_STAFF_MIDDLEWARE", [])
    return [] if AXES_MIDDLEWARE in [*settings.MIDDLEWARE, *staff] else [AXES_MIDDLEWARE_MISSING]

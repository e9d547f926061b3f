"""Authentication backends: the login throttle in front of Django's ModelBackend."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, applied to every authentication that comes with a request.

    Axes refuses ``authenticate()`` calls without a request; those come from code (the shell, the test
    client's ``login()``), never from a login form, so they are left to the next backend rather than
    turned into errors. Every web login (the admin's form passes the request) is throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

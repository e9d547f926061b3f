"""HTTP as the soak's readers and staff speak it: plain GETs, and a logged-in staff member's browser."""

from __future__ import annotations

import http.client
import time
from urllib.parse import urlencode

from soak.seeding import PASSWORD
from tests.security.htmlforms import scrape_form


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def read_page(port: int, path: str, timeout: float = 30) -> tuple[int, bool]:
    """A reader's GET: the status, and whether it was a stale copy served while the database was down."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Vetted-Stale") is not None
    finally:
        connection.close()


class StaffBrowser:
    """A logged-in staff member's browser: cookies, CSRF tokens from the forms, no redirect following."""

    def __init__(self, port: int, username: str):
        self.port, self.username, self.cookies = port, username, {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers.get("Location", ""), response.read().decode(errors="replace")
        finally:
            connection.close()

    def log_in(self, patience: float = 90) -> None:
        """Log in through the admin form, retrying while the server fails (a fault may be under way)."""
        deadline = time.monotonic() + patience
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                status, _, page = self.request("GET", "/admin/login/")
                last = f"GET /admin/login/ answered {status}"
                if status == 200:
                    form = scrape_form(page) | {
                        "username": [self.username],
                        "password": [PASSWORD],
                        "next": ["/admin/"],
                    }
                    status, location, page = self.request("POST", "/admin/login/", form)
                    if status == 302:
                        return
                    last = f"POST /admin/login/ answered {status}: {page[:300]!r}"
            except OSError as error:
                last = f"{type(error).__name__}: {error}"
            time.sleep(0.5)
        raise RuntimeError(f"{self.username} could not log in; last: {last}")

"""`make bench` serves a stock Django project (bench/stock_settings.py) through config.wsgi, to compare trivial
views (issue 19). Its worker must boot: the WSGI module may start nothing of Vetted's apps it lacks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_stock_project_boots_and_serves_its_trivial_view_through_config_wsgi():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.stock_settings", "DJANGO_SECRET_KEY": "yardstick"}
    code = (
        "from django.test import Client; import config.wsgi; "
        "print(Client().get('/bench/trivial/', HTTP_HOST='127.0.0.1').status_code)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200"

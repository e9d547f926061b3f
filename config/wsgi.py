import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The question box (issue 15): each worker imports this module as it starts (gunicorn without --preload), and
# builds the box's passage index in the background from here, so its first reader's question does not wait
# for the whole corpus to be tokenised. Only where the box is installed: `make bench` serves a stock Django
# project's settings through this same module, to compare trivial views.
from django.apps import apps  # noqa: E402

if apps.is_installed("ask"):
    from ask.retrieval import warm_in_background

    warm_in_background()

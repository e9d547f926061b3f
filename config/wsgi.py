import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The question box (issue 15): each worker imports this module as it starts (gunicorn without --preload), and
# builds the box's passage index in the background from here, so its first reader's question does not wait
# for the whole corpus to be tokenised.
from ask.retrieval import warm_in_background  # noqa: E402

warm_in_background()

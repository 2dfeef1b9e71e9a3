import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.settings")

application = get_wsgi_application()

# Only a web process imports this module (gunicorn, runserver), not manage.py commands or
# the tests: the city index is built there, in the background, before the first request.
from wegwijzer.funding.distance import warm_up_in_background  # noqa: E402

warm_up_in_background()

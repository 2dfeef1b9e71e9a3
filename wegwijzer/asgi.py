import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.settings")

application = get_asgi_application()

# Only a web process imports this module, not manage.py commands or the tests: the city
# index is built there, in the background, before the first request (see wsgi.py).
from wegwijzer.funding.distance import warm_up_in_background  # noqa: E402

warm_up_in_background()

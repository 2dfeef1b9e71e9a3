"""SCHOOL_CITY, checked by `manage.py check --deploy`.

Not in every check: resolving a city reads the GeoNames data (about a second), which
every migrate or runserver would pay. The web process also checks it, in the background, as
it starts (distance.warm_up_in_background) and logs an error when it is wrong.
"""

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError

from wegwijzer.funding.distance import find_city


@checks.register("settings", deploy=True)
def school_city_is_known(**kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.SCHOOL_CITY:
        return []
    try:
        find_city(settings.SCHOOL_CITY)
    except ValidationError as error:
        return [
            checks.Error(
                f"SCHOOL_CITY is not a city Wegwijzer knows: {error.messages[0]}",
                hint='Write it as "Name, country code", e.g. "Utrecht, NL".',
                id="wegwijzer.funding.E001",
            )
        ]
    return []

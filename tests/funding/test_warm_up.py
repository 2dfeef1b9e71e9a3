"""The city index is built in the background as the web process starts (wsgi.py, asgi.py)."""

import threading

import pytest

from wegwijzer.funding import distance

pytestmark = pytest.mark.usefixtures("english_messages")


def test_warm_up_builds_the_index_in_a_thread_of_its_own():
    distance._built_index.cache_clear()

    distance.warm_up_in_background()
    [thread] = [thread for thread in threading.enumerate() if thread.name == "city-index"]
    thread.join(timeout=60)

    assert distance._built_index.cache_info().currsize == 1


def test_warm_up_logs_a_school_city_it_does_not_know(settings, caplog):
    settings.SCHOOL_CITY = "Nergenshuizen, NL"

    distance._warm_up()

    assert "SCHOOL_CITY is not a city Wegwijzer knows: No city called “Nergenshuizen, NL”" in (
        caplog.text
    )


def test_warm_up_is_quiet_about_a_known_school_city(settings, caplog):
    settings.SCHOOL_CITY = "Utrecht, NL"

    distance._warm_up()

    assert "SCHOOL_CITY" not in caplog.text

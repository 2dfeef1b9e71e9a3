"""The language a user chooses is kept on their account, for their messages."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.test import RequestFactory
from django.urls import reverse

from wegwijzer.accounts.models import User


def test_the_language_switch_keeps_the_choice_on_the_account(client, coordinator):
    client.force_login(coordinator)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    coordinator.refresh_from_db()
    assert coordinator.language == "en"


def test_an_unknown_language_is_not_kept(client, coordinator):
    client.force_login(coordinator)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert User.objects.get(pk=coordinator.pk).language == "nl"


def test_a_language_chosen_on_the_login_page_is_kept_at_login(coordinator):
    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"

    user_logged_in.send(sender=User, request=request, user=coordinator)

    assert User.objects.get(pk=coordinator.pk).language == "en"


def test_browsing_in_english_writes_nothing_to_the_account(english, coordinator):
    english.force_login(coordinator)

    english.get(reverse("home"))

    assert User.objects.get(pk=coordinator.pk).language == "nl"

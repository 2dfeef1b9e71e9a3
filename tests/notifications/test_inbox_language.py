"""A notification keeps the language it was written in, and the page says which."""

import pytest
from django.urls import reverse

from wegwijzer.notifications import services
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_dutch_notification_read_on_an_english_page_is_marked_dutch(english, supervisor):
    services.notify(Kind.TO_CHECK, [supervisor], values={"student": "Sanne", "item": "Paspoort"})
    english.force_login(supervisor)

    page = english.get(reverse("notifications:inbox")).content.decode()

    assert Notification.objects.get().language == "nl"
    assert '<span lang="nl">Nakijken: Paspoort van Sanne</span>' in page
    assert '<p class="notification__body" lang="nl">' in page
